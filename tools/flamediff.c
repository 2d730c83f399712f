/*
 * flamediff.c - differential flame graphs, reports and CI gates.
 *
 *   flamediff [options] BEFORE AFTER     (any formats flamegen reads)
 *   flamediff [options] DIFF.folded      (two counts a line, as difffolded.pl writes)
 *
 * Reads both sides (filters and --reverse apply to each), builds a pk_diff
 * (libprofile/diff.h: normalisation, noise test, classes), then writes any
 * of: the graph (SVG/PNG, coloured by diff_paint.h; or two-count folded
 * text), a --top table, --json and --markdown reports.  Gates make the exit
 * status 3 and name every breach on stderr.
 *
 * Standard output takes the graph unless a report claims it (--top, or
 * --json -/--markdown - ), so `flamediff a b > diff.svg` and
 * `flamediff a b --markdown - > comment.md` both do what they say.
 */
#include <stdlib.h>
#include <string.h>

#include "profkit/diff.h"
#include "profkit/diff_paint.h"
#include "profkit/escape.h"
#include "profkit/folded.h"
#include "profkit/html.h"
#include "profkit/outfile.h"
#include "view_flags.h"

enum {
  OPT_NORMALIZE, OPT_NO_NORMALIZE, OPT_NEGATE, OPT_SHOW_REMOVED, OPT_CONFIDENCE, OPT_TOP,
  OPT_JSON, OPT_MARKDOWN, OPT_FAIL_IF_GROWN, OPT_BUDGET, OPT_BEFORE, OPT_AFTER, OPT_HELP, OPT_VERSION
};

static const pk_cli_option options[] = {
    PK_VIEW_OUTPUT_ROWS("svg, png, html, folded (two counts: before after)"),
    {"normalize", 'n', NULL, "scale the first profile to the second's total (default when the totals differ)", OPT_NORMALIZE},
    {"no-normalize", 0, NULL, "compare raw counts", OPT_NO_NORMALIZE},
    {"negate", 0, NULL, "swap the colours: blue for growth, red for shrinkage", OPT_NEGATE},
    {"show-removed", 0, NULL, "draw frames present only in the first profile (in blue)", OPT_SHOW_REMOVED},
    {"confidence", 0, "PCT", "confidence of the noise test, in percent (default 99)", OPT_CONFIDENCE},
    {"top", 0, "N", "print the N largest significant changes by self and by total", OPT_TOP},
    {"json", 0, "FILE", "write a JSON report (schema: docs/diff.md) to FILE, - for stdout", OPT_JSON},
    {"markdown", 0, "FILE", "write a Markdown report (for a pull request) to FILE, - for stdout", OPT_MARKDOWN},
    {"before", 0, "FILE|DIR", "a run of the first side (repeatable; a directory gives all its files)", OPT_BEFORE},
    {"after", 0, "FILE|DIR", "a run of the second side (repeatable; a directory gives all its files)", OPT_AFTER},
    {"fail-if-grown", 0, "PCT", "exit 3 if a function's self or total share grew significantly by more than PCT points", OPT_FAIL_IF_GROWN},
    {"budget", 0, "REGEX<=PCT", "exit 3 if stacks through frames matching REGEX exceed PCT% (repeatable)", OPT_BUDGET},
    PK_VIEW_GRAPH_ROWS_TITLED("Differential Flame Graph", "Differential Icicle Graph"),
    PK_VIEW_FILTER_ROWS,
    PK_VIEW_READ_ROWS,
    {"help", 'h', NULL, "show this help", OPT_HELP},
    {"version", 'V', NULL, "show the version", OPT_VERSION},
    {NULL, 0, NULL, NULL, 0},
};

typedef struct flamediff_args {
  pk_view view;
  pk_diff_options diff;
  bool negate, help, version;
  double confidence_pct;
  unsigned long long top;
  const char *json, *markdown;
  pk_diff_gates gates;
  pk_diff_budget budgets[64];
  pk_cli_paths before, after;  /* runs of each side */
} flamediff_args;

