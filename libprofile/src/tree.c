/*
 * tree.c - children of every node, sorted by name, in one array.
 *
 * Frames are ranked by name with one sort of the frame table; then every
 * node gets the key (parent, rank) and one sort over those integer keys
 * groups siblings together in display order.  The result is laid out as
 * CSR (start offsets per parent), so walking it needs no further lookups.
 */
#include <stdlib.h>
#include <string.h>

#include "profkit/tree.h"

typedef struct keyed {
  uint64_t key;  /* parent << 32 | rank of the frame */
  pk_id node;
} keyed;

static const pk_profile *rank_profile; /* qsort has no payload argument */

static int compare_frames(const void *a, const void *b) {
  pk_id fa = *(const pk_id *)a, fb = *(const pk_id *)b;
  size_t la, lb;
  const char *na = pk_profile_string(rank_profile, pk_profile_get_frame(rank_profile, fa)->name, &la);
  const char *nb = pk_profile_string(rank_profile, pk_profile_get_frame(rank_profile, fb)->name, &lb);
  int c = memcmp(na, nb, la < lb ? la : lb);
  if (c) return c;
  if (la != lb) return la < lb ? -1 : 1;
  return fa < fb ? -1 : fa > fb;
}

static int compare_keyed(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  return x->key < y->key ? -1 : x->key > y->key;
}

int pk_children_sorted(pk_children *out, const pk_profile *p, pk_error *err) {
  memset(out, 0, sizeof *out);
  size_t frames = pk_profile_frame_count(p), nodes = pk_profile_node_count(p);
  pk_id *order = malloc(frames * sizeof *order);
  uint32_t *rank = malloc(frames * sizeof *rank);
  keyed *keys = malloc((nodes ? nodes : 1) * sizeof *keys);
  out->ids = malloc((nodes ? nodes : 1) * sizeof *out->ids);
  out->start = calloc(nodes + 1, sizeof *out->start);
  if (!order || !rank || !keys || !out->ids || !out->start) {
    free(order);
    free(rank);
    free(keys);
    pk_children_free(out);
    return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  for (size_t i = 0; i < frames; i++) order[i] = (pk_id)i;
  rank_profile = p;
  qsort(order, frames, sizeof *order, compare_frames);
  for (size_t i = 0; i < frames; i++) rank[order[i]] = (uint32_t)i;
  size_t n = 0;
  for (size_t id = 1; id < nodes; id++) {
    const pk_node *node = pk_profile_node(p, (pk_id)id);
    keys[n].key = ((uint64_t)node->parent << 32) | rank[node->frame];
    keys[n].node = (pk_id)id;
    n++;
    out->start[node->parent + 1]++;
  }
  qsort(keys, n, sizeof *keys, compare_keyed);
  for (size_t i = 0; i < nodes; i++) out->start[i + 1] += out->start[i];
  for (size_t i = 0; i < n; i++) out->ids[i] = keys[i].node;
  free(order);
  free(rank);
  free(keys);
  return PK_OK;
}

void pk_children_free(pk_children *c) {
  if (!c) return;
  free(c->ids);
  free(c->start);
  c->ids = NULL;
  c->start = NULL;
}
