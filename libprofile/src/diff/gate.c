/*
 * diff/gate.c - CI gates over a differential profile (see diff.h).
 *
 * fail_if_grown looks at functions, not nodes: a function that got slower
 * through several call paths breaches once, with its whole change.  Its
 * self (flat) share and its total (cum) share are both gated: a function
 * already near 100% inclusive can only grow in self.  Only significant
 * growth counts, so a noisy benchmark does not fail a build, and breaches
 * on one call path fold into one line (diff/breach_paths.c).
 * A budget is the share of samples whose stack passes through a matching
 * frame: a forward sweep over the nodes (parents come first) carries "an
 * ancestor matched" down, and a node adds its total only where the match
 * starts, so each sample counts once.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff_internal.h"
#include "model/frame_match.h"
#include "util/grow.h"

int pk_diff_parse_budget(pk_diff_budget *out, const char *text, pk_error *err) {
  const char *sep = NULL;
  for (const char *s = strstr(text, "<="); s; s = strstr(s + 1, "<=")) sep = s;
  if (!sep || sep == text)
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "--budget: expected 'REGEX<=PERCENT', got '%s'", text);
  char *end;
  errno = 0;
  double pct = strtod(sep + 2, &end);
  if (*end == '%') end++;
  if (errno || end == sep + 2 || *end || !(pct >= 0 && pct <= 100))
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "--budget: '%s' is not a percentage from 0 to 100", sep + 2);
  size_t len = (size_t)(sep - text);
  char *regex = malloc(len + 1);
  if (!regex)
    return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  memcpy(regex, text, len);
  regex[len] = '\0';
  out->regex = regex;
  out->max_percent = pct;
  return PK_OK;
}

void pk_diff_budget_release(pk_diff_budget *b) {
  free((char *)b->regex);
  b->regex = NULL;
}

int pk_profile_share_matching(double *out, const pk_profile *p, size_t type, const char *re,
                              pk_error *err) {
  *out = 0;
  pk_frame_match m;
  int rc = pk_frame_match_init(&m, p, re, "--budget", err);
  if (rc != PK_OK) return rc;
  size_t nodes = pk_profile_node_count(p);
  uint8_t *inside = calloc(nodes ? nodes : 1, 1);
  if (!inside) {
    pk_frame_match_release(&m);
    return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  double matched = 0;
  for (size_t id = 1; id < nodes; id++) {
    const pk_node *n = pk_profile_node(p, (pk_id)id);
    if (inside[n->parent]) {
      inside[id] = 1;
    } else if (pk_frame_match_frame(&m, n->frame)) {
      inside[id] = 1;
      matched += (double)pk_profile_total(p, (pk_id)id)[type];
    }
  }
  double total = (double)pk_profile_total(p, PK_ROOT)[type];
  *out = total > 0 ? 100.0 * matched / total : 0.0;
  free(inside);
  pk_frame_match_release(&m);
  return PK_OK;
}

static int push_breach(pk_diff_verdict *v, size_t *cap, const pk_diff_breach *b) {
  if (PK_GROW(v->breaches, *cap, v->count + 1) != 0) return PK_ENOMEM;
  v->breaches[v->count++] = *b;
  return PK_OK;
}

static int by_value(const void *a, const void *b) {
  const pk_diff_breach *x = a, *y = b;
  if (x->value != y->value) return x->value > y->value ? -1 : 1;
  return x->function < y->function ? -1 : x->function > y->function;
}

/* Whether a function's self or total row breaches: grew by more than
 * limit points, significantly (see collect_grown). */
static bool grown(const pk_diff *d, const int64_t *row, const pk_diff_change *c, double limit, double alpha) {
  if (c->cls != PK_DIFF_GREW || !(c->delta_pp > limit)) return false;
  if (pk_diff_by_runs(d)) return pk_diff_runs_p_grown(d, row, limit) < d->alpha / 2.0;
  return c->p_value < alpha;
}

/* Every function whose self (flat) or total (cum) share grew significantly
 * by more than limit points, flat first when both did, largest first.
 * The gate asks one question of the whole profile ("did anything grow?"),
 * so it must hold its error rate over every function it looks at:
 *  - one run a side: each of the 2 x functions binomial tests runs at
 *    alpha / (2 x functions) (Bonferroni), so that sampling noise trips
 *    the gate with probability at most alpha however many functions the
 *    profile has;
 *  - several runs: the quasi-binomial t test asks whether the share grew
 *    by more than limit points (its null is a growth of exactly limit, one
 *    sided), at alpha / 2 for each of self and total.  A function whose
 *    share did not move is then limit / se standard errors away from
 *    tripping, and the t test on 3 or 4 runs would have no power left
 *    under a further correction (docs/diff.md). */
