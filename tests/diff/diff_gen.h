/*
 * diff_gen.h - generated profiles for the statistical tests of flamediff:
 * a seeded random source, binomial draws, profiles sampled from stack
 * weights, binomial resamples of real profiles, and lookups by path.
 *
 * Everything is deterministic (xorshift64* with a fixed seed), so a test
 * that passes passes every time: the battery asserts rules on samples drawn
 * the way a profiler draws them, not on hand-picked counts.
 */
#ifndef PK_TEST_DIFF_GEN_H
#define PK_TEST_DIFF_GEN_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/diff.h"
#include "profkit/transform.h"

typedef struct gen_rng {
  uint64_t s;
} gen_rng;

static inline uint64_t gen_next(gen_rng *r) {
  r->s ^= r->s >> 12, r->s ^= r->s << 25, r->s ^= r->s >> 27;
  return r->s * 2685821657736338717ULL;
}

static inline double gen_uniform(gen_rng *r) { return (double)(gen_next(r) >> 11) * 0x1.0p-53; }

/* Binomial(n, p): exact (n Bernoulli draws) up to 2000, normal beyond,
 * where the approximation is far finer than any test here resolves. */
static inline int64_t gen_binomial(gen_rng *r, int64_t n, double p) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n <= 2000) {
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++) k += gen_uniform(r) < p;
    return k;
  }
  double u1 = gen_uniform(r), u2 = gen_uniform(r);
  double z = sqrt(-2.0 * log(u1 > 0 ? u1 : 1e-300)) * cos(2 * M_PI * u2);
  double k = round((double)n * p + z * sqrt((double)n * p * (1 - p)));
  return k < 0 ? 0 : k > (double)n ? n : (int64_t)k;
}

/* Adds `count` samples of the ';'-separated stack to column col. */
static inline void gen_add(pk_profile *p, const char *stack, size_t col, int64_t count) {
  pk_id frames[64];
  size_t depth = 0;
  for (const char *s = stack; *s && depth < 64;) {
    const char *e = strchr(s, ';');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    frames[depth++] = pk_profile_frame_named(p, s, len, PK_FRAME_PLAIN);
    s += len + (e ? 1 : 0);
  }
  int64_t values[2] = {0, 0};
  values[col] = count;
  pk_profile_add_stack(p, frames, depth, values, NULL);
}

/* A two-column profile (before, after) of `samples` draws from each weight
 * list (multinomial, by sequential binomials). */
typedef struct gen_stack {
  const char *stack;
  double before, after;  /* weights */
} gen_stack;

static inline pk_profile *gen_profile(const gen_stack *stacks, size_t n, int64_t samples, gen_rng *r) {
  pk_profile *p = pk_profile_new();
  pk_profile_add_sample_type(p, "before", "count");
  pk_profile_add_sample_type(p, "after", "count");
  for (int col = 0; col < 2; col++) {
    double left = 0;
    for (size_t i = 0; i < n; i++) left += col ? stacks[i].after : stacks[i].before;
    int64_t remaining = samples;
    for (size_t i = 0; i < n; i++) {
      double w = col ? stacks[i].after : stacks[i].before;
      int64_t k = left > 0 ? gen_binomial(r, remaining, w / left) : 0;
      left -= w;
      remaining -= k;
      if (k) gen_add(p, stacks[i].stack, (size_t)col, k);
    }
  }
  pk_profile_finish(p, NULL);
  return p;
}

/* Column `type` of src with every node's samples split at random (each
 * falls before with probability 1/2), as columns before and after of a
 * new finished profile: two recordings of one unchanged program.  Under
 * this split the two-count test is exact, so an A/A run measures its true
 * false-positive rate. */
static inline pk_profile *gen_resample(const pk_profile *src, size_t type, gen_rng *r) {
  pk_profile *p = pk_profile_new();
  pk_profile_add_sample_type(p, "before", "count");
  pk_profile_add_sample_type(p, "after", "count");
  size_t nodes = pk_profile_node_count(src);
  pk_id *map = malloc(nodes * sizeof *map);
  map[0] = PK_ROOT;
  for (size_t id = 1; id < nodes; id++) {
    const pk_node *n = pk_profile_node(src, (pk_id)id);
    map[id] = pk_profile_child(p, map[n->parent], pk_profile_import_frame(p, src, n->frame));
    int64_t c = pk_profile_self(src, (pk_id)id)[type];
    int64_t b = gen_binomial(r, c, 0.5);
    int64_t v[2] = {b, c - b};
    pk_profile_add_self(p, map[id], v);
  }
  free(map);
  pk_profile_finish(p, NULL);
  return p;
}

/* The node at the ';'-separated path below the root, PK_NONE if absent. */
static inline pk_id gen_node(const pk_profile *p, const char *path) {
  pk_id node = PK_ROOT;
  for (const char *s = path; *s && node != PK_NONE;) {
    const char *e = strchr(s, ';');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    pk_id found = PK_NONE;
    for (pk_id c = pk_profile_node(p, node)->first_child; c != PK_NONE; c = pk_profile_node(p, c)->next_sibling) {
      size_t nlen;
      const char *name = pk_profile_string(p, pk_profile_get_frame(p, pk_profile_node(p, c)->frame)->name, &nlen);
      if (nlen == len && memcmp(name, s, len) == 0) found = c;
    }
    node = found;
    s += len + (e ? 1 : 0);
  }
  return node;
}

static inline bool gen_coloured(pk_diff_mark m) { return m != PK_MARK_NONE && m != PK_MARK_NOISE; }

#endif
