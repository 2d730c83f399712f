/*
 * breach_paths.c - one regression, one breach line: fold the GROWN breaches
 * that lie on one call path into the function where the time is spent.
 *
 * When a leaf gets slower, every caller's total share grows with it, so a
 * gate on totals sees a whole chain of breaches for one cause.  Breaches
 * are related through the call tree: G is "below" F when some node of G
 * has a node of F among its ancestors (one forward sweep over the nodes,
 * parents first, carries the set of breaching functions on the path as a
 * bit mask; only the 64 largest breaches take part, the rest stand alone).
 * Then, callers first (by the smallest depth at which each appears):
 *
 *  - a breach below a line already kept is context of that line: the line
 *    names the subtree that grew, and its callees' growth is part of it;
 *  - a breach on the total (cum) share is context of the breaches below
 *    it when the nearest ones together, or any one, account for at least
 *    95% of its growth (a caller
 *    that only passes the time on: when a leaf grows, its callers' shares
 *    grow by as much or less; when a subtree doubles, each callee holds
 *    only its part of the growth, so the subtree's root stays the line);
 *    functions that call each other (recursion through several names)
 *    count as one for this;
 *  - otherwise it is a line of its own: its own time grew (flat), or the
 *    growth is spread below it with no single callee responsible.
 *
 * So a tripled leaf gives one line (the leaf, its callers as context), a
 * doubled subtree one line (its root, callees and callers as context),
 * and two unrelated regressions under one caller two lines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff_internal.h"

#define MAX_RELATED 64
#define EXPLAINED 0.95

/* The breach index (< k) of each function, SIZE_MAX if none. */
static size_t *breach_of_function(const pk_diff_verdict *v, size_t k, size_t functions) {
  size_t *of = malloc((functions ? functions : 1) * sizeof *of);
  if (!of) return NULL;
  for (size_t i = 0; i < functions; i++) of[i] = SIZE_MAX;
  for (size_t b = 0; b < k; b++) of[v->all_breaches[b].function] = b;
  return of;
}

/* below[b]: bits of the breaches below breach b; depth[b]: smallest depth
 * of its nodes. */
static int relate(const pk_diff *d, const size_t *breach_of_fn, uint64_t *below, uint32_t *depth) {
  const pk_profile *p = d->profile;
  const pk_functions *fns = d->functions;
  size_t strings = pk_profile_string_count(p), nodes = pk_profile_node_count(p);
  uint32_t *fn_of_name = malloc((strings ? strings : 1) * sizeof *fn_of_name);
  uint64_t *path = malloc((nodes ? nodes : 1) * sizeof *path);
  if (!fn_of_name || !path) {
    free(fn_of_name);
    free(path);
    return PK_ENOMEM;
  }
  memset(fn_of_name, 0xff, (strings ? strings : 1) * sizeof *fn_of_name);
  for (size_t i = 0; i < fns->count; i++) fn_of_name[fns->rows[i].name] = (uint32_t)i;
  path[0] = 0;
  for (size_t id = 1; id < nodes; id++) {
    const pk_node *n = pk_profile_node(p, (pk_id)id);
    uint32_t fn = fn_of_name[pk_profile_get_frame(p, n->frame)->name];
    size_t b = fn == UINT32_MAX ? SIZE_MAX : breach_of_fn[fn];
    uint64_t on_path = path[n->parent];
    if (b != SIZE_MAX) {
      uint64_t bit = (uint64_t)1 << b;
      for (uint64_t m = on_path & ~bit; m; m &= m - 1) below[__builtin_ctzll(m)] |= bit;
      if (n->depth < depth[b]) depth[b] = n->depth;
      on_path |= bit;
    }
    path[id] = on_path;
  }
  free(fn_of_name);
  free(path);
  return PK_OK;
}

/* The breaches below b and not above it (functions that call each other
 * are one). */
static uint64_t related_below(const uint64_t *below, size_t b, size_t k) {
  uint64_t cand = below[b] & ~((uint64_t)1 << b);
  for (size_t g = 0; g < k; g++)
    if (below[g] >> b & 1) cand &= ~((uint64_t)1 << g);
  return cand;
}

