/*
 * util/json_escape.h - writing JSON strings safely (private).
 *
 * Names from profiles are arbitrary bytes.  pk_json_write_string emits a
 * quoted JSON string: quotes, backslashes and control characters escaped,
 * valid UTF-8 passed through, and each byte of invalid UTF-8 replaced by
 * U+FFFD, so the output is always valid JSON.
 */
#ifndef PROFKIT_JSON_OUT_H
#define PROFKIT_JSON_OUT_H

#include <stddef.h>
#include <stdio.h>

void pk_json_write_string(FILE *out, const char *s, size_t len);

#endif
