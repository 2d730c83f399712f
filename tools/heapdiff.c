/*
 * heapdiff.c - is memory leaking, and what holds it?  V8 heap snapshots in,
 * a per-class report out.
 *
 *   heapdiff [options] A.heapsnapshot            summary of one snapshot
 *   heapdiff [options] A B [C ...]                diff, verdicts, trends
 *
 * Thin: options, then libprofile (pk_heap_load, pk_heap_analyze,
 * pk_heap_report_build, pk_heap_report_text / _json).  Exit codes: 0 ok,
 * 1 bad input, 2 usage, 3 a gate (--fail-on leak, --max-growth) breached.
 * --flame draws the dominator tree (pk_heap_flame_profile) through the
 * same layout -> scene -> SVG path as flamegen; with two or more snapshots
 * frames are coloured by retained growth (red) or shrinkage (blue).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"
#include "profkit/heap_flame.h"
#include "profkit/heap_report.h"
#include "profkit/html.h"
#include "profkit/outfile.h"
#include "profkit/render.h"
#include "profkit/sourcemap.h"

enum {
  OPT_OUTPUT, OPT_JSON, OPT_TOP, OPT_ALL, OPT_FAIL_ON, OPT_MAX_GROWTH, OPT_MIN_NEW, OPT_MIN_GROWTH,
  OPT_TOLERANCE, OPT_WIDTH, OPT_MAX_RATIO, OPT_PROGRESS, OPT_INPUT_FORMAT, OPT_FLAME, OPT_HTML, OPT_PATHS, OPT_MIN_SHARE, OPT_MAX_TURNOVER,
  OPT_ANY_PROCESS, OPT_SOURCE_MAP, OPT_HELP, OPT_VERSION
};

static const pk_cli_option options[] = {
    {"output", 'o', "FILE", "write the report to FILE (atomically) instead of standard output; FILE.json means --json", OPT_OUTPUT},
    {"json", 0, NULL, "write JSON (schema in docs/heap.md) instead of a table", OPT_JSON},
    {"top", 0, "N", "show only the first N classes", OPT_TOP},
    {"all", 'a', NULL, "diff: also list stable classes", OPT_ALL},
    {"fail-on", 0, "leak", "exit 3 if any cause (a retainer and what it holds) is judged a leak", OPT_FAIL_ON},
    {"max-growth", 0, "SIZE", "exit 3 if the heap total grew by more than SIZE (e.g. 10M)", OPT_MAX_GROWTH},
    {"min-new", 0, "N", "new objects needed for a leak or churn verdict (default 10)", OPT_MIN_NEW},
    {"min-growth", 0, "SIZE", "retained change that counts as growth or shrink (default 4K)", OPT_MIN_GROWTH},
    {"min-share", 0, "FRACTION", "a leak's net growth must also be FRACTION of the heap (default 0.001)", OPT_MIN_SHARE},
    {"max-turnover", 0, "FRACTION", "a cause evicting FRACTION of what it adds is bounded, not a leak (default 0.25)",
     OPT_MAX_TURNOVER},
    {"any-process", 0, NULL, "compare snapshots whose node ids do not match (other process, wrong order) anyway",
     OPT_ANY_PROCESS},
    {"tolerance", 0, "FRACTION", "churn: net retained change within FRACTION of the turnover (default 0.1)", OPT_TOLERANCE},
    {"width", 0, "COLUMNS", "table width (default: the terminal's, else 120)", OPT_WIDTH},
    {"flame", 0, "FILE.svg|FILE.png", "also draw the dominator tree as a flame graph weighted by retained size (PNG by extension)", OPT_FLAME},
    {"html", 0, "FILE.html", "also write an interactive HTML report: verdicts, classes, trends, retention flame graph", OPT_HTML},
    {"paths", 0, "N", "explain the first N leak/growth classes with retainer paths (default 5, 0 = none)", OPT_PATHS},
    {"source-map", 0, "FILE|DIR", "map closures' definition sites to their original names, files and lines with this source map, the *.map files of DIR, or the map a bundle's sourceMappingURL names (repeatable)", OPT_SOURCE_MAP},
    {"max-ratio", 0, "N", "refuse gzip inputs that expand more than N times past 256 MiB (default 100)", OPT_MAX_RATIO},
    {"progress", 0, NULL, "show the progress line even when stderr is no terminal (it is shown on one after 1 s)", OPT_PROGRESS},
    {"input-format", 0, "NAME", "the input format; heapdiff reads one: heapsnapshot", OPT_INPUT_FORMAT},
    {"help", 'h', NULL, "show this help", OPT_HELP},
    {"version", 'V', NULL, "show the version", OPT_VERSION},
    {NULL, 0, NULL, NULL, 0},
};

typedef struct heapdiff_args {
  const char *output, *flame, *html;
  bool json, help, version, fail_on_leak, has_max_growth, progress;
  unsigned long long max_growth;
  pk_heap_text_options text;
  pk_heap_verdict_options verdict;
  pk_heap_options load;
  const char *source_map_paths[64];
  size_t source_map_count;
} heapdiff_args;

static int on_option(void *payload, int id, const char *v) {
  heapdiff_args *a = payload;
  unsigned long long n;
  double d;
  switch (id) {
    case OPT_OUTPUT: a->output = v; break;
    case OPT_JSON: a->json = true; break;
    case OPT_TOP:
      if (!pk_cli_double("top", v, 1, 1e9, &d)) return PK_EXIT_USAGE;
      a->text.top = (size_t)d;
      break;
    case OPT_ALL: a->text.all = true; break;
    case OPT_FAIL_ON:
      if (strcmp(v, "leak") != 0) {
        pk_cli_fail("--fail-on: only 'leak' is supported, not '%s'", v);
        return PK_EXIT_USAGE;
      }
      a->fail_on_leak = true;
      break;
    case OPT_MAX_GROWTH:
      if (!pk_cli_size("max-growth", v, &a->max_growth)) return PK_EXIT_USAGE;
      a->has_max_growth = true;
      break;
    case OPT_MIN_NEW:
      if (!pk_cli_double("min-new", v, 0, 1e15, &d)) return PK_EXIT_USAGE;
      a->verdict.min_new = (uint64_t)d;
      break;
    case OPT_MIN_GROWTH:
      if (!pk_cli_size("min-growth", v, &n)) return PK_EXIT_USAGE;
      a->verdict.min_growth = n;
      break;
    case OPT_TOLERANCE:
      if (!pk_cli_double("tolerance", v, 0, 1e6, &a->verdict.tolerance)) return PK_EXIT_USAGE;
      break;
    case OPT_WIDTH:
      if (!pk_cli_double("width", v, 40, 10000, &d)) return PK_EXIT_USAGE;
      a->text.width = (size_t)d;
      break;
    case OPT_MIN_SHARE:
      if (!pk_cli_double("min-share", v, 0, 1, &a->verdict.min_share)) return PK_EXIT_USAGE;
      break;
    case OPT_MAX_TURNOVER:
      if (!pk_cli_double("max-turnover", v, 0, 1e6, &a->verdict.max_turnover)) return PK_EXIT_USAGE;
      break;
    case OPT_ANY_PROCESS: a->verdict.any_process = true; break;
    case OPT_INPUT_FORMAT: /* accepted for symmetry with flamegen/flamediff: there is one reader */
      if (strcmp(v, "heapsnapshot") != 0) {
        pk_cli_fail("--input-format: heapdiff reads heap snapshots only (heapsnapshot), not '%s'", v);
        return PK_EXIT_USAGE;
      }
      break;
    case OPT_MAX_RATIO:
      if (!pk_cli_double("max-ratio", v, 1, 1e9, &a->load.limits.max_ratio)) return PK_EXIT_USAGE;
      break;
    case OPT_FLAME: a->flame = v; break;
    case OPT_HTML: a->html = v; break;
    case OPT_PATHS:
      if (!pk_cli_double("paths", v, 0, 1000, &d)) return PK_EXIT_USAGE;
      a->verdict.path_classes = (size_t)d;
      break;
    case OPT_SOURCE_MAP:
      if (a->source_map_count == sizeof a->source_map_paths / sizeof *a->source_map_paths) {
        pk_cli_fail("--source-map: at most 64 (name a directory of maps instead)");
        return PK_EXIT_USAGE;
      }
      a->source_map_paths[a->source_map_count++] = v;
      break;
    case OPT_PROGRESS: a->progress = true; break;
    case OPT_HELP: a->help = true; break;
    case OPT_VERSION: a->version = true; break;
  }
  return 0;
}

