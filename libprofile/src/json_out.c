/*
 * json_out.c - JSON string escaping with UTF-8 validation.
 *
 * Runs of bytes that need no escaping are written with one fwrite; the
 * UTF-8 check follows RFC 3629 (no overlongs, no surrogates, <= U+10FFFF).
 */
#include "json_out.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (n < len || s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < len; i++)
    if (s[i] < 0x80 || s[i] > 0xBF) return 0;
  return len;
}

void pk_json_write_string(FILE *out, const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  fputc('"', out);
  size_t run = 0, i = 0;
  while (i < len) {
    unsigned char c = s[i];
    size_t n = c >= 0x20 && c != '"' && c != '\\' ? utf8_len(s + i, len - i) : 0;
    if (n > 0) {
      i += n;
      continue;
    }
    fwrite(s + run, 1, i - run, out);
    if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else if (c == '\n') fputs("\\n", out);
    else if (c == '\t') fputs("\\t", out);
    else if (c < 0x20) fprintf(out, "\\u%04x", c);
    else fputs("\\ufffd", out);
    i++;
    run = i;
  }
  fwrite(s + run, 1, len - run, out);
  fputc('"', out);
}
