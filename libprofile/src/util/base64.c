/*
 * util/base64.c - base64 digits and decoding (see base64.h).
 *
 * A digit's value comes from its range of the alphabet; decoding shifts
 * six bits in per digit and emits a byte per eight, stopping at the first
 * '=' (at most two may end the text; anything after them is an error).
 */
#include "util/base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int pk_base64_digit(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

char pk_base64_char(unsigned v) { return alphabet[v & 63]; }

long pk_base64_decode(const char *text, size_t len, unsigned char *out, size_t *bad) {
  unsigned long acc = 0;
  int bits = 0;
  size_t n = 0, i = 0;
  for (; i < len && text[i] != '='; i++) {
    int d = pk_base64_digit((unsigned char)text[i]);
    if (d < 0) {
      *bad = i;
      return -1;
    }
    acc = (acc << 6 | (unsigned)d) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (unsigned char)(acc >> bits);
    }
  }
  for (size_t pad = 0; i < len; i++, pad++)
    if (text[i] != '=' || pad >= 2) {
      *bad = i;
      return -1;
    }
  return (long)n;
}