static int add_budget(flamediff_args *a, const char *v) {
  if (a->gates.budget_count == sizeof a->budgets / sizeof *a->budgets) {
    pk_cli_fail("--budget: at most %zu budgets", sizeof a->budgets / sizeof *a->budgets);
    return PK_EXIT_USAGE;
  }
  pk_error err;
  if (pk_diff_parse_budget(&a->budgets[a->gates.budget_count], v, &err) != PK_OK) {
    pk_cli_fail("%s", err.message);
    return PK_EXIT_USAGE;
  }
  a->gates.budget_count++;
  return 0;
}

static int on_option(void *payload, int id, const char *v) {
  flamediff_args *a = payload;
  if (id >= PK_VIEW_ID_FIRST) return pk_view_option(&a->view, id, v);
  switch (id) {
    case OPT_NORMALIZE: a->diff.normalize = 1; break;
    case OPT_NO_NORMALIZE: a->diff.normalize = 0; break;
    case OPT_NEGATE: a->negate = true; break;
    case OPT_SHOW_REMOVED: a->diff.show_removed = true; break;
    case OPT_CONFIDENCE:
      if (!pk_cli_double("confidence", v, 50, 99.9999, &a->confidence_pct)) return PK_EXIT_USAGE;
      a->diff.confidence = a->confidence_pct / 100.0;
      break;
    case OPT_TOP:
      if (!pk_cli_size("top", v, &a->top) || a->top == 0) {
        pk_cli_fail("--top: '%s' is not a positive number of rows", v);
        return PK_EXIT_USAGE;
      }
      break;
    case OPT_JSON: a->json = v; break;
    case OPT_MARKDOWN: a->markdown = v; break;
    case OPT_FAIL_IF_GROWN:
      if (!pk_cli_double("fail-if-grown", v, 0, 100, &a->gates.fail_if_grown)) return PK_EXIT_USAGE;
      break;
    case OPT_BUDGET: return add_budget(a, v);
    case OPT_BEFORE: return pk_cli_paths_add(&a->before, v) ? 0 : PK_EXIT_USAGE;
    case OPT_AFTER: return pk_cli_paths_add(&a->after, v) ? 0 : PK_EXIT_USAGE;
    case OPT_HELP: a->help = true; break;
    case OPT_VERSION: a->version = true; break;
  }
  return 0;
}

static bool is_stdout(const char *path) { return path && strcmp(path, "-") == 0; }

/* Which outputs go where; PK_EXIT_USAGE when two claim standard output. */
static int plan_outputs(flamediff_args *a, bool *graph) {
  int on_stdout = (a->top ? 1 : 0) + is_stdout(a->json) + is_stdout(a->markdown);
  if (on_stdout > 1) {
    pk_cli_fail("only one of --top, --json -, --markdown - can write to standard output");
    return PK_EXIT_USAGE;
  }
  *graph = a->view.output || on_stdout == 0;
  if (a->view.flamechart) {
    pk_cli_fail("--flamechart is not available for differential graphs");
    return PK_EXIT_USAGE;
  }
  static const char *const own_formats[] = {"folded", NULL};
  int rc = pk_view_finish(&a->view, own_formats);
  return rc;
}

/* Reads one input with the view's filters and --reverse applied. */
static int read_side(pk_profile **p, const char *path, const pk_view *v, size_t *type, pk_view_dropped *dropped,
                     pk_error *err) {
  int rc = pk_view_read(p, path, v, type, err);
  if (rc == PK_OK) rc = pk_view_transform(p, v, *type, dropped, err);
  return rc;
}

static bool counts_samples(const pk_profile *p, size_t type) {
  return strcmp(pk_profile_string(p, pk_profile_type(p, type).unit, NULL), "count") == 0;
}