static int collect_grown(pk_diff_verdict *v, const pk_diff *d, double limit) {
  size_t n = pk_diff_function_count(d), cap = 0;
  double alpha = d->alpha / (2.0 * (double)(n ? n : 1));
  for (size_t i = 0; i < n; i++) {
    pk_diff_change s = pk_diff_function_self(d, i), t = pk_diff_function_total(d, i);
    const pk_function_row *row = &d->functions->rows[i];
    bool flat = grown(d, row->self, &s, limit, alpha);
    if (!flat && !grown(d, row->total, &t, limit, alpha)) continue;
    const pk_diff_change *c = flat ? &s : &t;
    pk_diff_breach b = {PK_BREACH_GROWN, NULL, 0, c->delta_pp, c->share_before, limit, c->p_value,
                        flat, i, 0, 0};
    b.what = pk_diff_function_name(d, i, &b.what_len);
    if (v->all_count == cap) {
      size_t ncap = cap ? cap * 2 : 8;
      pk_diff_breach *nb = realloc(v->all_breaches, ncap * sizeof *nb);
      if (!nb) return PK_ENOMEM;
      v->all_breaches = nb;
      cap = ncap;
    }
    v->all_breaches[v->all_count++] = b;
  }
  if (v->all_count) qsort(v->all_breaches, v->all_count, sizeof *v->all_breaches, by_value);
  return PK_OK;
}

/* One line per regression (breach_paths.c), context counted; each of
 * all_breaches then names its line's index in breaches. */
static int check_grown(pk_diff_verdict *v, size_t *cap, const pk_diff *d, double limit) {
  int rc = collect_grown(v, d, limit);
  if (rc == PK_OK) rc = pk_diff_fold_breaches(v, d);
  size_t *line_of = rc == PK_OK ? malloc((v->all_count ? v->all_count : 1) * sizeof *line_of) : NULL;
  if (rc == PK_OK && !line_of) rc = PK_ENOMEM;
  for (size_t i = 0; rc == PK_OK && i < v->all_count; i++) {
    if (v->all_breaches[i].line != i) continue;
    pk_diff_breach b = v->all_breaches[i];
    for (size_t j = 0; j < v->all_count; j++) b.context += j != i && v->all_breaches[j].line == i;
    line_of[i] = b.line = v->count;
    rc = push_breach(v, cap, &b);
  }
  for (size_t i = 0; rc == PK_OK && i < v->all_count; i++)
    v->all_breaches[i].line = line_of[v->all_breaches[i].line];
  free(line_of);
  return rc;
}

int pk_diff_check(pk_diff_verdict *out, const pk_diff *d, const pk_diff_gates *gates,
                  pk_error *err) {
  memset(out, 0, sizeof *out);
  int version_rc = pk_error_check_version(err, "pk_diff_gates", gates->version, PK_DIFF_GATES_VERSION);
  if (version_rc != PK_OK) return version_rc;
  size_t cap = 0;
  int rc = PK_OK;
  if (gates->fail_if_grown >= 0) rc = check_grown(out, &cap, d, gates->fail_if_grown);
  if (rc == PK_OK && gates->budget_count) {
    out->budget_count = gates->budget_count;
    out->budget_share = calloc(gates->budget_count, sizeof *out->budget_share);
    out->budget_share_before = calloc(gates->budget_count, sizeof *out->budget_share_before);
    if (!out->budget_share || !out->budget_share_before) rc = PK_ENOMEM;
  }
  for (size_t i = 0; rc == PK_OK && i < gates->budget_count; i++) {
    const pk_diff_budget *b = &gates->budgets[i];
    rc = pk_profile_share_matching(&out->budget_share[i], d->profile, PK_DIFF_AFTER, b->regex, err);
    if (rc == PK_OK)
      rc = pk_profile_share_matching(&out->budget_share_before[i], d->profile, PK_DIFF_BEFORE,
                                     b->regex, err);
    if (rc != PK_OK) break;
    if (out->budget_share[i] > b->max_percent) {
      pk_diff_breach br = {PK_BREACH_BUDGET, b->regex, strlen(b->regex), out->budget_share[i],
                           out->budget_share_before[i], b->max_percent, 0, false, 0, 0, 0};
      rc = push_breach(out, &cap, &br);
    }
  }
  if (rc == PK_ENOMEM) pk_error_set(err, rc, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  if (rc != PK_OK) pk_diff_verdict_release(out);
  return rc;
}

void pk_diff_verdict_release(pk_diff_verdict *v) {
  if (!v) return;
  free(v->breaches);
  free(v->all_breaches);
  free(v->budget_share);
  free(v->budget_share_before);
  memset(v, 0, sizeof *v);
}
