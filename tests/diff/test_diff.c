/*
 * test_diff.c - the noise test against values computed by hand, and the
 * classification of every frame of a small hand-written pair.
 *
 * Expected p-values were computed independently by exact summation of the
 * binomial terms with rational arithmetic (Python fractions), e.g.
 * before 1 / after 9 at p0 = 1/2: 2 * (C(10,9) + C(10,10)) / 2^10 = 22/1024.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "profkit/diff.h"
#include "profkit/folded.h"
#include "profkit/stats.h"
#include "profkit/transform.h"

static int close_rel(double got, double want, double tol) {
  if (want == 0) return fabs(got) < tol;
  return fabs(got - want) / fabs(want) < tol;
}

#define CHECK_CLOSE(got, want, tol)                                                        \
  do {                                                                                     \
    double g_ = (got), w_ = (want);                                                        \
    if (!close_rel(g_, w_, tol)) {                                                         \
      fprintf(stderr, "%s:%d: %s = %.12g, expected %.12g\n", __FILE__, __LINE__, #got, g_, w_); \
      pk_check_failures++;                                                                 \
    }                                                                                      \
  } while (0)

static void test_binomial_tails(void) {
  CHECK_CLOSE(pk_binomial_upper(9, 10, 0.5), 11.0 / 1024.0, 1e-12);
  CHECK_CLOSE(pk_binomial_lower(1, 10, 0.5), 11.0 / 1024.0, 1e-12);
  CHECK_CLOSE(pk_binomial_upper(7, 20, 0.3), 0.391990187799076, 1e-10);
  CHECK_CLOSE(pk_binomial_lower(3, 20, 0.3), 0.107086804503731, 1e-10);
  CHECK_CLOSE(pk_binomial_upper(0, 20, 0.3), 1.0, 1e-15);
  CHECK_CLOSE(pk_binomial_upper(21, 20, 0.3), 0.0, 1e-15);
  CHECK_CLOSE(pk_binomial_lower(20, 20, 0.3), 1.0, 1e-15);
  /* (2/3)^10: every one of 10 samples after, when after is twice as long. */
  CHECK_CLOSE(pk_binomial_upper(10, 10, 2.0 / 3.0), pow(2.0 / 3.0, 10), 1e-12);
}

static void test_change_p_value(void) {
  CHECK_CLOSE(pk_change_p_value(1, 9, 0.5), 22.0 / 1024.0, 1e-12);
  CHECK_CLOSE(pk_change_p_value(9, 1, 0.5), 22.0 / 1024.0, 1e-12);
  CHECK_CLOSE(pk_change_p_value(5, 5, 0.5), 1.0, 1e-12);
  CHECK_CLOSE(pk_change_p_value(0, 0, 0.5), 1.0, 1e-12);
  /* Exact branch with p0 != 1/2 (p0 = 377/680). */
  CHECK_CLOSE(pk_change_p_value(100, 200, 377.0 / 680.0), 9.638022421231367e-05, 1e-8);
  CHECK_CLOSE(pk_change_p_value(100, 102, 377.0 / 680.0), 0.17960521807085322, 1e-8);
  /* The shown p-value: exact where small (below 0.02) and the variance
   * under 400; else the normal approximation: within 0.01 far from
   * significance (variance 50.3 here), within 2% at variance 25225. */
  CHECK(fabs(pk_change_p_value_shown(100, 102, 377.0 / 680.0) - 0.17960521807085322) < 0.01);
  CHECK_CLOSE(pk_change_p_value_shown(100, 200, 377.0 / 680.0), 9.638022421231367e-05, 1e-8);
  CHECK_CLOSE(pk_change_p_value_shown(50000, 50900, 0.5), 0.004651939183079623, 2e-2);
  /* Exact where the variance is small: 3 before, 5 after (variance 1.98). */
  CHECK_CLOSE(pk_change_p_value(3, 5, 377.0 / 680.0), 2.0 * pk_binomial_upper(5, 8, 377.0 / 680.0), 1e-12);
  CHECK_CLOSE(pk_change_p_value(0, 50, 377.0 / 680.0), 3.109222992623774e-13, 1e-8);
  CHECK_CLOSE(pk_change_p_value(100, 20, 377.0 / 680.0), 4.11815353257137e-18, 1e-8);
  /* Normal branch (variance 25225): exact sum of terms gives 0.004651939. */
  CHECK_CLOSE(pk_change_p_value(50000, 50900, 0.5), 0.004651939183079623, 1e-4);
  /* Huge counts stay finite and significant. */
  double p = pk_change_p_value(INT64_C(4000000000000000000), INT64_C(4100000000000000000), 0.5);
  CHECK(p >= 0 && p < 1e-6);
}

