/*
 * util/json_escape.c - JSON string escaping with UTF-8 validation.
 *
 * Runs of bytes that need no escaping are written with one fwrite; the
 * UTF-8 check is pk_utf8_sequence (RFC 3629: no overlongs, no surrogates,
 * <= U+10FFFF).
 */
#include "util/json_escape.h"
#include "profkit/escape.h"

void pk_json_write_string(FILE *out, const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  fputc('"', out);
  size_t run = 0, i = 0;
  while (i < len) {
    unsigned char c = s[i];
    size_t n = c >= 0x20 && c != '"' && c != '\\' ? pk_utf8_sequence(s + i, len - i) : 0;
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
