/*
 * tree.h - the call tree's children in display order.
 *
 * The model keeps children as unordered linked lists; every view that
 * prints or draws the tree wants siblings sorted by name (flamegraph.pl's
 * order).  pk_children_sorted builds that once for the whole tree, in
 * compressed form: the children of node n are ids[start[n] .. start[n+1]).
 * Frames are ranked by name once, so sorting compares integers, not strings.
 *
 * Ownership: pk_children_free releases the arrays.
 */
#ifndef PROFKIT_TREE_H
#define PROFKIT_TREE_H

#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_children {
  pk_id *ids;     /* node_count - 1 entries (every node but the root) */
  size_t *start;  /* node_count + 1 entries */
} pk_children;

/* Siblings in flamegraph.pl's order: bytewise by name + annotation suffix +
 * ';' (the folded text), ties by frame id. */
int pk_children_sorted(pk_children *out, const pk_profile *p, pk_error *err);
void pk_children_free(pk_children *c);

/* The display rank of every frame (frame_count entries, malloc'd; free it).
 * With it, pk_children_of orders one node's children on demand: a view
 * that visits few nodes (a pruned flame graph) need not sort the rest. */
int pk_frame_ranks(uint32_t **ranks, const pk_profile *p, pk_error *err);
/* Writes node's children, in display order, into *buf (grown with realloc
 * as needed; the caller frees it).  Returns their number, or -1 on OOM. */
long pk_children_of(const pk_profile *p, const uint32_t *ranks, pk_id node, pk_id **buf,
                    size_t *capacity);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
