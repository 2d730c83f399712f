/*
 * util/error_va.h - pk_error_set for functions that take their own "..."
 * (internal).
 *
 * A reader's failure helper (jfr_fail, heap_scan_error, the JSON
 * tokenizer's) adds its cursor's path and position to a message formatted
 * from the caller's arguments; this fills the record from a va_list, so
 * each helper is one line around it.
 */
#ifndef PK_UTIL_ERROR_VA_H
#define PK_UTIL_ERROR_VA_H

#include <stdarg.h>

#include "profkit/error.h"

/* As pk_error_set, with the arguments of fmt in ap; returns code. */
int pk_error_setv(pk_error *err, int code, const char *path, uint64_t line, uint64_t offset, const char *fmt,
                  va_list ap);

#endif
