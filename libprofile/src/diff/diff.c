/*
 * diff/diff.c - build a differential profile and answer per-node and
 * per-function changes (see diff.h).
 *
 * Building reuses the second profile's tree: its nodes stay where they are
 * and its rows widen in place to the diff's columns (pk_diff_new_owning;
 * pk_diff_new does the same to a copy), then pk_profile_merge adds the
 * first profile's values, creating only the nodes it alone has.  Fresh
 * memory is most of the cost of a diff, so none is spent on a second tree,
 * and the columns are only those that hold data: the scaled before is
 * recomputed wherever it is needed (pk_diff_change_of, the folded form),
 * and a shown column exists only when removed subtrees are drawn.
 * Changes are computed on demand from the counts: storing them per node
 * would cost ~100 bytes a node for values that are cheap to recompute.
 * Only the class of each node's self change is kept (one byte), because the
 * colour scale needs the largest significant delta up front.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff_internal.h"
#include "model/profile_internal.h"
#include "platform/threads.h"
#include "util/row_order.h"
#include "profkit/stats.h"
#include "profkit/transform.h"

static int oom(pk_error *err) {
  return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
}

/* The column's total: the root's when finished, else the sum of self values. */
static int column_total(const pk_profile *p, size_t type, int64_t *total) {
  if (pk_profile_is_finished(p)) {
    *total = pk_profile_total(p, PK_ROOT)[type];
    return PK_OK;
  }
  *total = 0;
  for (size_t id = 0; id < pk_profile_node_count(p); id++)
    if (__builtin_add_overflow(*total, pk_profile_self(p, (pk_id)id)[type], total)) return PK_ELIMIT;
  return PK_OK;
}

static int check_input(const pk_profile *p, size_t type, const char *which, int64_t *total,
                       pk_error *err) {
  if (type >= pk_profile_type_count(p))
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "%s profile has no sample type %zu", which, type);
  if (column_total(p, type, total) != PK_OK)
    return pk_error_set(err, PK_ELIMIT, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "%s profile's total exceeds 2^63-1", which);
  if (*total <= 0)
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "%s profile has no samples", which);
  return PK_OK;
}

/* Turns `after` (owned) into the diff's tree: before, after, then the
 * count columns and the shown column when there are any, after's values
 * and counts already in place. */
static int take_after(pk_diff *d, pk_profile *after, size_t after_type, int after_count_type,
                      size_t extra_cols) {
  pk_sample_type st = pk_profile_type(after, after_type);
  const char *unit = pk_profile_string(after, st.unit, NULL);
  size_t cap = 5 + extra_cols;
  const char **names = malloc(cap * sizeof *names), **units = malloc(cap * sizeof *units);
  int *from = malloc(cap * sizeof *from);
  int rc = names && units && from ? PK_OK : PK_ENOMEM;
  size_t count = 0;
  if (rc == PK_OK) {
    names[0] = "before", units[0] = unit, from[0] = -1;
    names[1] = "after", units[1] = unit, from[1] = (int)after_type;
    count = 2;
  }
  d->shown_col = PK_DIFF_AFTER;
  if (rc == PK_OK && d->has_counts) {
    d->count_before_col = count;
    names[count] = "before_samples", units[count] = "count", from[count++] = -1;
    d->count_after_col = count;
    names[count] = "after_samples", units[count] = "count", from[count++] = after_count_type;
  }
  if (rc == PK_OK && d->show_removed) {
    d->shown_col = count;
    names[count] = "shown", units[count] = unit, from[count++] = (int)after_type;
  }
  d->run_col = count;
  for (size_t i = 0; rc == PK_OK && i < extra_cols; i++)
    names[count] = "run_samples", units[count] = "count", from[count++] = -1;
  d->profile = after;
  if (rc == PK_OK && pk_profile_recolumn(after, count, names, units, from) != PK_OK) rc = PK_ENOMEM;
  free(names);
  free(units);
  free(from);
  if (rc != PK_OK) return rc;
  pk_profile_meta *meta = pk_profile_meta_of(after);
  meta->default_type = (int)d->shown_col;
  meta->format = pk_profile_intern_cstr(after, "diff");
  return meta->format == PK_NONE ? PK_ENOMEM : PK_OK;
}

