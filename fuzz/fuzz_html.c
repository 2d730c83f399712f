/*
 * fuzz_html.c - libFuzzer target for the HTML page: any names, any shapes.
 *
 * The input is read as fuzz_svg.c reads it (first byte: palette, colour
 * mode, inversion, colour hook; then "stack\n" lines split on ';', a frame
 * starting with \x01..\x04 taking that kind), so every byte reaches the
 * page writer.  The page is written to memory and checked for what keeps
 * names from becoming markup: valid UTF-8 outside the shell's constant
 * code script, exactly the shell's two script elements, no '<' and no raw
 * U+2028/U+2029 inside the data element, and data that parses as JSON
 * (jansson).  A violation aborts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/html.h"
#include "profkit/escape.h"
#include "fuzz_names.h"

static void check_page(const char *page, size_t len) {
  if (fuzz_count(page, len, "<script") != 2 || fuzz_count(page, len, "</script") != 2) abort();
  /* The code script is the shell's own constant text: the rest must be UTF-8. */
  const char *code = memmem(page, len, "<script>", 8);
  if (!code) abort();
  const char *code_end = memmem(code, len - (size_t)(code - page), "</script>", 9);
  if (!code_end || !fuzz_utf8_ok(page, (size_t)(code - page), false) ||
      !fuzz_utf8_ok(code_end, len - (size_t)(code_end - page), false))
    abort();
  static const char open[] = "<script type=\"application/json\" id=\"pk-data\">";
  const char *start = memmem(page, len, open, sizeof open - 1);
  if (!start) abort();
  start += sizeof open - 1;
  const char *end = memmem(start, len - (size_t)(start - page), "</script>", 9);
  if (!end || memchr(start, '<', (size_t)(end - start))) abort();
  if (memmem(start, (size_t)(end - start), "\xE2\x80\xA8", 3) || memmem(start, (size_t)(end - start), "\xE2\x80\xA9", 3))
    abort();
  json_t *data = json_loadb(start, (size_t)(end - start), JSON_ALLOW_NUL, NULL); /* names may hold NUL: \u0000 */
  if (!data) abort();
  json_decref(data);
}

static pk_rgb grey_hook(void *payload, const pk_profile *p, const pk_rect *rect) {
  (void)payload, (void)p;
  uint8_t v = (uint8_t)(rect->node * 37u);
  return (pk_rgb){v, v, v};
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (size < 1 || size > 1 << 16) return 0;
  unsigned char mode = data[0];
  const char *text = (const char *)data + 1, *end = (const char *)data + size;
  pk_profile *p = fuzz_names_profile(text, end);
  char *page = NULL;
  size_t len = 0;
  if (pk_profile_finish(p, NULL) == PK_OK) {
    pk_scene_options so = {0};
    so.palette = (pk_palette)((mode >> 4) % PK_PALETTE_COUNT);
    so.color_mode = (mode & 1) ? PK_COLOR_SUM : PK_COLOR_HASH;
    so.inverted = (mode & 2) != 0;
    if (mode & 4) so.color = grey_hook;
    so.title = "t</script><\"'&>\xE2\x80\xA8";
    FILE *f = open_memstream(&page, &len);
    if (pk_html_flame(f, p, 0, &so, NULL) != PK_OK) abort();
    fclose(f);
    check_page(page, len);
  }
  free(page);
  pk_profile_free(p);
  return 0;
}