static pk_profile *folded(const char *path) {
  size_t len;
  char *text = pk_check_read_file(path, &len);
  CHECK(text != NULL);
  if (!text) return NULL;
  pk_profile *p = pk_profile_new();
  pk_error err;
  CHECK_EQ_INT(pk_folded_parse(p, text, len, path, NULL, &err), PK_OK);
  CHECK_EQ_INT(pk_profile_finish(p, &err), PK_OK);
  free(text);
  return p;
}

static pk_id node_of(const pk_profile *p, const char *a, const char *b) {
  pk_id id = PK_ROOT;
  const char *names[2] = {a, b};
  for (int i = 0; i < 2 && names[i]; i++) {
    pk_id found = PK_NONE;
    for (pk_id c = pk_profile_node(p, id)->first_child; c != PK_NONE; c = pk_profile_node(p, c)->next_sibling)
      if (strcmp(pk_profile_frame_name(p, pk_profile_node(p, c)->frame), names[i]) == 0) found = c;
    if (found == PK_NONE) return PK_NONE;
    id = found;
  }
  return id;
}

static void test_classes(void) {
  pk_profile *before = folded("testdata/diff/colour_before.folded");
  pk_profile *after = folded("testdata/diff/colour_after.folded");
  if (!before || !after) return;
  pk_diff *d;
  pk_diff_options opts = PK_DIFF_OPTIONS_INIT;
  pk_error err;
  CHECK_EQ_INT(pk_diff_new(&d, before, 0, after, 0, &opts, &err), PK_OK);
  pk_profile_free(before);
  pk_profile_free(after);
  const pk_profile *p = pk_diff_profile(d);
  CHECK(pk_diff_normalized(d));
  CHECK_CLOSE(pk_diff_scale(d), 377.0 / 303.0, 1e-12);
  struct { const char *frame; pk_diff_class cls; int sign; } expect[] = {
      {"hot", PK_DIFF_GREW, 1},   {"cold", PK_DIFF_SHRANK, -1}, {"same", PK_DIFF_NOISE, 0},
      {"tiny", PK_DIFF_NOISE, 0}, {"new", PK_DIFF_GREW, 1},     {NULL, PK_DIFF_NONE, 0}};
  for (size_t i = 0; i < sizeof expect / sizeof *expect; i++) {
    pk_id n = node_of(p, "main", expect[i].frame);
    CHECK(n != PK_NONE);
    if (n == PK_NONE) continue;
    pk_diff_class cls;
    double x = pk_diff_node_intensity(d, n, &cls);
    if (cls != expect[i].cls)
      fprintf(stderr, "frame %s: class %d, expected %d\n", expect[i].frame ? expect[i].frame : "main",
              cls, expect[i].cls);
    CHECK_EQ_INT(cls, expect[i].cls);
    CHECK_EQ_INT(x > 0 ? 1 : x < 0 ? -1 : 0, expect[i].sign);
  }
  /* cold lost the most (scaled 124.4 -> 20): full intensity. */
  CHECK_CLOSE(pk_diff_node_intensity(d, node_of(p, "main", "cold"), NULL), -1.0, 1e-12);
  pk_diff_change hot = pk_diff_node_self(d, node_of(p, "main", "hot"));
  CHECK_EQ_INT(hot.before, 100);
  CHECK_EQ_INT(hot.after, 200);
  CHECK_CLOSE(hot.before_scaled, 100.0 * 377.0 / 303.0, 1e-12);
  CHECK_CLOSE(hot.delta_pp, 100.0 * (200.0 / 377.0 - 100.0 / 303.0), 1e-12);
  CHECK_CLOSE(hot.p_value, 9.638022421231367e-05, 1e-8);
  /* The graph keeps after's shape: main is 377 wide, new is there. */
  CHECK_EQ_INT(pk_diff_shown_type(d), PK_DIFF_AFTER);
  CHECK_EQ_INT(pk_profile_type_count(p), 2);
  CHECK_EQ_INT(pk_profile_total(p, PK_ROOT)[pk_diff_shown_type(d)], 377);
  /* The folded form scales before per stack, truncating as difffolded.pl -n. */
  pk_profile *pair = NULL;
  CHECK_EQ_INT(pk_diff_folded_profile(&pair, d, &err), PK_OK);
  if (pair) {
    CHECK_EQ_INT(pk_profile_total(pair, PK_ROOT)[0], 124 + 124 + 124 + 3);
    CHECK_EQ_INT(pk_profile_total(pair, PK_ROOT)[1], 377);
    CHECK_EQ_INT(pk_profile_node_count(pair), pk_profile_node_count(p));
  }
  pk_profile_free(pair);
  /* Functions: top by self lists the significant ones, largest |pp| first. */
  size_t idx[16];
  size_t n = pk_diff_top(d, false, 0, idx);
  CHECK_EQ_INT(n, 3);
  size_t len;
  if (n == 3) {
    CHECK_STR(pk_diff_function_name(d, idx[0], &len), "cold");
    CHECK_STR(pk_diff_function_name(d, idx[1], &len), "hot");
    CHECK_STR(pk_diff_function_name(d, idx[2], &len), "new");
  }
  CHECK_EQ_INT(pk_diff_top(d, false, 1, idx), 1);
  pk_diff_free(d);
}

