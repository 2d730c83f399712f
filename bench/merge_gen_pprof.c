/*
 * merge_gen_pprof.c - writes N pprof files (.pb.gz) of one service's CPU
 * profile, as a continuous profiler would collect them: every file samples
 * the same population of stacks (a seeded random tree of POP stacks, 10-40
 * frames deep, prefixes shared), each file a random subset of PER of them
 * with random counts, so the files differ but their union is bounded.
 *
 *   merge_gen_pprof OUTDIR N [POP] [PER]
 *
 * Built by bench/merge_many_pprof.sh against libprofile (the profile model
 * and its pprof writer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "profkit/profile.h"
#include "profkit/writer.h"

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
  /* the population: stack i copies a prefix of an earlier stack and adds a tail */
  uint16_t *stacks = malloc(pop * MAXD * sizeof *stacks);
  uint8_t *depth = malloc(pop);
  if (!stacks || !depth) return 1;
  for (size_t i = 0; i < pop; i++) {
    size_t d = 10 + next() % (MAXD - 10 + 1), keep = 0;
    if (i > 0) {
      size_t j = next() % i;
      keep = next() % (depth[j] + 1);
      if (keep > d) keep = d;
      for (size_t k = 0; k < keep; k++) stacks[i * MAXD + k] = stacks[j * MAXD + k];
    }
    for (size_t k = keep; k < d; k++) stacks[i * MAXD + k] = (uint16_t)(next() % NAMES);
    depth[i] = (uint8_t)d;
  }
  static char names[NAMES][64];
  static size_t name_len[NAMES];
  for (unsigned k = 0; k < NAMES; k++)
    name_len[k] = (size_t)snprintf(names[k], sizeof names[k], "service/pkg%u.(*T%u).Method%u", k % 40u, k % 97u, k);
  const pk_writer *w = pk_writer_by_name("pprof");
  for (int f = 0; f < files; f++) {
    pk_profile *p = pk_profile_new();
    pk_profile_add_sample_type(p, "samples", "count");
    pk_id frames[MAXD];
    for (size_t s = 0; s < per; s++) {
      size_t i = next() % pop;
      for (size_t k = 0; k < depth[i]; k++) {
        uint16_t f = stacks[i * MAXD + k];
        frames[k] = pk_profile_frame_named(p, names[f], name_len[f], PK_FRAME_PLAIN);
      }
      int64_t v = 1 + (int64_t)(next() % 20);
      pk_profile_add_stack(p, frames, depth[i], &v, NULL);
    }
    pk_error err;
    char path[4096];
    snprintf(path, sizeof path, "%s/cpu-%04d.pb.gz", argv[1], f);
    FILE *out = fopen(path, "wb");
    if (!out || pk_profile_finish(p, &err) != PK_OK || w->write(p, 0, out, &err) != PK_OK) {
      fprintf(stderr, "merge_gen_pprof: cannot write %s\n", path);
      return 1;
    }
    fclose(out);
    pk_profile_free(p);
  }
  free(stacks);
  free(depth);
  return 0;
}