/* The noise test needs sample counts: when the compared columns hold time
 * or bytes, test the inputs' sample-count columns instead, or say that
 * there are none. */
static void pick_count_types(pk_diff_options *o, const pk_profile *before, size_t before_type,
                             const pk_profile *after, size_t after_type, char **paths) {
  int cb = pk_diff_count_type(before, before_type), ca = pk_diff_count_type(after, after_type);
  if (cb >= 0 && ca >= 0) {
    o->before_count_type = cb;
    o->after_count_type = ca;
  } else if (!counts_samples(before, before_type) || !counts_samples(after, after_type)) {
    fprintf(stderr, "%s: warning: %s: no sample counts to test; the noise test treats the values "
            "as counts, which overstates significance\n", pk_cli_tool(),
            counts_samples(before, before_type) ? paths[1] : paths[0]);
  }
}

/* The graph has the second side's shape: what the filters left out of it
 * is what the graph does not show (dropped). */
static int read_diff(pk_diff **d, char **paths, int count, const flamediff_args *a, pk_view_dropped *dropped,
                     pk_error *err) {
  pk_profile *before = NULL, *after = NULL;
  size_t before_type = 0, after_type = 0;
  int rc;
  if (count == 1) {
    rc = read_side(&before, paths[0], &a->view, &before_type, dropped, err);
    if (rc == PK_OK && pk_profile_type_count(before) < 2)
      rc = pk_error_set(err, PK_EPARSE, paths[0], PK_NO_POSITION, PK_NO_POSITION,
                        "one input must hold two counts a line (stack before after); "
                        "otherwise give two profiles");
    before_type = 0;
    after_type = 1;
  } else {
    pk_profile *sides[2];
    size_t types[2];
    pk_view_dropped both[2];
    rc = pk_view_read_pair(sides, types, paths, &a->view, both, err);
    if (rc == PK_OK) *dropped = both[1];
    before = sides[0], after = sides[1];
    before_type = types[0], after_type = types[1];
  }
  if (rc == PK_OK) {
    pk_diff_options o = a->diff;
    pick_count_types(&o, before, before_type, after ? after : before, after_type, paths);
    if (after) { /* the diff is built inside after: no copy of its tree */
      rc = pk_diff_new_owning(d, before, before_type, after, after_type, &o, err);
      after = NULL;
    } else {
      rc = pk_diff_new(d, before, before_type, before, after_type, &o, err);
    }
    if (rc == PK_EINVAL) rc = PK_EPARSE; /* an empty side is bad input, not bad usage */
  }
  pk_profile_free(before);
  pk_profile_free(after);
  return rc;
}

/* Several runs a side: each run read with the view's filters, its sample
 * counts found, then one diff of the sums tested against the runs' spread. */
static int read_runs(pk_diff **d, const flamediff_args *a, pk_view_dropped *dropped, pk_error *err) {
  const pk_cli_paths *lists[2] = {&a->before, &a->after};
  size_t n = a->before.count + a->after.count;
  pk_profile **runs = calloc(n, sizeof *runs);
  size_t *types = calloc(n, sizeof *types);
  int *count_types = calloc(n, sizeof *count_types);
  int rc = runs && types && count_types ? PK_OK
                                         : pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION,
                                                        "out of memory");
  bool values_tested = false;
  for (size_t i = 0; rc == PK_OK && i < n; i++) {
    const char *path = i < a->before.count ? a->before.paths[i] : a->after.paths[i - a->before.count];
    pk_view_dropped one;
    rc = read_side(&runs[i], path, &a->view, &types[i], &one, err);
    if (rc != PK_OK) break;
    if (i >= a->before.count) { /* the after runs: frames summed, shares averaged */
      dropped->frames += one.frames;
      dropped->percent += one.percent / (double)a->after.count;
    }
    count_types[i] = pk_diff_count_type(runs[i], types[i]);
    if (count_types[i] < 0 && !counts_samples(runs[i], types[i]) && !values_tested) {
      fprintf(stderr, "%s: warning: %s: no sample counts to test; the noise test treats the values "
              "as counts, which overstates significance\n", pk_cli_tool(), path);
      values_tested = true;
    }
  }
  if (rc == PK_OK) {
    pk_diff_side before = {(const pk_profile *const *)runs, lists[0]->count, types, count_types};
    pk_diff_side after = {(const pk_profile *const *)runs + lists[0]->count, lists[1]->count,
                          types + lists[0]->count, count_types + lists[0]->count};
    rc = pk_diff_new_runs(d, &before, &after, &a->diff, err);
    if (rc == PK_EINVAL) rc = PK_EPARSE;
  }
  for (size_t i = 0; runs && i < n; i++) pk_profile_free(runs[i]);
  free(runs);
  free(types);
  free(count_types);
  return rc;
}