static void test_no_normalize_and_removed(void) {
  pk_profile *before = folded("testdata/diff/colour_before.folded");
  pk_profile *after = folded("testdata/diff/colour_after.folded");
  if (!before || !after) return;
  pk_diff *d;
  pk_diff_options opts = PK_DIFF_OPTIONS_INIT;
  opts.normalize = 0;
  opts.show_removed = true;
  pk_error err;
  /* Reversed: "new" exists only in the first profile now. */
  CHECK_EQ_INT(pk_diff_new(&d, after, 0, before, 0, &opts, &err), PK_OK);
  const pk_profile *p = pk_diff_profile(d);
  CHECK(!pk_diff_normalized(d));
  CHECK_CLOSE(pk_diff_scale(d), 1.0, 1e-15);
  pk_id gone = node_of(p, "main", "new");
  CHECK(gone != PK_NONE);
  CHECK_EQ_INT(pk_profile_total(p, gone)[PK_DIFF_AFTER], 0);
  CHECK_EQ_INT(pk_diff_shown_type(d), 2);
  CHECK_EQ_INT(pk_profile_total(p, gone)[pk_diff_shown_type(d)], 50);
  CHECK_EQ_INT(pk_profile_total(p, PK_ROOT)[pk_diff_shown_type(d)], 303 + 50);
  pk_diff_class cls;
  CHECK(pk_diff_node_intensity(d, gone, &cls) < 0);
  CHECK_EQ_INT(cls, PK_DIFF_SHRANK);
  pk_diff_free(d);
  /* An empty side is an error, not a division by zero. */
  pk_profile *empty = pk_profile_new();
  pk_profile_add_sample_type(empty, "samples", "count");
  pk_profile_finish(empty, NULL);
  CHECK_EQ_INT(pk_diff_new(&d, empty, 0, after, 0, &opts, &err), PK_EINVAL);
  CHECK(strstr(err.message, "no samples") != NULL);
  CHECK_EQ_INT(pk_diff_new(&d, before, 3, after, 0, &opts, &err), PK_EINVAL);
  pk_profile_free(empty);
  pk_profile_free(before);
  pk_profile_free(after);
}

