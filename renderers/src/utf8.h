/*
 * utf8.h - strict UTF-8 decoding of one sequence, shared by the renderers.
 *
 * Names come from profiles as bytes; the palette hashes their code points
 * and the SVG writer must never pass on a byte sequence that is not UTF-8.
 * Strict means: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
#ifndef PK_RENDER_UTF8_H
#define PK_RENDER_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid sequence at s[0..n) (n >= 1) with *cp its code point,
 * or 0 if s does not start with one. */
static inline size_t pk_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned char c = s[0];
  size_t need;
  uint32_t v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    need = 2, v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3, v = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4, v = c & 0x07;
  } else {
    return 0;
  }
  if (n < need) return 0;
  for (size_t i = 1; i < need; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if ((need == 3 && v < 0x800) || (need == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
      (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return need;
}

#endif
