/*
 * layout_chart.c - flame chart layout (see layout_chart.h).
 *
 * One pass over the events keeps the currently open rects, one per depth,
 * with the node each stands for.  An event's path (root to leaf, found by
 * parent links into a scratch array) is compared with the open nodes: the
 * common prefix stays open, deeper open rects are closed (their width is
 * now - start) and the rest of the path opens new rects.  Rects are
 * appended when opened, so parents precede children: the pre-order a
 * pk_layout promises.  Zero-length events open nothing.  min_fraction is a
 * final compaction; a child is never wider than its parent, so dropping
 * narrow rects never orphans a kept one.
 */
#include <math.h>
#include <stdlib.h>

#include "profkit/layout_chart.h"

typedef struct chart {
  pk_layout *layout;
  size_t cap;
  pk_id *path;          /* scratch, max depth + 1 */
  size_t *open;         /* rect index per depth */
  size_t open_count;
} chart;

static int open_rect(chart *c, const pk_profile *p, pk_id node, uint32_t depth, int64_t now) {
  pk_layout *l = c->layout;
  if (l->count == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 256;
    pk_rect *r = realloc(l->rects, cap * sizeof *r);
    if (!r) return PK_ENOMEM;
    l->rects = r;
    c->cap = cap;
  }
  pk_rect *r = &l->rects[l->count];
  r->node = node;
  r->frame = node == PK_ROOT ? PK_NONE : pk_profile_node(p, node)->frame;
  r->depth = depth;
  r->start = now;
  r->width = 0;
  if (depth > l->max_depth) l->max_depth = depth;
  c->open[depth] = l->count++;
  c->open_count = (size_t)depth + 1;
  return PK_OK;
}

static void close_to(chart *c, size_t keep, int64_t now) {
  while (c->open_count > keep) {
    pk_rect *r = &c->layout->rects[c->open[--c->open_count]];
    r->width = now - r->start;
  }
}

static int64_t event_length(const pk_profile *p, const pk_event *ev, size_t i, size_t n) {
  if (i + 1 < n) return ev[i + 1].time > ev[i].time ? ev[i + 1].time - ev[i].time : 0;
  int64_t end = pk_profile_meta_get(p)->duration;
  if (end > ev[i].time) return end - ev[i].time;
  if (i > 0 && ev[i].time > ev[i - 1].time) return ev[i].time - ev[i - 1].time;
  return 1;
}

static int walk_events(chart *c, const pk_profile *p, pk_error *err) {
  const pk_event *ev = pk_profile_events(p);
  size_t n = pk_profile_event_count(p), nodes = pk_profile_node_count(p);
  int64_t now = 0;
  if (open_rect(c, p, PK_ROOT, 0, 0)) return PK_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    if (ev[i].node >= nodes)
      return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                          "layout: event %zu names node %u, which does not exist", i, ev[i].node);
    int64_t length = event_length(p, ev, i, n);
    if (length == 0) continue;
    uint32_t depth = pk_profile_node(p, ev[i].node)->depth;
    for (pk_id node = ev[i].node; node != PK_NONE; node = pk_profile_node(p, node)->parent)
      c->path[pk_profile_node(p, node)->depth] = node;
    size_t same = 1;
    while (same < c->open_count && same <= depth && c->layout->rects[c->open[same]].node == c->path[same])
      same++;
    close_to(c, same, now);
    for (uint32_t d = (uint32_t)same; d <= depth; d++)
      if (open_rect(c, p, c->path[d], d, now)) return PK_ENOMEM;
    if (__builtin_add_overflow(now, length, &now))
      return pk_error_set(err, PK_ELIMIT, NULL, PK_NO_POSITION, PK_NO_POSITION,
                          "layout: the time span exceeds 2^63-1");
  }
  close_to(c, 0, now);
  c->layout->total = now;
  return PK_OK;
}

static void drop_narrow(pk_layout *l, double min_fraction) {
  if (!(isfinite(min_fraction) && min_fraction > 0) || l->count == 0) return;
  double min_width = min_fraction * (double)l->total;
  size_t kept = 1;
  l->max_depth = 0;
  for (size_t i = 1; i < l->count; i++) {
    if ((double)l->rects[i].width < min_width || l->rects[i].width == 0) continue;
    l->rects[kept++] = l->rects[i];
    if (l->rects[i].depth > l->max_depth) l->max_depth = l->rects[i].depth;
  }
  l->count = kept;
}

int pk_layout_chart(pk_layout **out, const pk_profile *p, const pk_layout_options *opts,
                    pk_error *err) {
  static const pk_layout_options defaults = PK_LAYOUT_OPTIONS_INIT;
  if (!opts) opts = &defaults;
  *out = NULL;
  int version_rc = pk_error_check_version(err, "pk_layout_options", opts->version, PK_LAYOUT_OPTIONS_VERSION);
  if (version_rc != PK_OK) return version_rc;
  if (pk_profile_event_count(p) == 0)
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "this profile has no time order, so it cannot be drawn as a flame chart "
                        "(use .cpuprofile or trace events)");
  uint32_t max_depth = 0;
  for (size_t id = 0; id < pk_profile_node_count(p); id++)
    if (pk_profile_node(p, (pk_id)id)->depth > max_depth) max_depth = pk_profile_node(p, (pk_id)id)->depth;
  chart c = {calloc(1, sizeof(pk_layout)), 0, malloc(((size_t)max_depth + 1) * sizeof(pk_id)),
             malloc(((size_t)max_depth + 1) * sizeof(size_t)), 0};
  int rc = !c.layout || !c.path || !c.open ? PK_ENOMEM : PK_OK;
  if (rc == PK_OK) {
    c.layout->type = opts->type;
    rc = walk_events(&c, p, err);
  }
  free(c.path);
  free(c.open);
  if (rc == PK_ENOMEM) pk_error_set(err, rc, NULL, PK_NO_POSITION, PK_NO_POSITION, "layout: out of memory");
  if (rc != PK_OK) {
    pk_layout_free(c.layout);
    return rc;
  }
  drop_narrow(c.layout, opts->min_fraction);
  *out = c.layout;
  return PK_OK;
}
