/*
 * model/filter.c - focus / ignore / hide / prune_from / min_percent (see filter.h).
 *
 * Every filter is the same rebuild with a different plan.  A plan gives each
 * source node one byte: whether its samples are kept, and where it lands in
 * the new tree relative to its parent's landing node:
 *
 *   NEW   a child of the parent's node, with the same frame (the usual case)
 *   SAME  the parent's node itself (hidden or pruned frames, tiny frames)
 *   ROOT  the new root (frames above the focus when re-rooting)
 *
 * Plans are computed in one forward sweep, since a node's fate depends only
 * on its own frame and flags inherited from its parent.  The rebuild maps
 * only nodes that carry kept samples or events, resolving their ancestors
 * lazily with a small explicit stack and memoising, so dropped subtrees
 * leave no empty nodes behind.  min_percent needs totals, so it is a second
 * rebuild over the first one's result.
 */
#include <stdlib.h>
#include <string.h>

#include "model/frame_match.h"
#include "profkit/filter.h"
#include "profkit/transform.h"

enum {
  PLAN_NEW = 0,
  PLAN_SAME = 1,
  PLAN_ROOT = 2,
  PLAN_WHERE = 3,      /* mask of the landing bits above */
  PLAN_KEEP = 4,       /* the node's self values and events are kept */
  PLAN_IGNORED = 8,    /* an ignore match is on the path (inherited) */
  PLAN_FOCUSED = 16,   /* a focus match is on the path (inherited) */
  PLAN_PRUNED = 32     /* a prune_from match is on the path (inherited) */
};

typedef struct rebuild {
  const pk_profile *src;
  pk_profile *dst;
  const uint8_t *plan;
  pk_id *mapped;       /* src node -> dst node, PK_NONE until resolved */
  pk_id *frame_to;     /* src frame -> dst frame, PK_NONE until imported */
  pk_id *chain;        /* scratch: unresolved ancestors, deepest first */
} rebuild;

bool pk_filter_is_identity(const pk_filter_options *o) {
  return !o->focus && !o->ignore && !o->hide && !o->prune_from && !(o->min_percent > 0);
}

static int oom(pk_error *err) {
  return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
}

/* The dst node for src node `node`, creating the path on first use. */
static pk_id resolve(rebuild *rb, pk_id node) {
  size_t depth = 0;
  while (rb->mapped[node] == PK_NONE) {
    rb->chain[depth++] = node;
    node = pk_profile_node(rb->src, node)->parent;
  }
  pk_id at = rb->mapped[node];
  while (depth > 0) {
    pk_id n = rb->chain[--depth];
    uint8_t where = rb->plan[n] & PLAN_WHERE;
    if (where == PLAN_ROOT) {
      at = PK_ROOT;
    } else if (where == PLAN_NEW) {
      pk_id frame = pk_profile_node(rb->src, n)->frame;
      if (rb->frame_to[frame] == PK_NONE)
        rb->frame_to[frame] = pk_profile_import_frame(rb->dst, rb->src, frame);
      if (rb->frame_to[frame] == PK_NONE) return PK_NONE;
      at = pk_profile_child(rb->dst, at, rb->frame_to[frame]);
      if (at == PK_NONE) return PK_NONE;
    }
    rb->mapped[n] = at;
  }
  return at;
}

static bool has_value(const int64_t *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (v[i]) return true;
  return false;
}

static int add_kept(rebuild *rb, pk_error *err) {
  const pk_profile *src = rb->src;
  size_t nodes = pk_profile_node_count(src), types = pk_profile_type_count(src);
  for (size_t id = 0; id < nodes; id++) {
    const int64_t *self = pk_profile_self(src, (pk_id)id);
    if (!(rb->plan[id] & PLAN_KEEP) || !has_value(self, types)) continue;
    pk_id at = resolve(rb, (pk_id)id);
    if (at == PK_NONE) return oom(err);
    int rc = pk_profile_add_self(rb->dst, at, self);
    if (rc == PK_ELIMIT)
      return pk_error_set(err, rc, NULL, PK_NO_POSITION, PK_NO_POSITION, "value exceeds 2^63-1");
    if (rc != PK_OK) return oom(err);
  }
  const pk_event *events = pk_profile_events(src);
  for (size_t i = 0; i < pk_profile_event_count(src); i++) {
    if (events[i].node >= nodes || !(rb->plan[events[i].node] & PLAN_KEEP)) continue;
    pk_id at = resolve(rb, events[i].node);
    if (at == PK_NONE || pk_profile_add_event(rb->dst, at, events[i].time) != PK_OK) return oom(err);
  }
  return PK_OK;
}

/* Builds a new finished profile from src following plan. */
static int run_plan(pk_profile **out, const pk_profile *src, const uint8_t *plan, pk_error *err) {
  *out = NULL;
  size_t nodes = pk_profile_node_count(src), frames = pk_profile_frame_count(src);
  uint32_t max_depth = 0;
  for (size_t id = 0; id < nodes; id++) {
    uint32_t depth = pk_profile_node(src, (pk_id)id)->depth;
    if (depth > max_depth) max_depth = depth;
  }
  rebuild rb = {src, pk_profile_new(), plan, malloc(nodes * sizeof(pk_id)),
                malloc((frames ? frames : 1) * sizeof(pk_id)),
                malloc(((size_t)max_depth + 1) * sizeof(pk_id))};
  int rc = PK_OK;
  if (!rb.dst || !rb.mapped || !rb.frame_to || !rb.chain || pk_profile_copy_shape(rb.dst, src) != PK_OK) {
    rc = oom(err);
  } else {
    memset(rb.mapped, 0xff, nodes * sizeof(pk_id));
    memset(rb.frame_to, 0xff, frames * sizeof(pk_id));
    rb.mapped[PK_ROOT] = PK_ROOT;
    rc = add_kept(&rb, err);
    if (rc == PK_OK) rc = pk_profile_finish(rb.dst, err);
  }
  free(rb.mapped);
  free(rb.frame_to);
  free(rb.chain);
  if (rc != PK_OK) {
    pk_profile_free(rb.dst);
    return rc;
  }
  *out = rb.dst;
  return PK_OK;
}

