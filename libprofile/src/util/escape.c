/*
 * util/escape.c - name writers for Markdown and plain text (see escape.h).
 *
 * They share one loop shape: walk the bytes, take each well-formed
 * UTF-8 sequence as is, and hand the single bytes (ASCII, control, invalid)
 * to a per-format rule.
 */
#include <string.h>

#include "profkit/escape.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

size_t pk_utf8_sequence(const unsigned char *s, size_t len) {
  if (len == 0) return 0;
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F; /* no surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (len < n) return 0;
  if (s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < n; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  return n;
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

static int is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

/* Walks s, writing multibyte characters directly and passing every single
 * byte (valid ASCII or not) to `byte` with valid set accordingly. */
static void walk(FILE *out, const char *s, size_t len,
                 void (*byte)(FILE *out, unsigned char c, int valid)) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    size_t n = pk_utf8_sequence(u + i, len - i);
    if (n > 1) {
      fwrite(u + i, 1, n, out);
      i += n;
    } else {
      byte(out, u[i], n == 1);
      i++;
    }
  }
}

static void markdown_byte(FILE *out, unsigned char c, int valid) {
  if (!valid || is_control(c)) fputs(replacement, out);
  else if (strchr("\\`*_{}[]()#+-.!|<>~&\"'=:$%^@", c) && c) {
    fputc('\\', out);
    fputc(c, out);
  } else {
    fputc(c, out);
  }
}

void pk_write_markdown_text(FILE *out, const char *s, size_t len) { walk(out, s, len, markdown_byte); }

static void plain_byte(FILE *out, unsigned char c, int valid) {
  if (!valid || is_control(c)) fputs(replacement, out);
  else fputc(c, out);
}

void pk_write_plain_text(FILE *out, const char *s, size_t len) { walk(out, s, len, plain_byte); }

size_t pk_utf8_sanitize(char *out, size_t cap, const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, o = 0;
  while (i < len) {
    size_t n = pk_utf8_sequence(u + i, len - i);
    const char *piece = (const char *)u + i;
    size_t piece_len = n;
    if (n == 0 || (n == 1 && is_control(u[i]))) {
      piece = replacement;
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