/* The breaches nearest below b: related_below, and below no other of those. */
static uint64_t nearest_below(const uint64_t *below, size_t b, size_t k) {
  uint64_t cand = related_below(below, b, k), nearest = 0;
  for (uint64_t m = cand; m; m &= m - 1) {
    size_t g = (size_t)__builtin_ctzll(m);
    bool covered = false;
    for (uint64_t h = cand & ~((uint64_t)1 << g); h && !covered; h &= h - 1) {
      size_t hi = (size_t)__builtin_ctzll(h);
      covered = (below[hi] >> g & 1) && !(below[g] >> hi & 1);
    }
    if (!covered) nearest |= (uint64_t)1 << g;
  }
  return nearest;
}

/* How much of its callers' growth a breach can account for: its total
 * growth, or its self growth when that is larger (a function whose own
 * time grew while callees it inlines moved out). */
static double total_growth(const pk_diff *d, const pk_diff_breach *b) {
  double total = pk_diff_function_total(d, b->function).delta_pp;
  double self = pk_diff_function_self(d, b->function).delta_pp;
  return self > total ? self : total;
}

typedef struct order_key {
  uint32_t depth;
  size_t breach;
} order_key;

static int by_depth(const void *a, const void *b) {
  const order_key *x = a, *y = b;
  if (x->depth != y->depth) return x->depth < y->depth ? -1 : 1;
  return x->breach < y->breach ? -1 : x->breach > y->breach;
}

/* Sets all_breaches[i].line to the index of the kept breach i folds into
 * (itself when kept: then it is its own line); the caller renumbers.
 * all_breaches are GROWN ones, largest first. */
int pk_diff_fold_breaches(pk_diff_verdict *v, const pk_diff *d) {
  size_t n = v->all_count, k = n < MAX_RELATED ? n : MAX_RELATED;
  for (size_t i = 0; i < n; i++) v->all_breaches[i].line = i;
  if (k < 2) return PK_OK;
  size_t fns = pk_diff_function_count(d);
  size_t *breach_of_fn = breach_of_function(v, k, fns);
  uint64_t below[MAX_RELATED] = {0};
  uint32_t depth[MAX_RELATED];
  for (size_t b = 0; b < k; b++) depth[b] = UINT32_MAX;
  int rc = breach_of_fn ? relate(d, breach_of_fn, below, depth) : PK_ENOMEM;
  free(breach_of_fn);
  if (rc != PK_OK) return rc;
  order_key order[MAX_RELATED];
  for (size_t b = 0; b < k; b++) order[b] = (order_key){depth[b], b};
  qsort(order, k, sizeof *order, by_depth);
  enum { UNSET, KEPT, UNDER_LINE, PASSES_ON } state[MAX_RELATED] = {UNSET};
  size_t target[MAX_RELATED];
  for (size_t o = 0; o < k; o++) {
    size_t b = order[o].breach;
    const pk_diff_breach *br = &v->all_breaches[b];
    size_t line = SIZE_MAX;
    for (size_t q = 0; q < o && line == SIZE_MAX; q++) { /* a kept line above b */
      size_t a = order[q].breach;
      if (state[a] == KEPT && (below[a] >> b & 1)) line = a;
    }
    if (line != SIZE_MAX) {
      state[b] = UNDER_LINE, target[b] = line;
      continue;
    }
    uint64_t near = br->flat ? 0 : nearest_below(below, b, k);
    double explained = 0, largest = -1, own = total_growth(d, br);
    size_t largest_at = b;
    for (uint64_t m = near; m; m &= m - 1) {
      size_t g = (size_t)__builtin_ctzll(m);
      double growth = total_growth(d, &v->all_breaches[g]);
      if (growth > 0) explained += growth;
    }
    /* The largest growth anywhere below: a function between b and it may
     * also be called from elsewhere, where shares shrank. */
    for (uint64_t m = br->flat ? 0 : related_below(below, b, k); m; m &= m - 1) {
      size_t g = (size_t)__builtin_ctzll(m);
      double growth = total_growth(d, &v->all_breaches[g]);
      if (growth > largest) largest = growth, largest_at = g;
    }
    if (near && (explained >= EXPLAINED * own || largest >= EXPLAINED * own))
      state[b] = PASSES_ON, target[b] = largest_at;
    else
      state[b] = KEPT, target[b] = b;
  }
  for (size_t b = 0; b < k; b++) { /* follow each chain to a kept line */
    size_t at = b;
    for (size_t step = 0; step <= k && state[at] != KEPT; step++) at = target[at];
    v->all_breaches[b].line = state[at] == KEPT ? at : b;
  }
  return PK_OK;
}