/* Clamped well inside int64, so that summing a column in pk_profile_finish
 * reports overflow instead of a cast being undefined. */
static int64_t clamp_count(double v) {
  if (v >= 9.2e18) return INT64_MAX / 4;
  if (v <= -9.2e18) return INT64_MIN / 4;
  return (int64_t)v;
}

/* count x scale, truncated toward zero as difffolded.pl -n does. */
static int64_t scale_count(int64_t count, double scale) { return clamp_count(trunc((double)count * scale)); }

/* count x scale, rounded: for widths, where a removed stack of 26 samples
 * scaled by 0.044 should still be one sample wide. */
static int64_t scale_count_rounded(int64_t count, double scale) {
  return clamp_count(round((double)count * scale));
}

/* With show_removed, the shown column (a copy of after so far) also
 * draws subtrees that have no after value at all, with their before
 * value scaled.  One reverse sweep (children come after parents) finds
 * them; the column was zero there, so no sum can overflow here
 * (pk_profile_finish checks the totals). */
static int add_removed(pk_diff *d, pk_error *err) {
  pk_profile *p = d->profile;
  size_t nodes = pk_profile_node_count(p);
  uint8_t *present = calloc(nodes, 1);
  if (!present) return oom(err);
  for (size_t id = nodes; id-- > 1;) {
    if (pk_profile_self(p, (pk_id)id)[PK_DIFF_AFTER]) present[id] = 1;
    if (present[id]) present[pk_profile_node(p, (pk_id)id)->parent] = 1;
  }
  for (size_t id = 0; id < nodes; id++) {
    int64_t *self = pk_profile_self_mutable(p, (pk_id)id);
    if (!present[id])
      self[d->shown_col] = d->normalized ? scale_count_rounded(self[PK_DIFF_BEFORE], d->scale)
                                         : self[PK_DIFF_BEFORE];
  }
  free(present);
  return PK_OK;
}

/* The p-value of a row: across runs when each side has two or more,
 * else the two-count binomial test on the sample counts. */
static double row_p_value(const pk_diff *d, const int64_t *row, double *dispersion) {
  *dispersion = 0;
  if (pk_diff_by_runs(d)) return pk_diff_runs_p_value(d, row, dispersion);
  return pk_change_p_value(row[d->count_before_col], row[d->count_after_col], d->p0);
}

/* The verdict for a row: significant on the counts, and the counts moved
 * the same way as the drawn values. */
static pk_diff_class class_of(const pk_diff *d, const int64_t *row, double delta, double alpha) {
  int64_t cb = row[d->count_before_col], ca = row[d->count_after_col];
  if (row[PK_DIFF_BEFORE] == 0 && row[PK_DIFF_AFTER] == 0 && cb == 0 && ca == 0) return PK_DIFF_NONE;
  double count_delta = (double)ca - (double)cb * d->p0 / (1.0 - d->p0);
  if (delta == 0 || (delta > 0) != (count_delta > 0)) return PK_DIFF_NOISE;
  double dispersion;
  bool significant = pk_diff_by_runs(d) ? row_p_value(d, row, &dispersion) < alpha
                                        : pk_change_significant(cb, ca, d->p0, alpha);
  if (!significant) return PK_DIFF_NOISE;
  return delta > 0 ? PK_DIFF_GREW : PK_DIFF_SHRANK;
}

static double row_delta(const pk_diff *d, const int64_t *v) {
  return (double)v[PK_DIFF_AFTER] - (double)v[PK_DIFF_BEFORE] * d->scale;
}

static bool significant(pk_diff_class c) { return c == PK_DIFF_GREW || c == PK_DIFF_SHRANK; }

/* A frame is coloured when its self or its total change is significant:
 * two tests, each at alpha / 2, so that a frame of unchanged code is
 * coloured with probability at most alpha (Bonferroni). */
static double node_alpha(const pk_diff *d) { return d->alpha / 2.0; }

