/*
 * fuzz_svg.c - libFuzzer target for the renderers: any names, any sizes.
 *
 * The input is a profile written without a parser, so every byte reaches
 * the renderers: the first byte picks the palette, colour mode, inversion
 * and pruning; the rest is lines "stack\n" whose frames are split on ';'
 * (a frame starting with \x01..\x04 takes that kind), each line worth
 * 1 + its length.  The SVG is written to memory and checked for what makes
 * it safe XML whatever the names: valid UTF-8 and no control character but
 * tab/CR/LF outside the renderer's constant script, exactly one <script,
 * one frame <g> per rect, and no '<' inside any <title> or frame <text>.
 * A violation aborts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/svg.h"
#include "profkit/escape.h"
#include "fuzz_names.h"

/* The content of every element whose start tag begins with `open` holds no '<'. */
static void check_contents(const char *svg, size_t len, const char *open, const char *close) {
  const char *end = svg + len;
  for (const char *p = svg; (p = memmem(p, (size_t)(end - p), open, strlen(open))) != NULL;) {
    p = memchr(p, '>', (size_t)(end - p));
    if (!p) abort();
    p++;
    const char *q = memmem(p, (size_t)(end - p), close, strlen(close));
    if (!q || memchr(p, '<', (size_t)(q - p))) abort();
    p = q;
  }
}

static void check_svg(const char *svg, size_t len, size_t rects) {
  if (fuzz_count(svg, len, "<script") != 1 || fuzz_count(svg, len, "<g pk:s=") != rects) abort();
  /* the script (CDATA) is the renderer's constant text and may mention
   * tags: the text around it must be safe, and the markup after it */
  const char *script = memmem(svg, len, "<script", 7);
  const char *body = memmem(svg, len, "]]></script>", 12);
  if (!script || !body || !fuzz_utf8_ok(svg, (size_t)(script - svg), true) ||
      !fuzz_utf8_ok(body, len - (size_t)(body - svg), true))
    abort();
  size_t rest = len - (size_t)(body - svg);
  check_contents(body, rest, "<title>", "</title>");
  check_contents(body, rest, "<text ", "</text>");
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (size < 1 || size > 1 << 16) return 0;
  unsigned char mode = data[0];
  const char *text = (const char *)data + 1, *end = (const char *)data + size;
  pk_profile *p = fuzz_names_profile(text, end);
  pk_layout *l = NULL;
  pk_scene *s = NULL;
  char *svg = NULL;
  size_t len = 0;
  if (pk_profile_finish(p, NULL) == PK_OK) {
    pk_layout_options lo = PK_LAYOUT_OPTIONS_INIT;
    lo.min_fraction = (mode & 8) ? 0.01 : 0;
    pk_scene_options so = {0};
    so.palette = (pk_palette)((mode >> 4) % PK_PALETTE_COUNT);
    so.color_mode = (mode & 1) ? PK_COLOR_SUM : PK_COLOR_HASH;
    so.inverted = (mode & 2) != 0;
    so.width = (mode & 4) ? 50 : 0;
    so.title = "t<\"'&>";
    so.notes = "--a--->";
    if (pk_layout_flame(&l, p, &lo, NULL) == PK_OK && pk_scene_build(&s, p, l, &so, NULL) == PK_OK) {
      FILE *f = open_memstream(&svg, &len);
      if (pk_svg_render(f, s, NULL) != PK_OK) abort();
      fclose(f);
      check_svg(svg, len, l->count);
    }
  }
  free(svg);
  pk_scene_free(s);
  pk_layout_free(l);
  pk_profile_free(p);
  return 0;
}
