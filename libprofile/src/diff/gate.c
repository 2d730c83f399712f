/*
 * diff/gate.c - CI gates over a differential profile (see diff.h).
 *
 * fail_if_grown looks at functions, not nodes: a function that got slower
 * through several call paths breaches once, with its whole change.  Only
 * significant growth counts, so a noisy benchmark does not fail a build.
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

static int check_grown(pk_diff_verdict *v, size_t *cap, const pk_diff *d, double limit) {
  size_t n = pk_diff_function_count(d);
  size_t *idx = malloc((n ? n : 1) * sizeof *idx);
  if (!idx) return PK_ENOMEM;
  size_t found = pk_diff_top(d, true, 0, idx);
  int rc = PK_OK;
  for (size_t i = 0; i < found && rc == PK_OK; i++) {
    pk_diff_change c = pk_diff_function_total(d, idx[i]);
    if (c.cls != PK_DIFF_GREW || !(c.delta_pp > limit)) continue;
    pk_diff_breach b = {PK_BREACH_GROWN, NULL, 0, c.delta_pp, c.share_before, limit, c.p_value};
    b.what = pk_diff_function_name(d, idx[i], &b.what_len);
    rc = push_breach(v, cap, &b);
  }
  free(idx);
  return rc;
}

int pk_diff_check(pk_diff_verdict *out, const pk_diff *d, const pk_diff_gates *gates,
                  pk_error *err) {
  memset(out, 0, sizeof *out);
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
                           out->budget_share_before[i], b->max_percent, 0};
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
  free(v->budget_share);
  free(v->budget_share_before);
  memset(v, 0, sizeof *v);
}