/* Each node's self and total class, and whether it exists on one side
 * only; then the scales of the two colour ranges.  A frame with no samples
 * of its own and one child has that child's total, so it takes the child's
 * verdict (long call chains are most of a deep tree's frames): such a node
 * is marked CHAIN by the first pass and given its child's class by the
 * second, children first.  The first pass is independent per node, so a big
 * tree is cut in two ranges classified on two threads; the result is the
 * same byte for byte. */
enum { PK_NODE_CHAIN = 64 };

typedef struct classify_range {
  pk_diff *d;
  size_t first, end;
  double max_delta, max_total_delta;
} classify_range;

static void *classify_part(void *arg) {
  classify_range *r = arg;
  const pk_diff *d = r->d;
  for (size_t id = r->first; id < r->end; id++) {
    const int64_t *v = pk_profile_self(d->profile, (pk_id)id);
    const int64_t *t = pk_profile_total(d->profile, (pk_id)id);
    const pk_node *n = pk_profile_node(d->profile, (pk_id)id);
    double delta = row_delta(d, v);
    pk_diff_class cls = class_of(d, v, delta, node_alpha(d));
    uint8_t mark = (uint8_t)cls;
    if (cls == PK_DIFF_NONE && n->first_child != PK_NONE &&
        pk_profile_node(d->profile, n->first_child)->next_sibling == PK_NONE) {
      mark |= PK_NODE_CHAIN;
    } else {
      double total_delta = row_delta(d, t);
      pk_diff_class tcls = class_of(d, t, total_delta, node_alpha(d));
      mark |= (uint8_t)(tcls << 2);
      if (!significant(cls) && significant(tcls) && fabs(total_delta) > r->max_total_delta)
        r->max_total_delta = fabs(total_delta);
    }
    if (significant(cls) && fabs(delta) > r->max_delta) r->max_delta = fabs(delta);
    if (t[PK_DIFF_BEFORE] == 0 && t[PK_DIFF_AFTER] > 0) mark |= PK_NODE_NEW;
    if (t[PK_DIFF_AFTER] == 0 && t[PK_DIFF_BEFORE] > 0) mark |= PK_NODE_REMOVED;
    d->node_class[id] = mark;
  }
  return NULL;
}

#define CLASSIFY_PARALLEL_NODES 100000

static int classify_nodes(pk_diff *d, pk_error *err) {
  size_t nodes = pk_profile_node_count(d->profile);
  d->node_class = malloc(nodes ? nodes : 1);
  if (!d->node_class) return oom(err);
  classify_range parts[2] = {{d, 0, nodes, 0, 0}, {d, nodes, nodes, 0, 0}};
  pk_thread helper = {0};
  if (nodes >= CLASSIFY_PARALLEL_NODES) {
    parts[0].end = parts[1].first = nodes / 2;
    if (pk_thread_start(&helper, classify_part, &parts[1]) != 0) classify_part(&parts[1]);
  }
  classify_part(&parts[0]);
  pk_thread_join(&helper);
  d->max_delta = fmax(parts[0].max_delta, parts[1].max_delta);
  d->max_total_delta = fmax(parts[0].max_total_delta, parts[1].max_total_delta);
  for (size_t id = nodes; id-- > 0;) {
    if (!(d->node_class[id] & PK_NODE_CHAIN)) continue;
    pk_id child = pk_profile_node(d->profile, (pk_id)id)->first_child;
    pk_diff_class tcls = (pk_diff_class)((d->node_class[child] >> 2) & 3);
    d->node_class[id] = (uint8_t)((d->node_class[id] & ~PK_NODE_CHAIN) | (tcls << 2));
    double total_delta = row_delta(d, pk_profile_total(d->profile, (pk_id)id));
    if (significant(tcls) && fabs(total_delta) > d->max_total_delta) d->max_total_delta = fabs(total_delta);
  }
  return PK_OK;
}

/* The function table and each function's self and total change, built on
 * first use: drawing a graph never needs them, while every report and gate
 * ranks all functions by their change, p-value included.  (This cache is
 * why a pk_diff must not be shared between threads.)  Without memory for
 * the changes they are computed on each call instead. */
