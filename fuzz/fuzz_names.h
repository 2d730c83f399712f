/*
 * fuzz_names.h - the renderers' fuzz input as a profile (fuzz_svg.c,
 * fuzz_html.c): after the mode byte, lines "stack\n" whose frames are
 * split on ';' (a frame starting with \x01..\x04 takes that kind), each
 * line worth 1 + its length, so every byte reaches the renderer.
 * Returns a profile (finished or not: the caller calls pk_profile_finish).
 * fuzz_count counts a needle's occurrences in the rendered output;
 * fuzz_utf8_ok checks it is valid UTF-8 (and, with xml, free of what XML
 * cannot carry).  The output is mostly the renderers' own ASCII (the SVG's
 * script, the page's shell), so words of eight ASCII bytes are passed in
 * one step: checked byte by byte in the instrumented build, that text was
 * most of each execution.
 */
#ifndef PK_FUZZ_NAMES_H
#define PK_FUZZ_NAMES_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "profkit/escape.h"
#include "profkit/profile.h"

static size_t fuzz_count(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle), hits = 0;
  for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), needle, k)) != NULL; p += k) hits++;
  return hits;
}

static bool fuzz_utf8_ok(const char *s, size_t len, bool xml) {
  const unsigned char *u = (const unsigned char *)s;
  const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  for (size_t i = 0; i < len;) {
    if (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, u + i, 8);
      /* ASCII, and (for XML) no byte below 0x20, or only \t \n \r among them */
      if (!(w & highs) && (!xml || !((w - ones * 0x20) & ~w & highs))) {
        i += 8;
        continue;
      }
    }
    uint32_t cp;
    size_t k = pk_utf8_decode(u + i, len - i, &cp);
    if (k == 0) return false;
    if (xml && ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF)) return false;
    i += k;
  }
  return true;
}

static pk_profile *fuzz_names_profile(const char *text, const char *end) {
  pk_profile *p = pk_profile_new();
  pk_profile_add_sample_type(p, "samples", "count");
  pk_id frames[64];
  while (text < end) {
    const char *nl = memchr(text, '\n', (size_t)(end - text));
    const char *line_end = nl ? nl : end;
    size_t depth = 0;
    for (const char *f = text; f < line_end && depth < 64;) {
      const char *semi = memchr(f, ';', (size_t)(line_end - f));
      const char *f_end = semi ? semi : line_end;
      int kind = f < f_end && *f >= 1 && *f <= 4 ? *f : 0;
      const char *name = f + (kind ? 1 : 0);
      frames[depth++] = pk_profile_frame_named(p, name, (size_t)(f_end - name), kind);
      f = f_end + 1;
    }
    int64_t value = 1 + (line_end - text);
    pk_profile_add_stack(p, frames, depth, &value, NULL);
    text = line_end + 1;
  }
  return p;
}

#endif