static int write_graph(const flamediff_args *a, const pk_diff *d, pk_error *err) {
  const pk_profile *p = pk_diff_profile(d);
  if (a->view.kind == PK_VIEW_WRITER) { /* two-count folded: scaled before, after */
    pk_profile *pair;
    pk_outfile *out;
    int rc = pk_diff_folded_profile(&pair, d, err);
    if (rc != PK_OK) return rc;
    if ((rc = pk_outfile_open(&out, a->view.output, err)) == PK_OK) {
      rc = pk_folded_write(pair, 0, 2, pk_outfile_stream(out), err);
      rc = pk_outfile_close(out, rc, err);
    }
    pk_profile_free(pair);
    return rc;
  }
  pk_scene_options scene = a->view.scene;
  if (!scene.title) scene.title = scene.inverted ? "Differential Icicle Graph" : "Differential Flame Graph";
  pk_diff_paint paint;
  pk_diff_paint_init(&paint, d, a->negate, &scene);
  if (a->view.kind == PK_VIEW_HTML) {
    pk_outfile *out = NULL;
    int rc = pk_outfile_open(&out, a->view.output, err);
    if (rc == PK_OK) rc = pk_outfile_close(out, pk_html_diff(pk_outfile_stream(out), d, &paint, &scene, err), err);
    return rc;
  }
  return pk_view_write(&a->view, p, pk_diff_shown_type(d), &scene, err);
}

typedef int (*report_writer)(FILE *out, const pk_diff *d, const pk_diff_report *r, pk_error *err);

static int write_report(const char *path, report_writer write, const pk_diff *d,
                        const pk_diff_report *r, pk_error *err) {
  pk_outfile *out;
  int rc = pk_outfile_open(&out, is_stdout(path) ? NULL : path, err);
  if (rc != PK_OK) return rc;
  return pk_outfile_close(out, write(pk_outfile_stream(out), d, r, err), err);
}

static void print_breaches(const pk_diff_verdict *v) {
  for (size_t i = 0; i < v->count; i++) {
    fprintf(stderr, "%s: CI gate breached: ", pk_cli_tool());
    pk_diff_write_breach(stderr, v, i, false);
  }
}