static const pk_functions *functions_of(const pk_diff *d) {
  static const pk_functions none = {NULL, 0, 0, NULL};
  if (!d->functions) {
    pk_diff *mutable = (pk_diff *)d;
    if (pk_functions_build(&mutable->functions, d->profile, NULL) != PK_OK) return &none;
    size_t n = d->functions->count;
    mutable->function_changes = malloc((n ? n : 1) * 2 * sizeof *d->function_changes);
    for (size_t i = 0; i < n && d->function_changes; i++) {
      mutable->function_changes[2 * i] = pk_diff_change_of(d, d->functions->rows[i].self);
      mutable->function_changes[2 * i + 1] = pk_diff_change_of(d, d->functions->rows[i].total);
    }
  }
  return d->functions;
}

/* Everything but the tree: totals, scale, the test's parameters. */
static int diff_init(pk_diff *d, const pk_profile *before, size_t before_type, const pk_profile *after,
                     size_t after_type, const pk_diff_options *opts, pk_error *err) {
  int64_t total_before = 0, total_after = 0;
  int rc = check_input(before, before_type, "first", &total_before, err);
  if (rc == PK_OK) rc = check_input(after, after_type, "second", &total_after, err);
  if (rc != PK_OK) return rc;
  double confidence = opts->confidence > 0 ? opts->confidence : 0.99;
  if (!(confidence < 1.0))
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "confidence must be between 0 and 1 (got %g)", confidence);
  d->total_before = total_before;
  d->total_after = total_after;
  d->normalized = opts->normalize == PK_DIFF_NORMALIZE_AUTO ? total_before != total_after
                                                              : opts->normalize != 0;
  d->scale = d->normalized ? (double)total_after / (double)total_before : 1.0;
  d->alpha = 1.0 - confidence;
  d->show_removed = opts->show_removed;
  d->has_counts = opts->before_count_type >= 0 && opts->after_count_type >= 0;
  d->count_before_col = PK_DIFF_BEFORE; /* take_after moves them to count columns */
  d->count_after_col = PK_DIFF_AFTER;
  int64_t counts_before = total_before, counts_after = total_after;
  if (d->has_counts) {
    rc = check_input(before, (size_t)opts->before_count_type, "first", &counts_before, err);
    if (rc == PK_OK) rc = check_input(after, (size_t)opts->after_count_type, "second", &counts_after, err);
    if (rc != PK_OK) return rc;
  }
  /* Under "no change", a tested sample falls after with the after side's
   * share of all samples (normalised), or evenly (raw comparison). */
  d->p0 = d->normalized ? (double)counts_after / ((double)counts_after + (double)counts_before) : 0.5;
  return PK_OK;
}

/* Root totals of the per-run columns. */
static int run_totals(pk_diff *d, pk_error *err) {
  size_t runs = d->runs_before + d->runs_after;
  if (!pk_diff_by_runs(d)) return PK_OK;
  d->run_totals = malloc(runs * sizeof *d->run_totals);
  if (!d->run_totals) return oom(err);
  for (size_t i = 0; i < runs; i++) d->run_totals[i] = pk_profile_total(d->profile, PK_ROOT)[d->run_col + i];
  return PK_OK;
}

/* The tree: after's nodes (owned, recolumned), before merged in, then the
 * caller's extra columns filled. */
static int diff_build(pk_diff *d, const pk_profile *before, size_t before_type, pk_profile *after,
                      size_t after_type, int after_count_type, const pk_diff_options *opts,
                      size_t extra_cols, int (*fill)(pk_diff *d, void *payload, pk_error *err),
                      void *payload, pk_error *err) {
  int rc;
  if (take_after(d, after, after_type, after_count_type, extra_cols) != PK_OK) return oom(err);
  if ((rc = pk_profile_merge(d->profile, PK_DIFF_BEFORE, before, before_type, err)) != PK_OK ||
      (d->has_counts &&
       (rc = pk_profile_merge(d->profile, d->count_before_col, before, (size_t)opts->before_count_type, err)) != PK_OK) ||
      (fill && (rc = fill(d, payload, err)) != PK_OK) ||
      (d->show_removed && (rc = add_removed(d, err)) != PK_OK) ||
      (rc = pk_profile_finish(d->profile, err)) != PK_OK || (rc = run_totals(d, err)) != PK_OK)
    return rc;
  return classify_nodes(d, err);
}

