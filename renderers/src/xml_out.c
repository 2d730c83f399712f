/*
 * xml_out.c - buffered XML text output: escaping, sanitising, numbers.
 *
 * The escaper walks the input one character at a time only where it must:
 * runs of printable ASCII that need no entity are found first and copied in
 * one piece.  Every other byte is decoded as strict UTF-8 and either copied,
 * replaced by an entity, or replaced by U+FFFD (see xml_out.h).  The same
 * decoding step counts characters for labels and for the script's name
 * lengths, so the three always agree.
 */
#include "xml_out.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "profkit/escape.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

void xo_init(xml_out *o, FILE *file) {
  o->file = file;
  o->mem = NULL;
  o->mem_len = o->mem_cap = 0;
  o->used = 0;
  o->failed = 0;
}

void xo_init_memory(xml_out *o) { xo_init(o, NULL); }

/* n bytes to the sink, unless a write already failed. */
static void sink(xml_out *o, const char *s, size_t n) {
  if (o->failed || n == 0) return;
  if (o->file) {
    if (fwrite(s, 1, n, o->file) != n) o->failed = 1;
    return;
  }
  if (n > o->mem_cap - o->mem_len) {
    size_t cap = o->mem_cap ? o->mem_cap : (size_t)1 << 20;
    while (cap - o->mem_len < n) {
      if (cap > SIZE_MAX / 2) {
        o->failed = 1;
        return;
      }
      cap *= 2;
    }
    char *grown = realloc(o->mem, cap);
    if (!grown) {
      o->failed = 1;
      return;
    }
    o->mem = grown;
    o->mem_cap = cap;
  }
  memcpy(o->mem + o->mem_len, s, n);
  o->mem_len += n;
}

static void flush(xml_out *o) {
  sink(o, o->buf, o->used);
  o->used = 0;
}

int xo_finish(xml_out *o) {
  flush(o);
  if (o->file && !o->failed && fflush(o->file) != 0) o->failed = 1;
  if (o->file && ferror(o->file)) o->failed = 1;
  return o->failed ? -1 : 0;
}

/* xo_raw when s does not fit in what is left of the buffer. */
void xo_raw_flushing(xml_out *o, const char *s, size_t n) {
  flush(o);
  if (n > sizeof o->buf) {
    sink(o, s, n);
    return;
  }
  memcpy(o->buf + o->used, s, n);
  o->used += n;
}

/* Plain: printable ASCII that needs no entity. */
static int plain(unsigned char c) {
  return c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
}

/* Length of the plain run at s[0..n), eight bytes at a time: a word is
 * plain when no byte is below 0x20, none has its top bit set, and none
 * equals 0x7F or one of the five markup characters (each test is exact for
 * the word as a whole; the byte loop then finds where the run ends). */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static uint64_t has_zero_byte(uint64_t x) { return (x - ONES) & ~x & HIGHS; }
static uint64_t has_byte(uint64_t x, unsigned char c) { return has_zero_byte(x ^ (ONES * c)); }

static size_t plain_run(const unsigned char *u, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    memcpy(&x, u + i, 8);
    uint64_t bad = (x & HIGHS) | ((x - ONES * 0x20) & ~x & HIGHS) | has_byte(x, 0x7F) | has_byte(x, '&') |
                   has_byte(x, '<') | has_byte(x, '>') | has_byte(x, '"') | has_byte(x, '\'');
    if (bad) break;
  }
  while (i < n && plain(u[i])) i++;
  return i;
}

/*
 * One character at s[0..n) (not plain): its byte length, and in *out and *out_len
 * what to write for it.  *utf16 gets its UTF-16 length.
 */
static size_t special(const unsigned char *s, size_t n, const char **out, size_t *out_len,
                      size_t *utf16) {
  uint32_t cp;
  size_t k = pk_utf8_decode(s, n, &cp);
  *utf16 = 1;
  switch (k ? cp : 0xFFFD) {
  case '&': *out = "&amp;"; break;
  case '<': *out = "&lt;"; break;
  case '>': *out = "&gt;"; break;
  case '"': *out = "&quot;"; break;
  case '\'': *out = "&#39;"; break;
  case '\t': *out = "&#9;"; break;
  case '\n': *out = "&#10;"; break;
  case '\r': *out = "&#13;"; break;
  default:
    if (k == 0 || cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
      *out = replacement;
      *out_len = 3;
      return k ? k : 1;
    }
    *out = (const char *)s;
    *out_len = k;
    if (cp >= 0x10000) *utf16 = 2;
    return k;
  }
  *out_len = strlen(*out);
  return k;
}

/* Escapes s[0..n), stopping after max_chars characters; returns the number written. */
static size_t escape(xml_out *o, const char *s, size_t n, size_t max_chars) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, chars = 0;
  while (i < n && chars < max_chars) {
    size_t room = max_chars - chars, left = n - i;
    size_t run = i + plain_run(u + i, room < left ? room : left);
    if (run > i) {
      xo_raw(o, s + i, run - i);
      chars += run - i;
      i = run;
      continue;
    }
    const char *out;
    size_t out_len, utf16;
    i += special(u + i, n - i, &out, &out_len, &utf16);
    xo_raw(o, out, out_len);
    chars++;
  }
  return chars;
}

void xo_text(xml_out *o, const char *s, size_t n) { escape(o, s, n, SIZE_MAX); }

size_t xo_plain_run(const char *s, size_t n) { return plain_run((const unsigned char *)s, n); }

void xo_cstr(xml_out *o, const char *s) {
  if (s) escape(o, s, strlen(s), SIZE_MAX);
}

size_t xo_chars(const char *s, size_t n, size_t *utf16) {
  const unsigned char *u = (const unsigned char *)s;
  size_t chars = 0, units = 0;
  for (size_t i = 0; i < n;) {
    size_t run = plain_run(u + i, n - i);
    if (run) {
      i += run, chars += run, units += run;
      continue;
    }
    const char *out;
    size_t out_len, w;
    i += special(u + i, n - i, &out, &out_len, &w);
    chars++;
    units += w;
  }
  if (utf16) *utf16 = units;
  return chars;
}

void xo_text_fit(xml_out *o, const char *s, size_t n, size_t max_chars) {
  if (max_chars < 3) return;
  if (xo_chars(s, n, NULL) <= max_chars) {
    escape(o, s, n, SIZE_MAX);
    return;
  }
  escape(o, s, n, max_chars - 2);
  xo_raw(o, "..", 2);
}

/* ---- numbers ---- */

void xo_int(xml_out *o, int64_t v) {
  char buf[NUMFMT_MAX];
  xo_raw(o, buf, numfmt_int(buf, v, false));
}

void xo_count(xml_out *o, int64_t v) {
  char buf[NUMFMT_MAX];
  xo_raw(o, buf, numfmt_count(buf, v));
}

void xo_fixed(xml_out *o, double v, int decimals) {
  char buf[NUMFMT_MAX];
  xo_raw(o, buf, numfmt_fixed(buf, v, decimals, false, false));
}

void xo_num(xml_out *o, double v) {
  char buf[NUMFMT_MAX];
  xo_raw(o, buf, numfmt_fixed(buf, v, 2, true, false));
}
