/*
 * util/utf8.c - see util/utf8.h.  One decoder; the length-only check and
 * the repairing copy are written on top of it, so every writer agrees on
 * what is UTF-8.
 */
#include <string.h>

#include "util/utf8.h"

size_t pk_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  if (n == 0) return 0;
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
  if ((need == 3 && v < 0x800) || (need == 4 && (v < 0x10000 || v > 0x10FFFF)) || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return need;
}

size_t pk_utf8_sequence(const unsigned char *s, size_t len) {
  if (len > 0 && s[0] < 0x80) return 1;
  uint32_t cp;
  return pk_utf8_decode(s, len, &cp);
}

size_t pk_utf8_encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

size_t pk_utf8_sanitize(char *out, size_t cap, const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, o = 0;
  while (i < len) {
    size_t n = pk_utf8_sequence(u + i, len - i);
    const char *piece = (const char *)u + i;
    size_t piece_len = n;
    if (n == 0 || (n == 1 && pk_utf8_is_control(u[i]))) {
      piece = PK_UTF8_REPLACEMENT;
      piece_len = 3;
      n = 1;
    }
    if (o + piece_len + 1 > cap) break;
    memcpy(out + o, piece, piece_len);
    o += piece_len;
    i += n;
  }
  out[o] = '\0';
  return o;
}
