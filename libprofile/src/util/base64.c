/*
 * util/base64.c - base64 digits and decoding (see base64.h).
 *
 * A digit's value is one load from a 256-entry table; decoding shifts
 * six bits in per digit and emits a byte per eight, stopping at the first
 * '=' (at most two may end the text; anything after them is an error).
 */
#include "util/base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Every byte's digit value, -1 for all but the 64 digits (the VLQ
 * decoder's hot loop reads this; generated from the alphabet above). */
const signed char pk_base64_values[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
    -1,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
    -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

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
