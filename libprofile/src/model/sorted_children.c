/*
 * model/sorted_children.c - children of every node, sorted by name, in one array.
 *
 * Frames are ranked with one sort of the frame table, in flamegraph.pl's
 * order: it sorts folded lines as text, so a frame sorts as its name, its
 * annotation and a ';' ("a b;" < "a;" < "a_[k];" < "ab;").  Nodes are
 * bucketed by parent in one counting pass (CSR: start offsets per parent),
 * and each sibling group is ordered by rank, integers only (insertion sort
 * for the usual handful).  Walking the result needs no further lookups.
 */
#include <stdlib.h>
#include <string.h>

#include "profkit/tree.h"
#include "util/grow.h"

static const pk_profile *rank_profile; /* qsort has no payload argument */

/* The frame as flamegraph.pl sorts it: the folded line's text, i.e. the name,
 * its annotation ("_[k]", ...) and the ';' that follows every frame. */
typedef struct sort_key {
  const char *part[3];
  size_t len[3];
} sort_key;

static sort_key key_of(pk_id f) {
  static const char *const suffix[] = {"", "_[k]", "_[j]", "_[i]", "_[w]"};
  const pk_frame *frame = pk_profile_get_frame(rank_profile, f);
  sort_key k;
  k.part[0] = pk_profile_string(rank_profile, frame->name, &k.len[0]);
  k.part[1] = frame->kind < 5 ? suffix[frame->kind] : "";
  k.len[1] = strlen(k.part[1]);
  k.part[2] = ";";
  k.len[2] = 1;
  return k;
}

static int compare_frames(const void *a, const void *b) {
  pk_id fa = *(const pk_id *)a, fb = *(const pk_id *)b;
  sort_key ka = key_of(fa), kb = key_of(fb);
  size_t ia = 0, ib = 0, oa = 0, ob = 0; /* part index and offset in it */
  for (;;) {
    while (ia < 3 && oa == ka.len[ia]) ia++, oa = 0;
    while (ib < 3 && ob == kb.len[ib]) ib++, ob = 0;
    if (ia == 3 || ib == 3) {
      if (ia != ib) return ia == 3 ? -1 : 1;
      break;
    }
    unsigned char ca = (unsigned char)ka.part[ia][oa++], cb = (unsigned char)kb.part[ib][ob++];
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return fa < fb ? -1 : fa > fb;
}

static const uint32_t *sibling_frame_rank;

static uint32_t rank_of(const pk_profile *p, const uint32_t *frame_rank, pk_id node) {
  return frame_rank[pk_profile_node(p, node)->frame];
}

static int compare_siblings(const void *a, const void *b) {
  uint32_t ra = rank_of(rank_profile, sibling_frame_rank, *(const pk_id *)a);
  uint32_t rb = rank_of(rank_profile, sibling_frame_rank, *(const pk_id *)b);
  return ra < rb ? -1 : ra > rb;
}

/* Orders one sibling group by rank: insertion sort for the usual few.
 * Siblings have distinct frames, so ranks never tie. */
static void sort_group(pk_id *ids, size_t n, const pk_profile *p, const uint32_t *frame_rank) {
  if (n > 16) {
    rank_profile = p;
    sibling_frame_rank = frame_rank;
    qsort(ids, n, sizeof *ids, compare_siblings);
    return;
  }
  for (size_t i = 1; i < n; i++) {
    pk_id id = ids[i];
    uint32_t r = rank_of(p, frame_rank, id);
    size_t j = i;
    while (j > 0 && rank_of(p, frame_rank, ids[j - 1]) > r) {
      ids[j] = ids[j - 1];
      j--;
    }
    ids[j] = id;
  }
}

int pk_frame_ranks(uint32_t **out, const pk_profile *p, pk_error *err) {
  size_t frames = pk_profile_frame_count(p);
  pk_id *order = malloc(frames * sizeof *order);
  uint32_t *rank = malloc(frames * sizeof *rank);
  if (!order || !rank) {
    free(order);
    free(rank);
    *out = NULL;
    return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  for (size_t i = 0; i < frames; i++) order[i] = (pk_id)i;
  rank_profile = p;
  qsort(order, frames, sizeof *order, compare_frames);
  for (size_t i = 0; i < frames; i++) rank[order[i]] = (uint32_t)i;
  free(order);
  *out = rank;
  return PK_OK;
}

long pk_children_of(const pk_profile *p, const uint32_t *frame_rank, pk_id node, pk_id **buf,
                    size_t *capacity) {
  size_t n = 0;
  for (pk_id c = pk_profile_node(p, node)->first_child; c != PK_NONE; c = pk_profile_node(p, c)->next_sibling) {
    if (PK_GROW(*buf, *capacity, n + 1) != 0) return -1;
    (*buf)[n++] = c;
  }
  if (n > 1) sort_group(*buf, n, p, frame_rank);
  return (long)n;
}

int pk_children_sorted(pk_children *out, const pk_profile *p, pk_error *err) {
  memset(out, 0, sizeof *out);
  size_t nodes = pk_profile_node_count(p);
  uint32_t *rank;
  int rc = pk_frame_ranks(&rank, p, err);
  if (rc != PK_OK) return rc;
  size_t *cursor = malloc((nodes + 1) * sizeof *cursor);
  out->ids = malloc((nodes ? nodes : 1) * sizeof *out->ids);
  out->start = calloc(nodes + 1, sizeof *out->start);
  if (!cursor || !out->ids || !out->start) {
    free(rank);
    free(cursor);
    pk_children_free(out);
    return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  for (size_t id = 1; id < nodes; id++) out->start[pk_profile_node(p, (pk_id)id)->parent + 1]++;
  for (size_t i = 0; i < nodes; i++) out->start[i + 1] += out->start[i];
  memcpy(cursor, out->start, (nodes + 1) * sizeof *cursor);
  for (size_t id = 1; id < nodes; id++) out->ids[cursor[pk_profile_node(p, (pk_id)id)->parent]++] = (pk_id)id;
  for (size_t n = 0; n < nodes; n++)
    if (out->start[n + 1] - out->start[n] > 1)
      sort_group(out->ids + out->start[n], out->start[n + 1] - out->start[n], p, rank);
  free(rank);
  free(cursor);
  return PK_OK;
}

void pk_children_free(pk_children *c) {
  if (!c) return;
  free(c->ids);
  free(c->start);
  c->ids = NULL;
  c->start = NULL;
}
