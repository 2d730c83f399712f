/*
 * html_json.c - script-safe JSON strings and numbers (see html_json.h).
 *
 * Plain runs are copied with one xo_raw; only the bytes that need it are
 * rewritten, and UTF-8 validity is pk_utf8_sequence's (RFC 3629).
 */
#include "html_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "profkit/escape.h"

static void escape_unit(xml_out *o, unsigned cp) {
  static const char hex[] = "0123456789abcdef";
  char u[6] = {'\\', 'u', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15], hex[cp & 15]};
  xo_raw(o, u, sizeof u);
}

void hj_string(xml_out *o, const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  xo_raw(o, "\"", 1);
  size_t run = 0, i = 0;
  while (i < len) {
    unsigned char c = s[i];
    bool special = c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&';
    size_t n = special ? 0 : pk_utf8_sequence(s + i, len - i);
    /* U+2028 and U+2029 are E2 80 A8 / E2 80 A9 */
    bool separator = n == 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9);
    if (n > 0 && !separator) {
      i += n;
      continue;
    }
    xo_raw(o, str + run, i - run);
    if (separator) {
      escape_unit(o, s[i + 2] == 0xA8 ? 0x2028 : 0x2029);
      i += 3;
    } else {
      if (c == '"' || c == '\\') {
        char e[2] = {'\\', (char)c};
        xo_raw(o, e, 2);
      } else if (special) {
        escape_unit(o, c);
      } else {
        escape_unit(o, 0xFFFD);
      }
      i++;
    }
    run = i;
  }
  xo_raw(o, str + run, len - run);
  xo_raw(o, "\"", 1);
}

void hj_cstr(xml_out *o, const char *s) {
  if (s) hj_string(o, s, strlen(s));
  else xo_lit(o, "null");
}

void hj_key(xml_out *o, const char *key) {
  xo_raw(o, "\"", 1);
  xo_lit(o, key);
  xo_raw(o, "\":", 2);
}

void hj_double(xml_out *o, double v) {
  if (!isfinite(v)) {
    xo_lit(o, "null");
    return;
  }
  if (v == floor(v) && fabs(v) < 1e15) {
    xo_int(o, (int64_t)v);
    return;
  }
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%.4g", v);
  if (n > 0 && (size_t)n < sizeof buf) xo_raw(o, buf, (size_t)n);
  else xo_lit(o, "null");
}
