/*
 * xml_out.h - a buffered writer of XML text: escaping and numbers, fast.
 *
 * A flame graph SVG is mostly the same few tags repeated per frame, so the
 * writer keeps its own 64 KiB buffer, formats numbers by hand and copies
 * runs of plain characters with memcpy; stdio is called once per buffer.
 *
 * Escaping makes any byte string safe as XML character data or as an
 * attribute value in double or single quotes: & < > " ' become entities,
 * tab, newline and carriage return become character references (so parsers
 * keep them as they were), and whatever XML 1.0 cannot carry (invalid UTF-8,
 * other control characters, U+FFFE, U+FFFF) becomes U+FFFD, one per
 * offending byte or character.  "Characters" below are those of the
 * escaped result.
 *
 * Errors are sticky: after a failed write the writer discards output and
 * xo_finish reports the failure.
 *
 * The writer's sink is a FILE or, from xo_init_memory, a growing block of
 * memory (realloc, so a big block grows by remapping instead of copying
 * as open_memstream's does): the SVG's second thread formats into one.
 */
#ifndef PK_RENDER_XML_OUT_H
#define PK_RENDER_XML_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct xml_out {
  FILE *file;      /* NULL: the memory sink below */
  char *mem;       /* the memory sink's bytes (owned by the caller after xo_finish) */
  size_t mem_len, mem_cap;
  size_t used;
  int failed;
  char buf[1 << 16];
} xml_out;

void xo_init(xml_out *o, FILE *file);
/* A writer into memory: after xo_finish, o->mem holds o->mem_len bytes
 * (NULL when nothing was written), to be freed by the caller. */
void xo_init_memory(xml_out *o);
/* Flushes; returns 0, or -1 if any write failed. */
int xo_finish(xml_out *o);

/* Raw bytes, no escaping (markup written by the caller).  Inline: a
 * frame writes about twenty pieces of markup, and for a literal the
 * compiler folds strlen and the copy's size. */
void xo_raw_flushing(xml_out *o, const char *s, size_t n);
static inline void xo_raw(xml_out *o, const char *s, size_t n) {
  if (n <= sizeof o->buf - o->used) {
    memcpy(o->buf + o->used, s, n);
    o->used += n;
  } else {
    xo_raw_flushing(o, s, n);
  }
}
static inline void xo_lit(xml_out *o, const char *s) { xo_raw(o, s, strlen(s)); }
/* s[0..n) escaped. */
void xo_text(xml_out *o, const char *s, size_t n);
/* A NUL-terminated string escaped; NULL writes nothing. */
void xo_cstr(xml_out *o, const char *s);
/* At most max_chars characters of s[0..n): all of it if it fits, else its
 * first max_chars - 2 characters and "..", as flamegraph.pl labels frames. */
void xo_text_fit(xml_out *o, const char *s, size_t n, size_t max_chars);

void xo_int(xml_out *o, int64_t v);
/* v with a comma every three digits ("1,234,567"), as flamegraph.pl. */
void xo_count(xml_out *o, int64_t v);
/* v with exactly `decimals` (0..6) digits after the point. */
void xo_fixed(xml_out *o, double v, int decimals);
/* v with at most 2 decimals, trailing zeros dropped ("12", "12.5"). */
void xo_num(xml_out *o, double v);

/* Length of the leading run of s[0..n) that escaping leaves as it is
 * (printable ASCII without markup characters).  When it is n, s can be
 * written with xo_raw and is n characters (and n UTF-16 units) long. */
size_t xo_plain_run(const char *s, size_t n);

/* Characters of s[0..n) once escaped, and their UTF-16 length in *utf16
 * (what JavaScript's String.length reports). */
size_t xo_chars(const char *s, size_t n, size_t *utf16);

#endif
