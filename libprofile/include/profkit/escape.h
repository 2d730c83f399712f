/*
 * escape.h - writing profile names into text formats safely.
 *
 * Frame names come from the input and may hold anything: quotes, markup,
 * control characters, NUL bytes, invalid UTF-8.  Every name that reaches a
 * report goes through one of these writers (JSON strings: the private
 * util/json_escape.h).  Invalid UTF-8 bytes and control characters become U+FFFD,
 * so the output is always valid UTF-8 and a terminal never sees an escape
 * sequence from a profile.
 */
#ifndef PROFKIT_ESCAPE_H
#define PROFKIT_ESCAPE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

/* Length (1..4) of the well-formed UTF-8 sequence at s[0..len), 0 if the
 * bytes there are not one.  Well-formed is RFC 3629's strict form: no
 * overlongs, no surrogates (ED A0 80 is not UTF-8), nothing past U+10FFFF. */
size_t pk_utf8_sequence(const unsigned char *s, size_t len);
/* The same, with the code point in *cp when the sequence is well-formed. */
size_t pk_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Writes code point cp (at most U+10FFFF, not a surrogate) as UTF-8 into
 * out[0..4); returns the number of bytes. */
size_t pk_utf8_encode(uint32_t cp, char *out);

/* Markdown inline text: ASCII punctuation backslash-escaped, so no markup,
 * link, HTML tag or table cell break can come from a name. */
void pk_write_markdown_text(FILE *out, const char *s, size_t len);
/* Plain text for a terminal: as is, but control characters and invalid
 * UTF-8 replaced. */
void pk_write_plain_text(FILE *out, const char *s, size_t len);

/* Copies s into out (capacity cap >= 4) as valid UTF-8 without control
 * characters, NUL-terminated; stops early rather than split a character.
 * Returns the bytes written (without the NUL). */
size_t pk_utf8_sanitize(char *out, size_t cap, const char *s, size_t len);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
