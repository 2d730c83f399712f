/*
 * fuzz_folded.c - libFuzzer target for the folded-stacks reader.
 *
 * Parses the input; when it parses, finishes the tree, writes it back as
 * folded text and reads that again, checking the round trip keeps the
 * total (a mismatch aborts, so the fuzzer reports it).
 */
#include <stdio.h>
#include <stdlib.h>

#include "profkit/folded.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  pk_profile *p = pk_profile_new();
  if (!p) return 0;
  if (pk_folded_parse(p, (const char *)data, size, "fuzz", NULL, NULL) == PK_OK &&
      pk_profile_finish(p, NULL) == PK_OK) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f && pk_folded_write(p, 0, pk_profile_type_count(p), f, NULL) == PK_OK) {
      fclose(f);
      f = NULL;
      pk_profile *q = pk_profile_new();
      if (q && len && pk_folded_parse(q, text, len, "again", NULL, NULL) == PK_OK &&
          pk_profile_finish(q, NULL) == PK_OK) {
        size_t t = pk_profile_type_count(p) - 1;
        if (pk_profile_total(q, PK_ROOT)[t] != pk_profile_total(p, PK_ROOT)[t]) abort();
      }
      pk_profile_free(q);
    }
    if (f) fclose(f);
    free(text);
  }
  pk_profile_free(p);
  return 0;
}