/* A private copy of the columns of src the diff keeps (value, count). */
static int copy_after(pk_profile **out, const pk_profile *src, size_t type, int count_type,
                      pk_error *err) {
  pk_profile *copy = pk_profile_new();
  *out = copy;
  if (!copy || pk_profile_add_sample_type(copy, "after", "") < 0 ||
      (count_type >= 0 && pk_profile_add_sample_type(copy, "after_samples", "count") < 0))
    return oom(err);
  int rc = pk_profile_merge(copy, 0, src, type, err);
  if (rc == PK_OK && count_type >= 0) rc = pk_profile_merge(copy, 1, src, (size_t)count_type, err);
  return rc;
}

int pk_diff_build_owning(pk_diff *d, const pk_profile *before, size_t before_type, pk_profile *after,
                         size_t after_type, const pk_diff_options *opts, size_t extra_cols,
                         int (*fill)(pk_diff *d, void *payload, pk_error *err), void *payload,
                         pk_error *err) {
  int rc = diff_init(d, before, before_type, after, after_type, opts, err);
  if (rc != PK_OK) {
    pk_profile_free(after);
    return rc;
  }
  return diff_build(d, before, before_type, after, after_type, d->has_counts ? opts->after_count_type : -1,
                    opts, extra_cols, fill, payload, err);
}

int pk_diff_new_owning(pk_diff **out, const pk_profile *before, size_t before_type, pk_profile *after,
                       size_t after_type, const pk_diff_options *opts, pk_error *err) {
  *out = NULL;
  pk_diff_options defaults = PK_DIFF_OPTIONS_INIT;
  if (!opts) opts = &defaults;
  int version_rc = pk_error_check_version(err, "pk_diff_options", opts->version, PK_DIFF_OPTIONS_VERSION);
  if (version_rc != PK_OK) return version_rc;
  pk_diff *d = calloc(1, sizeof *d);
  if (!d) {
    pk_profile_free(after);
    return oom(err);
  }
  d->runs_before = d->runs_after = 1;
  int rc = pk_diff_build_owning(d, before, before_type, after, after_type, opts, 0, NULL, NULL, err);
  if (rc != PK_OK) {
    pk_diff_free(d);
    return rc;
  }
  *out = d;
  return PK_OK;
}

int pk_diff_new(pk_diff **out, const pk_profile *before, size_t before_type,
                const pk_profile *after, size_t after_type, const pk_diff_options *opts,
                pk_error *err) {
  *out = NULL;
  pk_diff_options defaults = PK_DIFF_OPTIONS_INIT;
  if (!opts) opts = &defaults;
  int version_rc = pk_error_check_version(err, "pk_diff_options", opts->version, PK_DIFF_OPTIONS_VERSION);
  if (version_rc != PK_OK) return version_rc;
  pk_diff *d = calloc(1, sizeof *d);
  if (!d) return oom(err);
  d->runs_before = d->runs_after = 1;
  pk_profile *copy = NULL;
  int rc = diff_init(d, before, before_type, after, after_type, opts, err);
  if (rc == PK_OK)
    rc = copy_after(&copy, after, after_type, d->has_counts ? opts->after_count_type : -1, err);
  if (rc == PK_OK)
    rc = diff_build(d, before, before_type, copy, 0, d->has_counts ? 1 : -1, opts, 0, NULL, NULL, err);
  else
    pk_profile_free(copy);
  if (rc != PK_OK) {
    pk_diff_free(d);
    return rc;
  }
  *out = d;
  return PK_OK;
}

void pk_diff_free(pk_diff *d) {
  if (!d) return;
  pk_functions_free(d->functions);
  free(d->function_changes);
  pk_profile_free(d->profile);
  free(d->node_class);
  free(d->run_totals);
  free(d);
}

const pk_profile *pk_diff_profile(const pk_diff *d) { return d->profile; }
size_t pk_diff_shown_type(const pk_diff *d) { return d->shown_col; }

