/*
 * merge_gen_pprof.c - writes N pprof files (.pb.gz) of one service's CPU
 * profile, as a continuous profiler would collect them: every file samples
 * the same population of stacks (a seeded random tree of POP stacks, 10-40
 * frames deep, prefixes shared), each file a random subset of PER of them
 * with random counts, so the files differ but their union is bounded.
 *
 *   merge_gen_pprof OUTDIR N [POP] [PER]
 *
 * Encoded directly with protobuf-c (the schema libprofile builds from
 * proto/profile.proto): about 25 ms a file, so a thousand take under a
 * minute of CPU.  Built by bench/merge_many_pprof.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "profile.pb-c.h"

static uint64_t seed = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return seed;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: merge_gen_pprof OUTDIR N [POP] [PER]\n");
    return 2;
  }
  int files = atoi(argv[2]);
  size_t pop = argc > 3 ? (size_t)atol(argv[3]) : 200000, per = argc > 4 ? (size_t)atol(argv[4]) : 25000;
  enum { NAMES = 4000, MAXD = 40 };
  /* the population: stack i copies a prefix of an earlier stack and adds a
   * tail; stored leaf-first as pprof location ids (function k = location k+1) */
  uint64_t *stacks = malloc(pop * MAXD * sizeof *stacks);
  uint8_t *depth = malloc(pop);
  if (!stacks || !depth) return 1;
  for (size_t i = 0; i < pop; i++) {
    size_t d = 10 + next() % (MAXD - 10 + 1), keep = 0;
    uint64_t *s = stacks + i * MAXD;
    if (i > 0) {
      size_t j = next() % i;
      keep = next() % (depth[j] + 1);
      if (keep > d) keep = d;
      const uint64_t *t = stacks + j * MAXD; /* root-first prefix of j: its last `keep` entries */
      for (size_t k = 0; k < keep; k++) s[d - 1 - k] = t[depth[j] - 1 - k];
    }
    for (size_t k = keep; k < d; k++) s[d - 1 - k] = 1 + next() % NAMES;
    depth[i] = (uint8_t)d;
  }
  /* the tables every file shares: strings, functions, locations */
  static char text[NAMES + 3][64];
  ProtobufCBinaryData strings[NAMES + 3];
  strings[0] = (ProtobufCBinaryData){0, (uint8_t *)text[0]};
  strings[1] = (ProtobufCBinaryData){7, (uint8_t *)"samples"};
  strings[2] = (ProtobufCBinaryData){5, (uint8_t *)"count"};
  static Perftools__Profiles__Function fn[NAMES];
  static Perftools__Profiles__Location loc[NAMES];
  static Perftools__Profiles__Line line[NAMES];
  static Perftools__Profiles__Function *fnp[NAMES];
  static Perftools__Profiles__Location *locp[NAMES];
  static Perftools__Profiles__Line *linep[NAMES];
  for (unsigned k = 0; k < NAMES; k++) {
    int n = snprintf(text[k + 3], sizeof text[k + 3], "service/pkg%u.(*T%u).Method%u", k % 40u, k % 97u, k);
    strings[k + 3] = (ProtobufCBinaryData){(size_t)n, (uint8_t *)text[k + 3]};
    perftools__profiles__function__init(&fn[k]);
    fn[k].id = k + 1;
    fn[k].name = fn[k].system_name = k + 3;
    perftools__profiles__line__init(&line[k]);
    line[k].function_id = k + 1;
    linep[k] = &line[k];
    perftools__profiles__location__init(&loc[k]);
    loc[k].id = k + 1;
    loc[k].n_line = 1;
    loc[k].line = &linep[k];
    fnp[k] = &fn[k];
    locp[k] = &loc[k];
  }
  Perftools__Profiles__ValueType vt = PERFTOOLS__PROFILES__VALUE_TYPE__INIT, *vtp = &vt;
  vt.type = 1, vt.unit = 2;
  Perftools__Profiles__Sample *samples = calloc(per, sizeof *samples);
  Perftools__Profiles__Sample **samplep = calloc(per, sizeof *samplep);
  int64_t *values = calloc(per, sizeof *values);
  if (!samples || !samplep || !values) return 1;
  uint8_t *buf = NULL;
  size_t cap = 0;
  for (int f = 0; f < files; f++) {
    for (size_t s = 0; s < per; s++) {
      size_t i = next() % pop;
      perftools__profiles__sample__init(&samples[s]);
      samples[s].n_location_id = depth[i];
      samples[s].location_id = stacks + i * MAXD;
      values[s] = 1 + (int64_t)(next() % 20);
      samples[s].n_value = 1;
      samples[s].value = &values[s];
      samplep[s] = &samples[s];
    }
    Perftools__Profiles__Profile p = PERFTOOLS__PROFILES__PROFILE__INIT;
    p.n_sample_type = 1, p.sample_type = &vtp;
    p.n_sample = per, p.sample = samplep;
    p.n_location = NAMES, p.location = locp;
    p.n_function = NAMES, p.function = fnp;
    p.n_string_table = NAMES + 3, p.string_table = strings;
    size_t len = perftools__profiles__profile__get_packed_size(&p);
    if (len > cap && !(buf = realloc(buf, cap = len))) return 1;
    perftools__profiles__profile__pack(&p, buf);
    char path[4096];
    snprintf(path, sizeof path, "%s/cpu-%04d.pb.gz", argv[1], f);
    gzFile out = gzopen(path, "wb1");
    if (!out || gzwrite(out, buf, (unsigned)len) != (int)len || gzclose(out) != Z_OK) {
      fprintf(stderr, "merge_gen_pprof: cannot write %s\n", path);
      return 1;
    }
  }
  return 0;
}
