/*
 * fuzz_sourcemap.c - libFuzzer target for source maps: the input is decoded
 * as a map (plain or index map); a map that decodes is then asked for a
 * grid of positions (names guessed from sourcesContent included), and a
 * small profile of frames in its bundle is rewritten through it, the
 * totals checked unchanged.  A refused map must leave an error message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/sourcemap.h"

static void check_profile(const pk_source_maps *maps) {
  pk_profile *p = pk_profile_new();
  if (!p || pk_profile_add_sample_type(p, "samples", "count") < 0) abort();
  pk_id stack[6];
  for (int i = 0; i < 6; i++) {
    pk_frame f = {0};
    f.name = pk_profile_intern_cstr(p, i % 2 ? "n.zap" : "t");
    f.file = pk_profile_intern_cstr(p, "https://h/f.js?x");
    f.line = 1 + i / 3, f.column = 1 + 7 * i;
    stack[i] = pk_profile_frame(p, &f);
  }
  int64_t one = 1;
  for (size_t depth = 1; depth <= 6; depth++) pk_profile_add_stack(p, stack, depth, &one, NULL);
  pk_error err;
  if (pk_profile_finish(p, &err) != PK_OK) abort();
  pk_profile *out = NULL;
  if (pk_profile_apply_source_maps(&out, p, maps, NULL, &err) == PK_OK) {
    if (pk_profile_total(out, PK_ROOT)[0] != pk_profile_total(p, PK_ROOT)[0]) abort();
    pk_profile_free(out);
  }
  pk_profile_free(p);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  pk_source_maps *maps = pk_source_maps_new();
  if (!maps) return 0;
  pk_error err;
  pk_error_clear(&err);
  int rc = pk_source_maps_add_buffer(maps, "fuzz.map", "f.js", (const char *)data, size, &err);
  if (rc != PK_OK) {
    if (!err.message[0]) abort();
  } else {
    pk_source_location loc;
    for (int32_t line = 1; line <= 4; line++)
      for (int32_t column = 1; column <= 64; column += 3)
        if (pk_source_maps_lookup(&loc, maps, "f.js", "fn", line, column) && loc.name_len &&
            (!loc.name || (loc.file && loc.line < 1)))
          abort();
    check_profile(maps);
  }
  pk_source_maps_free(maps);
  return 0;
}