int pk_diff_folded_profile(pk_profile **out, const pk_diff *d, pk_error *err) {
  pk_profile *p = pk_profile_new();
  *out = NULL;
  const char *unit = pk_profile_string(d->profile, pk_profile_type(d->profile, PK_DIFF_AFTER).unit, NULL);
  if (!p || pk_profile_add_sample_type(p, "before", unit) < 0 || pk_profile_add_sample_type(p, "after", unit) < 0) {
    pk_profile_free(p);
    return oom(err);
  }
  /* Merged into an empty profile, the tree keeps its node ids. */
  int rc = pk_profile_merge(p, 1, d->profile, PK_DIFF_AFTER, err);
  for (size_t id = 0; rc == PK_OK && id < pk_profile_node_count(p); id++) {
    int64_t before = pk_profile_self(d->profile, (pk_id)id)[PK_DIFF_BEFORE];
    pk_profile_self_mutable(p, (pk_id)id)[0] = d->normalized ? scale_count(before, d->scale) : before;
  }
  if (rc == PK_OK) rc = pk_profile_finish(p, err);
  if (rc != PK_OK) {
    pk_profile_free(p);
    return rc;
  }
  *out = p;
  return PK_OK;
}

int64_t pk_diff_total_before(const pk_diff *d) { return d->total_before; }
int64_t pk_diff_total_after(const pk_diff *d) { return d->total_after; }
double pk_diff_scale(const pk_diff *d) { return d->scale; }
bool pk_diff_normalized(const pk_diff *d) { return d->normalized; }
bool pk_diff_has_counts(const pk_diff *d) { return d->has_counts; }
double pk_diff_confidence(const pk_diff *d) { return 1.0 - d->alpha; }
size_t pk_diff_runs_before(const pk_diff *d) { return d->runs_before; }
size_t pk_diff_runs_after(const pk_diff *d) { return d->runs_after; }

/* Everything of a change but its class; shown: the p-value to show
 * (pk_change_p_value_shown) rather than the exact one. */
static pk_diff_change change_values(const pk_diff *d, const int64_t *row, bool shown) {
  pk_diff_change c;
  c.before = row[PK_DIFF_BEFORE];
  c.after = row[PK_DIFF_AFTER];
  c.count_before = row[d->count_before_col];
  c.count_after = row[d->count_after_col];
  c.before_scaled = (double)c.before * d->scale;
  c.delta = (double)c.after - c.before_scaled;
  if (c.before_scaled > 0) c.delta_rel = 100.0 * c.delta / c.before_scaled;
  else c.delta_rel = c.after > 0 ? INFINITY : 0.0;
  c.share_before = 100.0 * (double)c.before / (double)d->total_before;
  c.share_after = 100.0 * (double)c.after / (double)d->total_after;
  c.delta_pp = c.share_after - c.share_before;
  if (shown && !pk_diff_by_runs(d)) {
    c.dispersion = 0;
    c.p_value = pk_change_p_value_shown(c.count_before, c.count_after, d->p0);
  } else {
    c.p_value = row_p_value(d, row, &c.dispersion);
  }
  c.cls = PK_DIFF_NONE;
  return c;
}

pk_diff_change pk_diff_change_of(const pk_diff *d, const int64_t *row) {
  pk_diff_change c = change_values(d, row, false);
  c.cls = class_of(d, row, c.delta, d->alpha);
  return c;
}

/* A node's change, with the class its colour uses (at alpha / 2, kept
 * per node by classify_nodes: self in bits 0-1, total in bits 2-3). */
static pk_diff_change node_change(const pk_diff *d, pk_id node, bool total, bool shown) {
  const int64_t *row = total ? pk_profile_total(d->profile, node) : pk_profile_self(d->profile, node);
  pk_diff_change c = change_values(d, row, shown);
  uint8_t bits = node < pk_profile_node_count(d->profile) ? d->node_class[node] : 0;
  c.cls = (pk_diff_class)((total ? bits >> 2 : bits) & 3);
  return c;
}

int pk_diff_count_type(const pk_profile *p, size_t type) {
  const char *unit = pk_profile_string(p, pk_profile_type(p, type).unit, NULL);
  if (strcmp(unit, "count") == 0) return -1;
  for (size_t t = 0; t < pk_profile_type_count(p); t++)
    if (strcmp(pk_profile_string(p, pk_profile_type(p, t).unit, NULL), "count") == 0) return (int)t;
  return -1;
}

