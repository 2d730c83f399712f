/*
 * runs.c - differential profiles of several runs a side, and the test of a
 * change against the spread between runs (see diff.h, docs/diff.md).
 *
 * Sampling noise is not the only noise: two runs of the same code on a busy
 * machine differ by GC timing, CPU contention and JIT decisions, often by
 * more than the binomial test allows.  With two runs or more a side, the
 * runs of each side are summed into the diff's before and after columns
 * (so graphs, shares and deltas are those of the sums) and each run's
 * tested counts become a column of its own.  A change is then tested by a
 * quasi-binomial t test on the shares: with pooled share p, side shares
 * x_b = sum_b / T_b and x_a, and per-run shares x_i = c_i / T_i,
 *
 *   phi = max(1, sum_i (x_i - x_side)^2 / (p (1 - p) / T_i) / (runs - 2))
 *   t   = (x_a - x_b) / sqrt(phi p (1 - p) (1 / T_b + 1 / T_a))
 *
 * judged by Student's t with runs - 2 degrees of freedom.  phi is the
 * over-dispersion the runs show (1 = pure sampling noise); a function whose
 * share swings between identical runs gets a wide interval, one that is
 * steady keeps nearly the binomial one.
 */
#include <math.h>
#include <stdlib.h>

#include "diff/diff_internal.h"
#include "profkit/stats.h"
#include "profkit/transform.h"

/* The quasi-binomial t statistic of a row: (x_a - x_b - shift) / se, with
 * its over-dispersion; false when a side has no samples at all. */
static bool runs_t(const pk_diff *d, const int64_t *row, double shift, double *t_out, double *dispersion) {
  size_t rb = d->runs_before, ra = d->runs_after;
  const int64_t *c = row + d->run_col;
  const int64_t *t = d->run_totals;
  double sum_b = 0, tot_b = 0, sum_a = 0, tot_a = 0;
  for (size_t i = 0; i < rb; i++) sum_b += (double)c[i], tot_b += (double)t[i];
  for (size_t i = rb; i < rb + ra; i++) sum_a += (double)c[i], tot_a += (double)t[i];
  *dispersion = 1.0;
  if (!(tot_b > 0) || !(tot_a > 0)) return false;
  double p = (sum_b + sum_a) / (tot_b + tot_a);
  if (!(p > 0) || !(p < 1)) return false;
  double xb = sum_b / tot_b, xa = sum_a / tot_a, var1 = p * (1.0 - p), chi = 0;
  for (size_t i = 0; i < rb + ra; i++) {
    if (t[i] <= 0) continue;
    double x = (double)c[i] / (double)t[i] - (i < rb ? xb : xa);
    chi += x * x * (double)t[i] / var1;
  }
  double df = (double)(rb + ra - 2);
  double phi = chi / df > 1.0 ? chi / df : 1.0;
  *dispersion = phi;
  *t_out = (xa - xb - shift) / sqrt(phi * var1 * (1.0 / tot_b + 1.0 / tot_a));
  return true;
}

double pk_diff_runs_p_value(const pk_diff *d, const int64_t *row, double *dispersion) {
  double t;
  if (!runs_t(d, row, 0.0, &t, dispersion)) return 1.0;
  return pk_student_t_p_value(t, (double)(d->runs_before + d->runs_after - 2));
}

double pk_diff_runs_p_grown(const pk_diff *d, const int64_t *row, double points) {
  double t, dispersion;
  if (!runs_t(d, row, points / 100.0, &t, &dispersion)) return 1.0;
  double two_sided = pk_student_t_p_value(t, (double)(d->runs_before + d->runs_after - 2));
  return t > 0 ? two_sided / 2.0 : 1.0 - two_sided / 2.0;
}

static int fail(pk_error *err, int code, const char *what) {
  return pk_error_set(err, code, NULL, PK_NO_POSITION, PK_NO_POSITION, "%s", what);
}

static bool side_has_counts(const pk_diff_side *s) {
  for (size_t i = 0; i < s->count; i++)
    if (!s->count_types || s->count_types[i] < 0) return false;
  return true;
}

