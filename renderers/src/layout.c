/*
 * layout.c - the flame graph layout: one depth-first walk of the call tree.
 *
 * The walk uses an explicit stack, so a stack 100,000 frames deep costs
 * memory, not C stack.  Frames are ranked by name once (pk_frame_ranks);
 * only the children of nodes actually drawn are gathered and ordered
 * (pk_children_of), so a graph whose minwidth prunes most of a
 * million-node tree never touches the pruned part.  Each node's children are
 * pushed in reverse so they pop, and land in the rect array, in name order:
 * the array is in pre-order and starts never decrease along it, which the
 * SVG script relies on to count nested search matches once.
 *
 * Positions follow flamegraph.pl, which sorts folded lines as text: a
 * node's own (self) value comes first, at its left edge, then its children
 * left to right.  A pruned child still takes its place, so every kept frame
 * sits where it would without pruning.  Frames whose value in the chosen
 * column is zero or negative take no place and are not drawn.
 *
 * Memory: the rect array grows by doubling, the stack is one array; no
 * allocation per rect.
 */
#include "profkit/layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/tree.h"

typedef struct pending {
  pk_id node;
  uint32_t depth;
  int64_t start;
} pending;

typedef struct walk {
  pk_layout *layout;
  size_t rect_cap;
  pending *stack;
  size_t stack_len, stack_cap;
  const uint32_t *ranks;
  pk_id *kids;  /* scratch: the children of the node being expanded */
  size_t kids_cap;
} walk;

static int grow(void **array, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t cap2 = *cap ? *cap : 256;
  while (cap2 < need) {
    if (cap2 > SIZE_MAX / 2 / elem) return -1;
    cap2 *= 2;
  }
  void *bigger = realloc(*array, cap2 * elem);
  if (!bigger) return -1;
  *array = bigger;
  *cap = cap2;
  return 0;
}

static int push(walk *w, pk_id node, uint32_t depth, int64_t start) {
  if (grow((void **)&w->stack, &w->stack_cap, w->stack_len + 1, sizeof *w->stack)) return -1;
  w->stack[w->stack_len++] = (pending){node, depth, start};
  return 0;
}

static int emit(walk *w, const pk_profile *p, const pending *at, int64_t width) {
  pk_layout *l = w->layout;
  if (grow((void **)&l->rects, &w->rect_cap, l->count + 1, sizeof *l->rects)) return -1;
  pk_rect *r = &l->rects[l->count++];
  r->node = at->node;
  r->frame = at->node == PK_ROOT ? PK_NONE : pk_profile_node(p, at->node)->frame;
  r->depth = at->depth;
  r->start = at->start;
  r->width = width;
  if (at->depth > l->max_depth) l->max_depth = at->depth;
  return 0;
}

/* Pushes node's kept children so that they pop in name order. */
static int push_children(walk *w, const pk_profile *p, const pending *at, size_t type,
                         double min_width) {
  long count = pk_children_of(p, w->ranks, at->node, &w->kids, &w->kids_cap);
  if (count < 0) return -1;
  int64_t self = pk_profile_self(p, at->node)[type];
  int64_t edge = at->start + (self > 0 ? self : 0);
  for (long i = 0; i < count; i++) {
    int64_t width = pk_profile_total(p, w->kids[i])[type];
    if (width > 0) edge += width;
  }
  for (long i = count; i > 0; i--) {
    pk_id child = w->kids[i - 1];
    int64_t width = pk_profile_total(p, child)[type];
    if (width <= 0) continue;
    edge -= width;
    if ((double)width < min_width) {
      w->layout->pruned_count++;
      w->layout->pruned_value += width;
      continue;
    }
    if (push(w, child, at->depth + 1, edge)) return -1;
  }
  return 0;
}

int pk_layout_flame(pk_layout **out, const pk_profile *p, const pk_layout_options *opts,
                    pk_error *err) {
  static const pk_layout_options defaults = PK_LAYOUT_OPTIONS_INIT;
  if (!opts) opts = &defaults;
  *out = NULL;
  int version_rc = pk_error_check_version(err, "pk_layout_options", opts->version, PK_LAYOUT_OPTIONS_VERSION);
  if (version_rc != PK_OK) return version_rc;
  if (!pk_profile_is_finished(p))
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "layout: the profile is not finished (pk_profile_finish)");
  if (opts->type >= pk_profile_type_count(p))
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "layout: sample type %zu does not exist (the profile has %zu)", opts->type,
                        pk_profile_type_count(p));

  uint32_t *ranks;
  int rc = pk_frame_ranks(&ranks, p, err);
  if (rc) return rc;

  walk w = {0};
  w.ranks = ranks;
  w.layout = calloc(1, sizeof *w.layout);
  if (!w.layout) goto oom;
  w.layout->type = opts->type;
  int64_t total = pk_profile_total(p, PK_ROOT)[opts->type];
  w.layout->total = total > 0 ? total : 0;
  double fraction = isfinite(opts->min_fraction) && opts->min_fraction > 0 ? opts->min_fraction : 0;
  double min_width = fraction * (double)w.layout->total;

  pending root = {PK_ROOT, 0, 0};
  if (emit(&w, p, &root, w.layout->total)) goto oom;
  if (w.layout->total > 0 && push_children(&w, p, &root, opts->type, min_width)) goto oom;
  while (w.stack_len > 0) {
    pending at = w.stack[--w.stack_len];
    if (emit(&w, p, &at, pk_profile_total(p, at.node)[opts->type])) goto oom;
    if (push_children(&w, p, &at, opts->type, min_width)) goto oom;
  }
  free(w.stack);
  free(w.kids);
  free(ranks);
  *out = w.layout;
  return PK_OK;

oom:
  free(w.stack);
  free(w.kids);
  free(ranks);
  pk_layout_free(w.layout);
  return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION,
                      "layout: out of memory");
}

void pk_layout_free(pk_layout *layout) {
  if (!layout) return;
  free(layout->rects);
  free(layout);
}