pk_diff_change pk_diff_node_self(const pk_diff *d, pk_id node) { return node_change(d, node, false, false); }

pk_diff_change pk_diff_node_total(const pk_diff *d, pk_id node) { return node_change(d, node, true, false); }

pk_diff_change pk_diff_node_shown(const pk_diff *d, pk_id node, bool total) {
  return node_change(d, node, total, true);
}

double pk_diff_node_intensity(const pk_diff *d, pk_id node, pk_diff_class *cls) {
  pk_diff_class k = node < pk_profile_node_count(d->profile) ? (pk_diff_class)(d->node_class[node] & 3)
                                                             : PK_DIFF_NONE;
  if (cls) *cls = k;
  if (!significant(k) || d->max_delta <= 0) return 0.0;
  double x = row_delta(d, pk_profile_self(d->profile, node)) / d->max_delta;
  return x > 1.0 ? 1.0 : x < -1.0 ? -1.0 : x;
}

pk_diff_mark pk_diff_node_mark(const pk_diff *d, pk_id node, double *intensity) {
  double x = 0;
  pk_diff_mark mark = PK_MARK_NONE;
  if (node < pk_profile_node_count(d->profile)) {
    uint8_t bits = d->node_class[node];
    pk_diff_class self = (pk_diff_class)(bits & 3), total = (pk_diff_class)((bits >> 2) & 3);
    if ((bits & PK_NODE_NEW) && significant(total)) {
      mark = PK_MARK_NEW, x = 1;
    } else if ((bits & PK_NODE_REMOVED) && significant(total)) {
      mark = PK_MARK_REMOVED, x = -1;
    } else if (significant(self)) {
      x = pk_diff_node_intensity(d, node, NULL);
      mark = self == PK_DIFF_GREW ? PK_MARK_SELF_GREW : PK_MARK_SELF_SHRANK;
    } else if (significant(total)) {
      mark = total == PK_DIFF_GREW ? PK_MARK_TOTAL_GREW : PK_MARK_TOTAL_SHRANK;
      x = d->max_total_delta > 0 ? row_delta(d, pk_profile_total(d->profile, node)) / d->max_total_delta : 0;
      x = x > 1.0 ? 1.0 : x < -1.0 ? -1.0 : x;
    } else if (self != PK_DIFF_NONE) {
      mark = PK_MARK_NOISE; /* a pure caller whose total is noise stays NONE */
    }
  }
  if (intensity) *intensity = x;
  return mark;
}

size_t pk_diff_function_count(const pk_diff *d) { return functions_of(d)->count; }

const char *pk_diff_function_name(const pk_diff *d, size_t i, size_t *len) {
  return pk_profile_string(d->profile, functions_of(d)->rows[i].name, len);
}

pk_diff_change pk_diff_function_self(const pk_diff *d, size_t i) {
  const int64_t *v = functions_of(d)->rows[i].self;
  if (d->function_changes) return d->function_changes[2 * i];
  return pk_diff_change_of(d, v);
}

pk_diff_change pk_diff_function_total(const pk_diff *d, size_t i) {
  const int64_t *v = functions_of(d)->rows[i].total;
  if (d->function_changes) return d->function_changes[2 * i + 1];
  return pk_diff_change_of(d, v);
}

size_t pk_diff_top(const pk_diff *d, bool by_total, size_t limit, size_t *idx) {
  size_t n = functions_of(d)->count, found = 0;
  pk_rank_key *keys = malloc((n ? n : 1) * sizeof *keys);
  if (!keys) return 0;
  for (size_t i = 0; i < n; i++) {
    pk_diff_change c = by_total ? pk_diff_function_total(d, i) : pk_diff_function_self(d, i);
    if (c.cls != PK_DIFF_GREW && c.cls != PK_DIFF_SHRANK) continue;
    keys[found].value = fabs(c.delta_pp);
    keys[found].name = pk_diff_function_name(d, i, &keys[found].name_len);
    keys[found].index = i;
    found++;
  }
  pk_rank_sort(keys, found);
  if (limit && found > limit) found = limit;
  for (size_t i = 0; i < found; i++) idx[i] = keys[i].index;
  free(keys);
  return found;
}