/* The column of run i that the test counts. */
static size_t tested_type(const pk_diff_side *s, size_t i, bool counts) {
  return counts ? (size_t)s->count_types[i] : s->types[i];
}

/* One profile summing a side's runs: the compared column, then (with
 * counts) the sample counts. */
static int sum_runs(pk_profile **out, const pk_diff_side *s, bool counts, pk_error *err) {
  pk_profile *sum = pk_profile_new();
  *out = sum;
  const pk_profile *first = s->runs[0];
  const char *unit = pk_profile_string(first, pk_profile_type(first, s->types[0]).unit, NULL);
  if (!sum || pk_profile_add_sample_type(sum, "value", unit) < 0 ||
      (counts && pk_profile_add_sample_type(sum, "samples", "count") < 0))
    return fail(err, PK_ENOMEM, "out of memory");
  int rc = PK_OK;
  for (size_t i = 0; rc == PK_OK && i < s->count; i++) {
    rc = pk_profile_merge(sum, 0, s->runs[i], s->types[i], err);
    if (rc == PK_OK && counts) rc = pk_profile_merge(sum, 1, s->runs[i], (size_t)s->count_types[i], err);
  }
  return rc;
}

typedef struct run_fill {
  const pk_diff_side *before, *after;
  bool counts;
} run_fill;

/* Each run's tested counts into its own column of the diff. */
static int fill_runs(pk_diff *d, void *payload, pk_error *err) {
  const run_fill *f = payload;
  int rc = PK_OK;
  for (size_t i = 0; rc == PK_OK && i < f->before->count; i++)
    rc = pk_profile_merge(d->profile, d->run_col + i, f->before->runs[i], tested_type(f->before, i, f->counts), err);
  for (size_t i = 0; rc == PK_OK && i < f->after->count; i++)
    rc = pk_profile_merge(d->profile, d->run_col + f->before->count + i, f->after->runs[i],
                          tested_type(f->after, i, f->counts), err);
  return rc;
}

int pk_diff_new_runs(pk_diff **out, const pk_diff_side *before, const pk_diff_side *after,
                     const pk_diff_options *opts, pk_error *err) {
  *out = NULL;
  pk_diff_options o = PK_DIFF_OPTIONS_INIT;
  if (opts) o = *opts;
  if (!before->count || !after->count)
    return fail(err, PK_EINVAL, "each side needs at least one profile");
  for (size_t i = 0; i < before->count + after->count; i++) {
    const pk_diff_side *s = i < before->count ? before : after;
    size_t k = i < before->count ? i : i - before->count;
    if (s->types[k] >= pk_profile_type_count(s->runs[k]) ||
        (s->count_types && s->count_types[k] >= 0 &&
         (size_t)s->count_types[k] >= pk_profile_type_count(s->runs[k])))
      return fail(err, PK_EINVAL, "a run has no such sample type");
  }
  bool counts = side_has_counts(before) && side_has_counts(after);
  o.before_count_type = o.after_count_type = counts ? 1 : -1;
  pk_profile *sum_before = NULL, *sum_after = NULL;
  int rc = sum_runs(&sum_before, before, counts, err);
  if (rc == PK_OK) rc = sum_runs(&sum_after, after, counts, err);
  pk_diff *d = rc == PK_OK ? calloc(1, sizeof *d) : NULL;
  if (rc == PK_OK && !d) rc = fail(err, PK_ENOMEM, "out of memory");
  if (rc != PK_OK) {
    pk_profile_free(sum_before);
    pk_profile_free(sum_after);
    return rc;
  }
  d->runs_before = before->count;
  d->runs_after = after->count;
  bool by_runs = pk_diff_by_runs(d);
  run_fill f = {before, after, counts};
  rc = pk_diff_build_owning(d, sum_before, 0, sum_after, 0, &o, by_runs ? before->count + after->count : 0,
                            by_runs ? fill_runs : NULL, &f, err);
  pk_profile_free(sum_before);
  if (rc != PK_OK) {
    pk_diff_free(d);
    return rc;
  }
  *out = d;
  return PK_OK;
}
