/*
 * fmt_helpers.h - shared helpers of the format tests: parse a buffer with
 * format detection and render the result as folded text.
 */
#ifndef FMT_HELPERS_H
#define FMT_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "profkit/folded.h"
#include "profkit/reader.h"

/* Parses text (detected format); NULL on error with err filled. */
static inline pk_profile *fmt_parse(const char *text, size_t len, const pk_read_options *opts, pk_error *err) {
  pk_profile *p = NULL;
  pk_error_clear(err);
  if (pk_parse_profile(&p, text, len, "t", opts, err) != PK_OK) return NULL;
  return p;
}

/* The folded text of column `type` (malloc'd). */
static inline char *fmt_folded(const pk_profile *p, size_t type) {
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  if (pk_folded_write(p, type, 1, f, NULL) != PK_OK) CHECK(!"folded write failed");
  fclose(f);
  return buf;
}

/* The format name the reader recorded. */
static inline const char *fmt_name(const pk_profile *p) {
  return pk_profile_string(p, pk_profile_meta_get(p)->format, NULL);
}

#endif
