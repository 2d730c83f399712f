/*
 * fuzz_formats.h - the shared body of the format readers' fuzz targets.
 *
 * Each target hands its input to one reader's parse function (no format
 * detection, so mutations stay in that reader).  When it parses, the
 * profile is finished, written as pprof and as speedscope JSON, and the
 * pprof bytes are read back: the totals of every sample type must survive
 * (an abort makes libFuzzer report the input).
 */
#ifndef FUZZ_FORMATS_H
#define FUZZ_FORMATS_H

#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "../libprofile/src/formats/readers.h"
#include "../libprofile/src/formats/writers.h"

typedef int (*fuzz_parse_fn)(pk_profile *, const char *, size_t, const char *, const pk_read_options *, pk_error *);

static char *fuzz_write(int (*write)(const pk_profile *, size_t, FILE *, pk_error *), const pk_profile *p,
                        size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  if (!f) return NULL;
  int rc = write(p, 0, f, NULL);
  fclose(f);
  if (rc != PK_OK) {
    free(buf);
    return NULL;
  }
  return buf;
}

static void fuzz_check_pprof_round_trip(const pk_profile *p) {
  size_t len;
  char *gz = fuzz_write(pk_pprof_write, p, &len);
  if (!gz) return;
  size_t cap = 1 << 16, raw_len = 0;
  unsigned char *raw = malloc(cap);
  z_stream z = {0};
  inflateInit2(&z, 31);
  z.next_in = (unsigned char *)gz;
  z.avail_in = (uInt)len;
  int zr = Z_OK;
  while (raw && zr == Z_OK) {
    if (raw_len == cap) {
      unsigned char *bigger = realloc(raw, cap * 2);
      if (!bigger) break;
      raw = bigger;
      cap *= 2;
    }
    z.next_out = raw + raw_len;
    z.avail_out = (uInt)(cap - raw_len);
    zr = inflate(&z, Z_NO_FLUSH);
    raw_len = cap - z.avail_out;
  }
  inflateEnd(&z);
  if (zr != Z_STREAM_END) abort(); /* our own gzip must decode */
  pk_profile *q = pk_profile_new();
  if (q && pk_pprof_parse(q, (const char *)raw, raw_len, "again", NULL, NULL) == PK_OK &&
      pk_profile_finish(q, NULL) == PK_OK) {
    for (size_t t = 0; t < pk_profile_type_count(p); t++)
      if (pk_profile_total(q, PK_ROOT)[t] != pk_profile_total(p, PK_ROOT)[t]) abort();
  } else if (q) {
    abort(); /* what we write, we must read */
  }
  pk_profile_free(q);
  free(raw);
  free(gz);
}

static int fuzz_one(fuzz_parse_fn parse, const unsigned char *data, size_t size, const pk_read_options *opts) {
  pk_profile *p = pk_profile_new();
  if (!p) return 0;
  if (parse(p, (const char *)data, size, "fuzz", opts, NULL) == PK_OK && pk_profile_finish(p, NULL) == PK_OK) {
    size_t len;
    free(fuzz_write(pk_speedscope_write, p, &len));
    fuzz_check_pprof_round_trip(p);
  }
  pk_profile_free(p);
  return 0;
}

/* The perf collapse options from one input byte (every combination of
 * --pid --tid --kernel --jit --addrs, and --exclude-idle). */
static inline void fuzz_perf_options(unsigned char byte, pk_read_options *o) {
  o->perf_pid = byte & 1;
  o->perf_tid = byte & 2;
  o->perf_kernel = byte & 4;
  o->perf_jit = byte & 8;
  o->perf_addrs = byte & 16;
  o->exclude_idle = byte & 32;
}

#endif
