/*
 * util/escape.c - name writers for Markdown and plain text (see escape.h).
 *
 * They share one loop shape: walk the bytes, take each well-formed
 * UTF-8 sequence as is, and hand the single bytes (ASCII, control, invalid)
 * to a per-format rule.
 */
#include <string.h>

#include "profkit/escape.h"
#include "util/utf8.h"

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
  if (!valid || pk_utf8_is_control(c)) fputs(PK_UTF8_REPLACEMENT, out);
  else if (strchr("\\`*_{}[]()#+-.!|<>~&\"'=:$%^@", c) && c) {
    fputc('\\', out);
    fputc(c, out);
  } else {
    fputc(c, out);
  }
}

void pk_write_markdown_text(FILE *out, const char *s, size_t len) { walk(out, s, len, markdown_byte); }

static void plain_byte(FILE *out, unsigned char c, int valid) {
  if (!valid || pk_utf8_is_control(c)) fputs(PK_UTF8_REPLACEMENT, out);
  else fputc(c, out);
}

void pk_write_plain_text(FILE *out, const char *s, size_t len) { walk(out, s, len, plain_byte); }