/* A profile of two stacks with {samples,count} and {wall,microseconds}. */
static pk_profile *timed(int64_t a_samples, int64_t b_samples) {
  pk_profile *p = pk_profile_new();
  pk_profile_add_sample_type(p, "samples", "count");
  pk_profile_add_sample_type(p, "wall", "microseconds");
  pk_id a = pk_profile_frame_named(p, "a", 1, PK_FRAME_PLAIN), b = pk_profile_frame_named(p, "b", 1, PK_FRAME_PLAIN);
  int64_t va[2] = {a_samples, a_samples * 1000}, vb[2] = {b_samples, b_samples * 1000};
  CHECK_EQ_INT(pk_profile_add_stack(p, &a, 1, va, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_add_stack(p, &b, 1, vb, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_finish(p, NULL), PK_OK);
  return p;
}

/* Time is not a count: 5 -> 7 samples is noise, however many microseconds
 * they stand for; tested on the values it would look significant. */
static void test_counts_for_time(void) {
  pk_profile *before = timed(5, 5), *after = timed(7, 3);
  CHECK_EQ_INT(pk_diff_count_type(before, 1), 0);
  CHECK_EQ_INT(pk_diff_count_type(before, 0), -1);
  pk_diff_options o = PK_DIFF_OPTIONS_INIT;
  pk_diff *d;
  pk_error err;
  CHECK_EQ_INT(pk_diff_new(&d, before, 1, after, 1, &o, &err), PK_OK);
  pk_id a = pk_profile_node(pk_diff_profile(d), PK_ROOT)->first_child;
  if (strcmp(pk_profile_frame_name(pk_diff_profile(d), pk_profile_node(pk_diff_profile(d), a)->frame), "a") != 0)
    a = pk_profile_node(pk_diff_profile(d), a)->next_sibling;
  CHECK(!pk_diff_has_counts(d));
  CHECK_EQ_INT(pk_diff_node_self(d, a).cls, PK_DIFF_GREW);
  pk_diff_free(d);
  o.before_count_type = pk_diff_count_type(before, 1);
  o.after_count_type = pk_diff_count_type(after, 1);
  CHECK_EQ_INT(pk_diff_new(&d, before, 1, after, 1, &o, &err), PK_OK);
  CHECK(pk_diff_has_counts(d));
  pk_diff_change c = pk_diff_node_self(d, a);
  CHECK_EQ_INT(c.before, 5000);
  CHECK_EQ_INT(c.count_before, 5);
  CHECK_EQ_INT(c.count_after, 7);
  /* 7 of 12 samples after, p0 = 1/2: 2 * P(X >= 7) = 2 * 1586/4096. */
  CHECK_CLOSE(c.p_value, 2.0 * 1586.0 / 4096.0, 1e-12);
  CHECK_EQ_INT(c.cls, PK_DIFF_NOISE);
  pk_diff_free(d);
  pk_profile_free(before);
  pk_profile_free(after);
}

/* A profile of three stacks with seven sample types (more than a diff's
 * columns): value t of stack i is (t + 1) * k[i]; type 6 counts. */
static pk_profile *wide(int64_t k0, int64_t k1, int64_t k2) {
  pk_profile *p = pk_profile_new();
  for (int t = 0; t < 7; t++) pk_profile_add_sample_type(p, t == 6 ? "samples" : "v", t == 6 ? "count" : "ms");
  const char *names[3] = {"x", "y", "z"};
  int64_t k[3] = {k0, k1, k2};
  for (int i = 0; i < 3; i++) {
    pk_id frames[2] = {pk_profile_frame_named(p, "main", 4, PK_FRAME_PLAIN),
                       pk_profile_frame_named(p, names[i], 1, PK_FRAME_PLAIN)};
    int64_t v[7];
    for (int t = 0; t < 7; t++) v[t] = (t + 1) * k[i];
    if (k[i]) CHECK_EQ_INT(pk_profile_add_stack(p, frames, 2, v, NULL), PK_OK);
  }
  CHECK_EQ_INT(pk_profile_finish(p, NULL), PK_OK);
  return p;
}

/* pk_diff_new_owning widens (or narrows) after's rows in place; it must
 * build exactly the diff pk_diff_new builds from a copy. */
static void check_owning_matches(const pk_profile *before, const pk_profile *after, size_t type,
                                 const pk_diff_options *o) {
  pk_diff *copied, *owned;
  pk_error err;
  pk_profile *taken = pk_profile_new();
  pk_profile_add_sample_type(taken, "unused", "");
  for (size_t t = 0; t < pk_profile_type_count(after); t++)
    pk_profile_add_sample_type(taken, "v", pk_profile_string(after, pk_profile_type(after, t).unit, NULL));
  /* taken = after with every column moved one to the right. */
  for (size_t t = 0; t < pk_profile_type_count(after); t++)
    CHECK_EQ_INT(pk_profile_merge(taken, t + 1, after, t, &err), PK_OK);
  /* Left unfinished, as pk_read_options.no_totals leaves a diff's inputs:
   * the totals are summed from self values. */
  CHECK(!pk_profile_is_finished(taken));
  pk_diff_options shifted = *o;
  if (shifted.after_count_type >= 0) shifted.after_count_type++;
  CHECK_EQ_INT(pk_diff_new(&copied, before, type, after, type, o, &err), PK_OK);
  CHECK_EQ_INT(pk_diff_new_owning(&owned, before, type, taken, type + 1, &shifted, &err), PK_OK);
  const pk_profile *a = pk_diff_profile(copied), *b = pk_diff_profile(owned);
  size_t n = pk_profile_node_count(a), cols = pk_profile_type_count(a);
  CHECK_EQ_INT(pk_profile_node_count(b), n);
  CHECK_EQ_INT(pk_profile_type_count(b), cols);
  for (size_t id = 0; id < n && n == pk_profile_node_count(b) && cols == pk_profile_type_count(b); id++) {
    CHECK_STR(pk_profile_frame_name(b, pk_profile_node(b, (pk_id)id)->frame),
              pk_profile_frame_name(a, pk_profile_node(a, (pk_id)id)->frame));
    CHECK_EQ_INT(pk_profile_node(b, (pk_id)id)->parent, pk_profile_node(a, (pk_id)id)->parent);
    for (size_t t = 0; t < cols; t++) {
      CHECK_EQ_INT(pk_profile_self(b, (pk_id)id)[t], pk_profile_self(a, (pk_id)id)[t]);
      CHECK_EQ_INT(pk_profile_total(b, (pk_id)id)[t], pk_profile_total(a, (pk_id)id)[t]);
    }
    pk_diff_class ca, cb;
    CHECK_CLOSE(pk_diff_node_intensity(owned, (pk_id)id, &cb), pk_diff_node_intensity(copied, (pk_id)id, &ca), 1e-12);
    CHECK_EQ_INT(cb, ca);
  }
  pk_diff_free(copied);
  pk_diff_free(owned);
}

static void test_owning(void) {
  pk_profile *before = folded("testdata/diff/colour_before.folded");
  pk_profile *after = folded("testdata/diff/colour_after.folded");
  if (!before || !after) return;
  pk_diff_options o = PK_DIFF_OPTIONS_INIT;
  o.show_removed = true;
  check_owning_matches(after, before, 0, &o);
  check_owning_matches(before, after, 0, &o);
  pk_profile *wb = wide(5, 0, 9), *wa = wide(7, 4, 0);
  o.before_count_type = o.after_count_type = 6;
  check_owning_matches(wb, wa, 3, &o);
  o.before_count_type = o.after_count_type = -1;
  check_owning_matches(wb, wa, 5, &o);
  /* A failure frees what was handed over (ASan checks). */
  pk_diff *d;
  pk_error err;
  pk_profile *taken = wide(1, 1, 1);
  CHECK_EQ_INT(pk_diff_new_owning(&d, wb, 9, taken, 0, &o, &err), PK_EINVAL);
  CHECK(d == NULL);
  pk_profile_free(wb);
  pk_profile_free(wa);
  pk_profile_free(before);
  pk_profile_free(after);
}

int main(void) {
  test_owning();
  test_counts_for_time();
  test_binomial_tails();
  test_change_p_value();
  test_classes();
  test_no_normalize_and_removed();
  return pk_check_exit("test_diff");
}