/* The report's format follows --json or -o's extension (.json, or .txt /
 * none for the table); the flame graph is SVG.  Anything else is a usage
 * error naming what works. */
static int check_outputs(heapdiff_args *a) {
  const char *ext = a->output && strcmp(a->output, "-") ? pk_cli_extension(a->output) : NULL;
  if (ext && strcmp(ext, ".json") == 0) {
    a->json = true;
  } else if (ext && strcmp(ext, ".txt") != 0) {
    pk_cli_fail("-o %s: the report is a table (.txt) or JSON (.json); no format has the extension %s",
                a->output, ext);
    return PK_EXIT_USAGE;
  } else if (ext && a->json) {
    pk_cli_fail("--json but -o %s names a text table; use a .json file", a->output);
    return PK_EXIT_USAGE;
  }
  if (a->flame && !pk_backend_by_path(a->flame)) {
    pk_cli_fail("--flame %s: the retention flame graph is drawn as SVG or PNG; name a .svg or .png file", a->flame);
    return PK_EXIT_USAGE;
  }
  return 0;
}

static size_t terminal_width(void) {
  struct winsize ws;
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) return ws.ws_col;
  const char *cols = getenv("COLUMNS");
  if (cols && atoi(cols) >= 40) return (size_t)atoi(cols);
  return 120;
}

