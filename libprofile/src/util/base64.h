/*
 * util/base64.h - the base64 alphabet (RFC 4648, not URL-safe): digit
 * values for the VLQ decoder of source maps and whole-buffer decoding for
 * data: URLs (private).
 */
#ifndef PK_UTIL_BASE64_H
#define PK_UTIL_BASE64_H

#include <stddef.h>

extern const signed char pk_base64_values[256];

/* The 6-bit value of base64 digit c, or -1 when c is not one ('=' is not). */
static inline int pk_base64_digit(unsigned char c) { return pk_base64_values[c]; }
/* The digit for value v (0..63). */
char pk_base64_char(unsigned v);
/* Decodes len bytes of base64 text (padding optional, no whitespace) into
 * out (capacity at least len / 4 * 3 + 3); returns the byte count, or -1
 * with *bad set to the offset of the first byte that is not base64. */
long pk_base64_decode(const char *text, size_t len, unsigned char *out, size_t *bad);

#endif
