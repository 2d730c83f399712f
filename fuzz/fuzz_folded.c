/*
 * fuzz_folded.c - libFuzzer target for the folded-stacks reader.
 *
 * Parses the input; when it parses, finishes the tree, writes it back as
 * folded text and reads that again, checking the round trip keeps the
 * totals (a mismatch aborts, so the fuzzer reports it).  Folded text is
 * ambiguous where a frame name itself ends in " <digits>": such a line can
 * read as one count or two depending on which line comes first, so the
 * check applies when both reads chose the same number of counts, and when
 * the written text does not begin with bytes that read as a byte-order mark
 * (a frame may be named so; the reader takes them as an encoding mark).
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
      bool bom = len >= 2 && ((unsigned char)text[0] == 0xFF || (unsigned char)text[0] == 0xFE ||
                              ((unsigned char)text[0] == 0xEF && len >= 3));
      if (q && len && !bom && pk_folded_parse(q, text, len, "again", NULL, NULL) == PK_OK &&
          pk_profile_finish(q, NULL) == PK_OK) {
        size_t types = pk_profile_type_count(p);
        if (pk_profile_type_count(q) == types)
          for (size_t t = 0; t < types; t++)
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
