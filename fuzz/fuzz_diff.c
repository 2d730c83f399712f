/*
 * fuzz_diff.c - libFuzzer target for differential profiles, filters and
 * the reports: hostile two-count folded text in, every report out.
 *
 * The input is parsed as folded stacks; with two counts a line it becomes
 * a diff (before/after), is checked against invariants (the shown width is
 * the after total; every class agrees with its p-value), then filters
 * and the -top table run, and JSON, Markdown and text
 * reports are written to a memory stream.
 */
#include <stdio.h>
#include <stdlib.h>

#include "profkit/diff.h"
#include "profkit/filter.h"
#include "profkit/folded.h"
#include "profkit/top.h"

static void reports(const pk_diff *d) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return;
  pk_diff_budget budget = {"^[a-m]", 10};
  pk_diff_gates gates = PK_DIFF_GATES_INIT;
  gates.fail_if_grown = 0.5, gates.budgets = &budget, gates.budget_count = 1;
  pk_diff_verdict v;
  if (pk_diff_check(&v, d, &gates, NULL) == PK_OK) {
    /* Every breach folds into an existing line, and lines count them. */
    size_t folded = 0;
    for (size_t i = 0; i < v.all_count; i++)
      if (v.all_breaches[i].line >= v.count) abort();
    for (size_t i = 0; i < v.count; i++) folded += v.breaches[i].context + (v.breaches[i].kind == PK_BREACH_GROWN);
    if (folded != v.all_count) abort();
    pk_diff_report r = {.version = PK_DIFF_REPORT_VERSION, .before_name = "a", .after_name = "b",
                        .top = 5, .gates = &gates, .verdict = &v};
    pk_diff_write_json(f, d, &r, NULL);
    pk_diff_write_markdown(f, d, &r, NULL);
    pk_diff_write_text(f, d, &r, NULL);
    pk_diff_verdict_release(&v);
  }
  fclose(f);
  free(buf);
}

static void check_invariants(const pk_diff *d) {
  const pk_profile *p = pk_diff_profile(d);
  if (pk_profile_total(p, PK_ROOT)[pk_diff_shown_type(d)] != pk_diff_total_after(d)) abort();
  for (size_t id = 0; id < pk_profile_node_count(p); id++) {
    pk_diff_change c = pk_diff_node_self(d, (pk_id)id);
    pk_diff_class cls;
    double x = pk_diff_node_intensity(d, (pk_id)id, &cls);
    if (cls != c.cls || x < -1 || x > 1) abort();
    double m = 0;
    pk_diff_mark mark = pk_diff_node_mark(d, (pk_id)id, &m);
    if ((unsigned)mark > PK_MARK_REMOVED || m < -1 || m > 1) abort();
  }
}

static void filtered(const pk_profile *p) {
  /* Patterns are fixed: they come from the command line, never from a
   * profile (glibc's regcomp is exponential on inputs like "a+++++...",
   * which a user can only do to themselves). */
  pk_filter_options o = PK_FILTER_OPTIONS_INIT;
  o.hide = "^[b-d]";
  o.ignore = "k\\]$";
  o.prune_from = "^(x|y)";
  o.focus = "a|b";
  o.focus_root = true;
  o.min_percent = 1;
  pk_profile *q = NULL;
  if (pk_profile_filter(&q, p, &o, NULL) == PK_OK) {
    FILE *f = fopen("/dev/null", "w");
    pk_top_options t = PK_TOP_OPTIONS_INIT;
    if (f) pk_top_write(f, q, &t, NULL);
    if (f) fclose(f);
  }
  pk_profile_free(q);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  pk_profile *p = pk_profile_new();
  if (!p) return 0;
  if (pk_folded_parse(p, (const char *)data, size, "fuzz", NULL, NULL) == PK_OK &&
      pk_profile_finish(p, NULL) == PK_OK) {
    filtered(p);
    if (pk_profile_type_count(p) >= 2) {
      pk_diff *d = NULL;
      pk_diff_options o = PK_DIFF_OPTIONS_INIT;
      o.show_removed = size % 2;
      if (pk_diff_new(&d, p, 0, p, 1, &o, NULL) == PK_OK) {
        if (!o.show_removed) check_invariants(d);
        reports(d);
      }
      pk_diff_free(d);
    }
  }
  pk_profile_free(p);
  return 0;
}