typedef struct matchers {
  pk_frame_match focus, ignore, hide, prune;
} matchers;

static void release_matchers(matchers *m) {
  pk_frame_match_release(&m->focus);
  pk_frame_match_release(&m->ignore);
  pk_frame_match_release(&m->hide);
  pk_frame_match_release(&m->prune);
}

static int init_matchers(matchers *m, const pk_profile *p, const pk_filter_options *o,
                         pk_error *err) {
  memset(m, 0, sizeof *m);
  int rc = PK_OK;
  if (o->focus) rc = pk_frame_match_init(&m->focus, p, o->focus, "--focus", err);
  if (rc == PK_OK && o->ignore) rc = pk_frame_match_init(&m->ignore, p, o->ignore, "--ignore", err);
  if (rc == PK_OK && o->hide) rc = pk_frame_match_init(&m->hide, p, o->hide, "--hide", err);
  if (rc == PK_OK && o->prune_from)
    rc = pk_frame_match_init(&m->prune, p, o->prune_from, "--prune-from", err);
  if (rc != PK_OK) release_matchers(m);
  return rc;
}

static bool matches(pk_frame_match *m, pk_id frame) {
  return m->compiled && pk_frame_match_frame(m, frame);
}

static void plan_patterns(uint8_t *plan, const pk_profile *p, const pk_filter_options *o,
                          matchers *m) {
  size_t nodes = pk_profile_node_count(p);
  plan[PK_ROOT] = o->focus ? 0 : PLAN_KEEP;
  for (size_t id = 1; id < nodes; id++) {
    const pk_node *n = pk_profile_node(p, (pk_id)id);
    uint8_t up = plan[n->parent];
    uint8_t flags = up & (PLAN_IGNORED | PLAN_FOCUSED | PLAN_PRUNED);
    bool focus_here = !(up & PLAN_FOCUSED) && matches(&m->focus, n->frame);
    if (matches(&m->ignore, n->frame)) flags |= PLAN_IGNORED;
    if (focus_here) flags |= PLAN_FOCUSED;
    uint8_t where = PLAN_NEW;
    if (up & PLAN_PRUNED) where = PLAN_SAME;
    else if (o->focus_root && o->focus && !(flags & PLAN_FOCUSED)) where = PLAN_ROOT;
    else if (matches(&m->hide, n->frame)) where = PLAN_SAME;
    if (where == PLAN_NEW && matches(&m->prune, n->frame)) flags |= PLAN_PRUNED;
    bool keep = !(flags & PLAN_IGNORED) && (!o->focus || (flags & PLAN_FOCUSED));
    plan[id] = (uint8_t)(flags | where | (keep ? PLAN_KEEP : 0));
  }
}

static void plan_min_percent(uint8_t *plan, const pk_profile *p, size_t type, double percent) {
  size_t nodes = pk_profile_node_count(p);
  double threshold = percent / 100.0 * (double)pk_profile_total(p, PK_ROOT)[type];
  plan[PK_ROOT] = PLAN_KEEP;
  for (size_t id = 1; id < nodes; id++) {
    double total = (double)pk_profile_total(p, (pk_id)id)[type];
    plan[id] = (uint8_t)(PLAN_KEEP | (total < threshold ? PLAN_SAME : PLAN_NEW));
  }
}

int pk_profile_filter(pk_profile **out, const pk_profile *src, const pk_filter_options *o,
                      pk_error *err) {
  *out = NULL;
  int version_rc = pk_error_check_version(err, "pk_filter_options", o->version, PK_FILTER_OPTIONS_VERSION);
  if (version_rc != PK_OK) return version_rc;
  if (!(o->min_percent >= 0 && o->min_percent <= 100))
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "--min-percent must be from 0 to 100 (got %g)", o->min_percent);
  if (o->min_percent > 0 && o->type >= pk_profile_type_count(src))
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "no sample type %zu", o->type);
  if (!pk_profile_is_finished(src))
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "profile is not finished");
  size_t nodes = pk_profile_node_count(src);
  uint8_t *plan = malloc(nodes);
  if (!plan) return oom(err);
  matchers m;
  int rc = init_matchers(&m, src, o, err);
  pk_profile *stage = NULL;
  if (rc == PK_OK) {
    plan_patterns(plan, src, o, &m);
    release_matchers(&m);
    rc = run_plan(&stage, src, plan, err);
  }
  if (rc == PK_OK && o->min_percent > 0) {
    uint8_t *plan2 = realloc(plan, pk_profile_node_count(stage));
    if (!plan2) {
      rc = oom(err);
    } else {
      plan = plan2;
      plan_min_percent(plan, stage, o->type, o->min_percent);
      pk_profile *pruned = NULL;
      rc = run_plan(&pruned, stage, plan, err);
      pk_profile_free(stage);
      stage = pruned;
    }
  }
  free(plan);
  if (rc != PK_OK) {
    pk_profile_free(stage);
    return rc;
  }
  *out = stage;
  return PK_OK;
}