static int run(flamediff_args *a, char **paths, int count, bool graph, pk_error *err, bool *breached) {
  pk_diff *d = NULL;
  pk_diff_verdict verdict = {0};
  bool gated = a->gates.fail_if_grown >= 0 || a->gates.budget_count;
  int rc = count ? read_diff(&d, paths, count, a, &a->view.filtered, err) : read_runs(&d, a, &a->view.filtered, err);
  if (rc == PK_OK && gated) rc = pk_diff_check(&verdict, d, &a->gates, err);
  pk_diff_report report = PK_DIFF_REPORT_INIT;
  report.before_name = count == 2 ? paths[0] : "before";
  report.after_name = count == 2 ? paths[1] : "after";
  report.top = (size_t)a->top;
  report.gates = gated ? &a->gates : NULL;
  report.verdict = gated ? &verdict : NULL;
  if (count == 1) report.before_name = report.after_name = paths[0];
  if (count == 0) {
    report.before_name = a->before.count == 1 ? a->before.paths[0] : "before runs";
    report.after_name = a->after.count == 1 ? a->after.paths[0] : "after runs";
  }
  if (rc == PK_OK && graph) rc = write_graph(a, d, err);
  if (rc == PK_OK && a->top) rc = write_report("-", pk_diff_write_text, d, &report, err);
  if (rc == PK_OK && a->json) rc = write_report(a->json, pk_diff_write_json, d, &report, err);
  if (rc == PK_OK && a->markdown) rc = write_report(a->markdown, pk_diff_write_markdown, d, &report, err);
  if (rc == PK_OK && verdict.count) {
    print_breaches(&verdict);
    *breached = true;
  }
  pk_diff_verdict_release(&verdict);
  pk_diff_free(d);
  return rc;
}

int main(int argc, char **argv) {
  pk_cli_set_tool("flamediff");
  pk_outfile_guard_signals();
  flamediff_args a = {0};
  pk_view_init(&a.view);
  pk_diff_options diff_defaults = PK_DIFF_OPTIONS_INIT;
  pk_diff_gates gate_defaults = PK_DIFF_GATES_INIT;
  a.diff = diff_defaults;
  a.gates = gate_defaults;
  a.gates.budgets = a.budgets;
  int first;
  int rc = pk_cli_parse(argc, argv, options, on_option, &a, &first);
  if (rc == 0 && a.help) {
    pk_cli_usage(stdout, "[options] BEFORE AFTER | DIFF.folded | --before RUN... --after RUN...",
                 "Draws a differential flame graph in the shape of AFTER: red where a frame's self share\n"
                 "grew, blue where it shrank; pale with a dashed outline where only its callees' time\n"
                 "(its total) changed; violet new, teal removed; grey where the change is within noise\n"
                 "(binomial test at --confidence; with 2+ runs a side, against the runs' spread), white\n"
                 "where it has no samples of its own. BEFORE/AFTER may be directories of runs. BEFORE is\n"
                 "scaled to AFTER's total when the totals differ (--no-normalize to compare raw counts).\n"
                 "The default title is \"Differential Flame Graph\".\n"
                 "The graph's format follows --format, else -o's extension, else svg.",
                 options, "--fail-if-grown, --budget");
  } else if (rc == 0 && a.version) {
    pk_cli_version();
  } else if (rc == 0 && (argc - first > 2 || (argc - first == 0) != (a.before.count || a.after.count) ||
                          (argc - first == 0 && (!a.before.count || !a.after.count)))) {
    pk_cli_fail("give BEFORE and AFTER (files or directories of runs), one two-count folded file, "
                "or --before and --after (see --help)");
    rc = PK_EXIT_USAGE;
  } else if (rc == 0) {
    bool graph = false, breached = false;
    rc = plan_outputs(&a, &graph);
    pk_error err;
    pk_error_clear(&err);
    int count = argc - first;
    if (rc == 0 && count == 2) { /* directories are sides of several runs */
      if (!pk_cli_paths_add(&a.before, argv[first]) || !pk_cli_paths_add(&a.after, argv[first + 1])) rc = PK_EXIT_USAGE;
      else if (a.before.count > 1 || a.after.count > 1) count = 0;
    }
    if (rc == 0 && (rc = run(&a, argv + first, count, graph, &err, &breached)) != PK_OK) {
      pk_cli_error(&err);
      rc = pk_cli_exit_for(rc);
    } else if (rc == 0 && breached) {
      rc = PK_EXIT_GATE;
    }
  }
  for (size_t i = 0; i < a.gates.budget_count; i++) pk_diff_budget_release(&a.budgets[i]);
  pk_cli_paths_free(&a.before);
  pk_cli_paths_free(&a.after);
  return rc;
}
