/*
 * util/utf8.h - the one UTF-8 module: strict decoding, encoding, repair.
 *
 * Names come from profiles and snapshots as bytes and may be anything.
 * Every writer (JSON, text, Markdown, SVG, PNG labels) decides what is a
 * character with pk_utf8_decode (public in profkit/escape.h) and replaces
 * what is not with U+FFFD, so what they write is always valid UTF-8.
 * Strict means RFC 3629: no overlong forms, no surrogates (the bytes
 * ED A0 80..ED BF BF, which CESU-8 and lone "\ud800" escapes produce),
 * nothing above U+10FFFF.  pk_utf8_sequence is the length-only form;
 * pk_utf8_sanitize copies a name into a buffer repaired.
 */
#ifndef PK_UTIL_UTF8_H
#define PK_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "profkit/escape.h"

#define PK_UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD, what replaces a byte that is not UTF-8 */

/* The code point of the UTF-16 pair (hi, lo), or 0 if hi is not a high
 * surrogate or lo not a low one. */
static inline uint32_t pk_utf16_pair(uint32_t hi, uint32_t lo) {
  if (hi < 0xD800 || hi > 0xDBFF || lo < 0xDC00 || lo > 0xDFFF) return 0;
  return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
}

/* A UTF-16 unit as a code point to encode: a lone surrogate becomes U+FFFD. */
static inline uint32_t pk_utf16_unit(uint32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp; }

/* C0 controls and DEL: shown as U+FFFD in text (JSON escapes them). */
static inline int pk_utf8_is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

#endif