static int load_all(pk_heap **snaps, char **paths, int count, heapdiff_args *a, pk_error *err) {
  pk_heap_options o = a->load;
  o.progress = pk_cli_progress_start(a->progress);
  for (int i = 0; i < count; i++) {
    pk_cli_progress_phase(paths[i], "reading");
    int rc = pk_heap_load(&snaps[i], paths[i], &o, err);
    if (rc == 0) pk_cli_progress_phase(paths[i], "analyzing");
    if (rc == 0) rc = pk_heap_analyze(snaps[i], err);
    /* keep one full graph at a time; the last one only for retainer paths
     * (the report and the flame graph do without it) */
    bool want_paths = count >= 2 && a->verdict.path_classes;
    if (rc == 0 && (i + 1 < count || !want_paths)) pk_heap_drop_graph(snaps[i]);
    if (rc < 0) return rc;
  }
  return 0;
}

/* The --source-map files, directories and bundles as one set (NULL if none). */
static int load_source_maps(pk_source_maps **out, const heapdiff_args *a, pk_error *err) {
  *out = NULL;
  if (!a->source_map_count) return 0;
  pk_source_maps *maps = pk_source_maps_new();
  if (!maps) return pk_error_set(err, PK_ENOMEM, "--source-map", PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  for (size_t i = 0; i < a->source_map_count; i++) {
    int rc = pk_source_maps_add_path(maps, a->source_map_paths[i], err);
    if (rc < 0) {
      pk_source_maps_free(maps);
      return rc;
    }
  }
  *out = maps;
  return 0;
}

static int write_report(const pk_heap_report *r, const heapdiff_args *a, pk_error *err) {
  pk_outfile *out;
  int rc = pk_outfile_open(&out, a->output, err);
  if (rc < 0) return rc;
  FILE *f = pk_outfile_stream(out);
  rc = a->json ? pk_heap_report_json(f, r, &a->text) : pk_heap_report_text(f, r, &a->text);
  if (rc < 0) {
    pk_outfile_abort(out);
    return pk_error_set(err, rc, a->output ? a->output : "<stdout>", PK_NO_POSITION, PK_NO_POSITION,
                        "write failed");
  }
  return pk_outfile_commit(out, err);
}

/* Differential colouring: red for retained growth, blue for shrinkage,
 * stronger with the relative change; grey when unchanged. */
static pk_rgb growth_color(void *payload, const pk_profile *p, const pk_rect *rect) {
  size_t last = pk_profile_type_count(p) - 1;
  (void)payload;
  if (rect->node == PK_NONE) return (pk_rgb){200, 200, 200};
  const int64_t *t = pk_profile_total(p, rect->node);
  int64_t before = t[0], after = t[last], base = before > after ? before : after;
  if (base == 0 || before == after) return (pk_rgb){210, 210, 210};
  double r = (double)(after - before) / (double)base;
  uint8_t fade = (uint8_t)(210 - 170 * (r < 0 ? -r : r));
  return r > 0 ? (pk_rgb){255, fade, fade} : (pk_rgb){fade, fade, 255};
}

static void growth_tooltip(void *payload, const pk_profile *p, const pk_rect *rect, char *buf, size_t size) {
  size_t last = pk_profile_type_count(p) - 1;
  (void)payload;
  if (rect->node == PK_NONE) return;
  const int64_t *t = pk_profile_total(p, rect->node);
  char before[32], after[32], delta[32];
  pk_heap_format_size(before, sizeof before, t[0], false);
  pk_heap_format_size(after, sizeof after, t[last], false);
  pk_heap_format_size(delta, sizeof delta, t[last] - t[0], true);
  snprintf(buf, size, "retained %s -> %s (%s)", before, after, delta);
}

static int write_flame(pk_heap *const *snaps, int count, const char *path, pk_error *err) {
  pk_profile *p = NULL;
  pk_outfile *out = NULL;
  const pk_backend *backend = pk_backend_by_path(path); /* checked by the option parser */
  if (backend->shutdown) atexit(backend->shutdown);
  int rc = pk_heap_flame_profile(&p, snaps, (size_t)count, PK_HEAP_FLAME_DEPTH, err);
  pk_scene_options so = PK_SCENE_OPTIONS_INIT;
  so.title = count > 1 ? "Heap retention: growth since the first snapshot" : "Heap retention (dominator tree)";
  /* root at the top, so the first screen holds the biggest holders */
  so.inverted = true;
  so.legend = count > 1 ? "top: all = the heap total; below each frame, what it retains (dominator tree); "
                          "red: retained size grew since the first snapshot, blue: shrank, grey: unchanged"
                        : "top: all = the heap total; below each frame, what it retains (dominator tree); "
                          "width = retained size";
  so.subtitle = pk_heap_path(snaps[count - 1]);
  so.countname = "bytes";
  so.nametype = "Class:";
  so.palette = PK_PALETTE_MEM;
  if (count > 1) {
    so.color = growth_color;
    so.tooltip = growth_tooltip;
  }
  pk_layout_options lo = PK_LAYOUT_OPTIONS_INIT;
  lo.type = (size_t)count - 1;
  /* frames under a pixel are left out, so no row holds only slivers */
  lo.min_fraction = pk_scene_min_fraction(&so, 1.0);
  if (rc == 0) rc = pk_outfile_open(&out, path, err);
  if (rc == 0) rc = pk_outfile_close(out, pk_render_draw(pk_outfile_stream(out), p, &lo, &so, false, backend, err), err);
  pk_profile_free(p);
  return rc;
}

/* The HTML report: the report's tables and the retention flame graph,
 * coloured as --flame colours it. */
static int write_html(pk_heap *const *snaps, int count, const pk_heap_report *r, const char *path,
                      pk_error *err) {
  pk_profile *p = NULL;
  pk_outfile *out = NULL;
  pk_scene_options so = {0};
  so.subtitle = pk_heap_path(snaps[count - 1]);
  so.palette = PK_PALETTE_MEM;
  if (count > 1) so.color = growth_color;
  int rc = pk_heap_flame_profile(&p, snaps, (size_t)count, PK_HEAP_FLAME_DEPTH, err);
  if (rc == 0) rc = pk_outfile_open(&out, path, err);
  if (rc == 0) rc = pk_outfile_close(out, pk_html_heap(pk_outfile_stream(out), r, p, &so, err), err);
  pk_profile_free(p);
  return rc;
}

/* "gate breached: 1 leak: Map `pending` (+478.2 kB)" naming up to three. */
static void gate_leaks(const pk_heap_report *r) {
  char names[600] = "";
  size_t len = 0, shown = 0;
  for (size_t i = 0; i < pk_heap_report_cause_count(r) && shown < 3; i++) {
    const pk_heap_cause *c = pk_heap_report_cause(r, i);
    if (c->verdict != PK_HEAP_LEAK) continue;
    char net[32];
    pk_heap_format_size(net, sizeof net, c->net_bytes, true);
    len += (size_t)snprintf(names + len, len < sizeof names ? sizeof names - len : 0, "%s%.150s (%s)",
                            shown++ ? ", " : "", c->holder, net);
    if (len >= sizeof names) break;
  }
  size_t n = pk_heap_report_leak_count(r);
  pk_cli_fail("gate breached: %zu leak%s: %s%s", n, n == 1 ? "" : "s", names, n > shown ? ", ..." : "");
}

int main(int argc, char **argv) {
  pk_cli_set_tool("heapdiff");
  pk_outfile_guard_signals();
  /* A measuring knob of the tool: the library's phase marks on stderr. */
  if (getenv("PK_HEAP_PHASES")) pk_heap_phase_log(stderr);
  heapdiff_args a = {0};
  a.verdict = (pk_heap_verdict_options)PK_HEAP_VERDICT_OPTIONS_INIT;
  a.load = (pk_heap_options)PK_HEAP_OPTIONS_INIT;
  a.text = (pk_heap_text_options)PK_HEAP_TEXT_OPTIONS_INIT;
  int first;
  int rc = pk_cli_parse(argc, argv, options, on_option, &a, &first);
  if (rc) return rc;
  if (a.help) {
    pk_cli_usage(stdout, "[options] A.heapsnapshot [B.heapsnapshot ...]",
                 "Summarise one V8 heap snapshot, or diff two or more taken from the same process:\n"
                 "per class counts, shallow and retained sizes, and a verdict (leak, growth, churn,\n"
                 "shrink, stable) with its reason.  Inputs may be gzip'd.",
                 options, "--fail-on leak, --max-growth");
    return PK_EXIT_OK;
  }
  if (a.version) {
    pk_cli_version();
    return PK_EXIT_OK;
  }
  if ((rc = check_outputs(&a)) != 0) return rc;
  int count = argc - first;
  if (count < 1 || count > PK_HEAP_MAX_SNAPSHOTS) {
    pk_cli_fail("expected 1 to %d snapshot files (try --help)", PK_HEAP_MAX_SNAPSHOTS);
    return PK_EXIT_USAGE;
  }
  if (!a.text.width) a.text.width = terminal_width();
  pk_heap *snaps[PK_HEAP_MAX_SNAPSHOTS] = {0};
  pk_heap_report *report = NULL;
  pk_error err;
  pk_error_clear(&err);
  pk_source_maps *maps = NULL;
  rc = load_source_maps(&maps, &a, &err);
  a.verdict.source_maps = maps;
  if (rc == 0) rc = load_all(snaps, argv + first, count, &a, &err);
  if (rc == 0) rc = pk_heap_report_build(&report, snaps, (size_t)count, &a.verdict, &err);
  if (rc == 0 && a.flame) rc = write_flame(snaps, count, a.flame, &err);
  if (rc == 0 && a.html) rc = write_html(snaps, count, report, a.html, &err);
  for (int i = 0; i < count; i++) pk_heap_free(snaps[i]);
  if (rc == 0) rc = write_report(report, &a, &err);
  if (rc < 0) {
    pk_cli_error(&err);
    pk_heap_report_free(report);
    pk_source_maps_free(maps);
    return pk_cli_exit_for(rc);
  }
  int status = PK_EXIT_OK;
  if (pk_heap_report_warning(report)[0]) pk_cli_fail("warning: %s", pk_heap_report_warning(report));
  if (a.fail_on_leak && pk_heap_report_leak_count(report) > 0) {
    gate_leaks(report);
    status = PK_EXIT_GATE;
  }
  if (a.has_max_growth && count > 1) {
    int64_t growth = (int64_t)pk_heap_report_stats(report, (size_t)count - 1)->total -
                     (int64_t)pk_heap_report_stats(report, 0)->total;
    if (growth > 0 && (unsigned long long)growth > a.max_growth) {
      char grown[32];
      pk_heap_format_size(grown, sizeof grown, growth, true);
      pk_cli_fail("gate breached: heap total grew %s (limit %llu bytes)", grown, a.max_growth);
      status = PK_EXIT_GATE;
    }
  }
  pk_heap_report_free(report);
  pk_source_maps_free(maps);
  return status;
}
