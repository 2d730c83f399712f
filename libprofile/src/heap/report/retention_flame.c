/*
 * heap/report/retention_flame.c - a pk_profile from the dominator trees of snapshots.
 *
 * Depth-first over each snapshot's dominator tree (heap_dominator_children;
 * an explicit stack of (object, profile node) pairs),
 * adding each object's shallow size as the self value of the profile node
 * for its class under its dominator's node.  The root object is the
 * profile's root.  Beyond max_depth an object adds to its deepest
 * ancestor's node, so the depth of the output is bounded whatever the heap.
 */
#include <stdio.h>
#include <string.h>

#include "heap/heap_internal.h"
#include "profkit/heap_flame.h"

static int add_snapshot(pk_profile *p, const pk_heap *h, size_t column, size_t max_depth,
                        pk_id *frame_of_class, pk_error *err) {
  size_t n = h->n_nodes;
  uint32_t *first, *list;
  int rc = heap_dominator_children(h, &first, &list);
  uint32_t *stack = malloc((n ? n : 1) * sizeof *stack);
  pk_id *pnode = malloc((n ? n : 1) * sizeof *pnode);
  int64_t values[16];  /* one per snapshot column */
  if (rc < 0 || !stack || !pnode) rc = heap_oom(err, h);
  if (rc == 0) {
    memset(values, 0, sizeof values);
    size_t top = 0;
    stack[top++] = 0;
    pnode[0] = PK_ROOT;
    while (top && rc == 0) {
      uint32_t v = stack[--top];
      pk_id node = pnode[v];
      if (v != 0 && pk_profile_node(p, pnode[h->idom[v]])->depth < max_depth) {
        uint32_t c = heap_cls(h, v);
        node = pk_profile_child(p, pnode[h->idom[v]], frame_of_class[c]);
        if (node == PK_NONE) rc = heap_oom(err, h);
      } else if (v != 0) {
        node = pnode[h->idom[v]];
      }
      pnode[v] = node;
      values[column] = (int64_t)heap_size(h, v);
      if (rc == 0 && heap_size(h, v) && pk_profile_add_self(p, node, values) < 0)
        rc = pk_error_set(err, PK_ELIMIT, h->path, PK_NO_POSITION, PK_NO_POSITION, "sizes overflow");
      for (uint32_t i = first[v]; i < first[v + 1]; i++) stack[top++] = list[i];
    }
  }
  free(first);
  free(list);
  free(stack);
  free(pnode);
  return rc;
}

int pk_heap_flame_profile(pk_profile **out, pk_heap *const *snaps, size_t n, size_t max_depth, pk_error *err) {
  *out = NULL;
  if (n == 0 || n > 16) return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION, "1 to 16 snapshots");
  if (max_depth == 0 || max_depth > PK_HEAP_FLAME_DEPTH) max_depth = PK_HEAP_FLAME_DEPTH;
  pk_profile *p = pk_profile_new();
  if (!p) return heap_oom(err, snaps[0]);
  int rc = 0;
  for (size_t s = 0; s < n && rc == 0; s++) {
    char type[32];
    snprintf(type, sizeof type, "retained_%zu", s + 1);
    if (!snaps[s]->analyzed)
      rc = pk_error_set(err, PK_EINVAL, snaps[s]->path, PK_NO_POSITION, PK_NO_POSITION, "snapshot not analyzed");
    else if (pk_profile_add_sample_type(p, type, "bytes") < 0)
      rc = heap_oom(err, snaps[s]);
  }
  pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "heapsnapshot");
  for (size_t s = 0; s < n && rc == 0; s++) {
    const pk_heap *h = snaps[s];
    pk_id *frame_of_class = malloc((h->classes.count + 1) * sizeof *frame_of_class);
    if (!frame_of_class) rc = heap_oom(err, h);
    for (size_t c = 0; c < h->classes.count && rc == 0; c++) {
      const char *name = h->classes.names[c];
      frame_of_class[c] = pk_profile_frame_named(p, name, strlen(name), PK_FRAME_PLAIN);
      if (frame_of_class[c] == PK_NONE) rc = heap_oom(err, h);
    }
    if (rc == 0) rc = add_snapshot(p, h, s, max_depth, frame_of_class, err);
    free(frame_of_class);
  }
  if (rc == 0) rc = pk_profile_finish(p, err);
  if (rc != 0) {
    pk_profile_free(p);
    return rc;
  }
  *out = p;
  return 0;
}
