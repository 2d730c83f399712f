/*
 * view_flags.c - shared flags of flamegen and flamediff (see view_flags.h).
 *
 * Kept apart from cli.c because it links the renderers: cli.c is generic
 * option parsing, this is "how profkit tools turn a profile into output".
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/html.h"
#include "profkit/layout_chart.h"
#include "profkit/merge_files.h"
#include "profkit/outfile.h"
#include "profkit/render.h"
#include "profkit/top.h"
#include "profkit/transform.h"
#include "view_flags.h"

#include "progress.h"

void pk_view_init(pk_view *v) {
  memset(v, 0, sizeof *v);
  pk_read_options read = PK_READ_OPTIONS_INIT;
  pk_filter_options filter = PK_FILTER_OPTIONS_INIT;
  v->read = read;
  v->read.warn = pk_cli_warn;
  v->filter = filter;
  v->scene = (pk_scene_options)PK_SCENE_OPTIONS_INIT;
  v->scene.color_mode = PK_COLOR_SUM; /* flamegraph.pl's default; --hash for its name hash */
}

static int palette_option(pk_view *v, const char *value) {
  int palette = pk_palette_by_name(value);
  if (palette < 0) {
    pk_cli_fail("--colors: unknown palette '%s' (see --help)", value);
    return PK_EXIT_USAGE;
  }
  v->scene.palette = (pk_palette)palette;
  return 0;
}

static int number(const char *name, const char *value, double min, double max, double *out) {
  return pk_cli_double(name, value, min, max, out) ? 0 : PK_EXIT_USAGE;
}

static int graph_option(pk_view *v, int id, const char *value) {
  pk_scene_options *s = &v->scene;
  switch (id) {
    case PK_VIEW_OUTPUT: v->output = value; return 0;
    case PK_VIEW_FORMAT: v->format = value; return 0;
    case PK_VIEW_TITLE: s->title = value; return 0;
    case PK_VIEW_SUBTITLE: s->subtitle = value; return 0;
    case PK_VIEW_WIDTH: return number("width", value, 100, 1e6, &s->width);
    case PK_VIEW_HEIGHT: return number("height", value, 1, 1000, &s->frame_height);
    case PK_VIEW_MINWIDTH: v->minwidth = value; return 0;
    case PK_VIEW_FONTSIZE: return number("fontsize", value, 1, 500, &s->fontsize);
    case PK_VIEW_FONTTYPE: s->fonttype = value; return 0;
    case PK_VIEW_FONTWIDTH: return number("fontwidth", value, 0.05, 5, &s->fontwidth);
    case PK_VIEW_COLORS: return palette_option(v, value);
    case PK_VIEW_HASH: s->color_mode = PK_COLOR_HASH; return 0;
    case PK_VIEW_COUNTNAME: s->countname = value; return 0;
    case PK_VIEW_NAMETYPE: s->nametype = value; return 0;
    case PK_VIEW_NOTES: s->notes = value; return 0;
    case PK_VIEW_INVERTED: s->inverted = true; return 0;
    case PK_VIEW_REVERSE: v->reverse = true; return 0;
    case PK_VIEW_FLAMECHART: v->flamechart = true; return 0;
  }
  return -1;
}

static int filter_option(pk_view *v, int id, const char *value) {
  pk_filter_options *f = &v->filter;
  switch (id) {
    case PK_VIEW_FOCUS: f->focus = value; return 0;
    case PK_VIEW_FOCUS_ROOT: f->focus_root = true; return 0;
    case PK_VIEW_IGNORE: f->ignore = value; return 0;
    case PK_VIEW_HIDE: f->hide = value; return 0;
    case PK_VIEW_PRUNE_FROM: f->prune_from = value; return 0;
    case PK_VIEW_MIN_PERCENT: return number("min-percent", value, 0, 100, &f->min_percent);
    case PK_VIEW_TOP:
      if (!pk_cli_size("top", value, &v->top) || v->top == 0) {
        pk_cli_fail("--top: '%s' is not a positive number of rows", value);
        return PK_EXIT_USAGE;
      }
      return 0;
    case PK_VIEW_TOP_BY:
      if (strcmp(value, "self") != 0 && strcmp(value, "total") != 0) {
        pk_cli_fail("--top-by: expected self or total, got '%s'", value);
        return PK_EXIT_USAGE;
      }
      v->top_by_total = strcmp(value, "total") == 0;
      return 0;
  }
  return -1;
}

/* The --source-map paths and the maps they hold live until exit; one
 * set per process (a tool has one view). */
static const char **source_map_paths;
static pk_source_maps *source_maps;

static void release_source_maps(void) {
  free(source_map_paths);
  pk_source_maps_free(source_maps);
  source_map_paths = NULL;
  source_maps = NULL;
}

static int source_map_option(pk_view *v, const char *value) {
  const char **grown = realloc(source_map_paths, (v->source_map_count + 1) * sizeof *grown);
  if (!grown) {
    pk_cli_fail("--source-map: out of memory");
    return PK_EXIT_FAILURE;
  }
  if (!source_map_paths) atexit(release_source_maps);
  source_map_paths = grown;
  grown[v->source_map_count++] = value;
  v->source_map_paths = grown;
  return 0;
}

/* Loads every --source-map path: 0, or an exit code after saying why. */
static int load_source_maps(pk_view *v) {
  if (!v->source_map_count || v->source_maps) return 0;
  if (!source_maps && !(source_maps = pk_source_maps_new())) {
    pk_cli_fail("--source-map: out of memory");
    return PK_EXIT_FAILURE;
  }
  for (size_t i = 0; i < v->source_map_count; i++) {
    pk_error err;
    pk_error_clear(&err);
    int rc = pk_source_maps_add_path(source_maps, v->source_map_paths[i], &err);
    if (rc != PK_OK) {
      pk_cli_error(&err);
      return pk_cli_exit_for(rc);
    }
  }
  v->source_maps = source_maps;
  return 0;
}

static int read_option(pk_view *v, int id, const char *value) {
  pk_read_options *r = &v->read;
  unsigned long long size;
  switch (id) {
    case PK_VIEW_SAMPLE_TYPE: v->sample_type = value; return 0;
    case PK_VIEW_PID: r->perf_pid = true; return 0;
    case PK_VIEW_TID: r->perf_tid = true; return 0;
    case PK_VIEW_KERNEL: r->perf_kernel = true; return 0;
    case PK_VIEW_JIT: r->perf_jit = true; return 0;
    case PK_VIEW_ALL: r->perf_kernel = r->perf_jit = true; return 0;
    case PK_VIEW_ADDRS: r->perf_addrs = true; return 0;
    case PK_VIEW_EXCLUDE_IDLE: r->exclude_idle = true; return 0;
    case PK_VIEW_THREAD: r->thread_regex = value; return 0;
    case PK_VIEW_PROCESS: r->process_regex = value; return 0;
    case PK_VIEW_MERGE_THREADS: r->merge_threads = true; return 0;
    case PK_VIEW_MAX_INPUT:
      if (!pk_cli_size("max-input-size", value, &size)) return PK_EXIT_USAGE;
      r->limits.max_bytes = size;
      return 0;
    case PK_VIEW_MAX_RATIO: return number("max-ratio", value, 1, 1e9, &r->limits.max_ratio);
    case PK_VIEW_PROGRESS: v->progress = true; return 0;
    case PK_VIEW_INPUT_FORMAT: r->format = value; return 0;
    case PK_VIEW_SOURCE_MAP: return source_map_option(v, value);
    case PK_VIEW_MAX_DEPTH: {
      double depth;
      int rc = number("max-depth", value, 2, 1e9, &depth);
      r->max_depth = (size_t)depth;
      return rc;
    }
  }
  return -1;
}

int pk_view_option(pk_view *v, int id, const char *value) {
  int rc = graph_option(v, id, value);
  if (rc < 0) rc = filter_option(v, id, value);
  if (rc < 0) rc = read_option(v, id, value);
  return rc;
}

static bool valid_minwidth(const char *v) {
  char *end;
  double x = strtod(v, &end);
  return end != v && (*end == '\0' || (end[0] == '%' && end[1] == '\0')) && x >= 0;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Whether the tool writes format `name`: every drawing back end and the
 * HTML page always; then the tool's own list, or every libprofile writer
 * when it has none. */
static bool tool_writes(const char *name, const char *const *formats) {
  if (pk_backend_by_name(name) || strcmp(name, "html") == 0) return true;
  if (!formats) return pk_writer_by_name(name) != NULL;
  for (size_t i = 0; formats[i]; i++)
    if (strcmp(name, formats[i]) == 0) return true;
  return false;
}

/* The output format path's extension names (a back end's, html or a
 * writer's), or NULL when no format has that extension. */
static const char *format_of_path(const char *path) {
  const pk_backend *b = pk_backend_by_path(path);
  if (b) return b->name;
  if (ends_with(path, ".html") || ends_with(path, ".htm")) return "html";
  const pk_writer *w = pk_writer_by_path(path);
  return w ? w->name : NULL;
}

/* What would work, for an error message: "svg, png, html, folded" or the
 * extensions ".svg, .png, .html, .folded, .collapsed". */
static void list_formats(char *buf, size_t size, const char *const *formats, bool extensions) {
  buf[0] = '\0';
  for (const pk_backend *const *b = pk_backend_list(); *b; b++) {
    size_t used = strlen(buf);
    snprintf(buf + used, size - used, "%s%s", used ? ", " : "", extensions ? (*b)->extension : (*b)->name);
  }
  size_t end = strlen(buf);
  snprintf(buf + end, size - end, extensions ? ", .html" : ", html");
  size_t count;
  const pk_writer *w = pk_writers(&count);
  for (size_t i = 0; i < count; i++) {
    if (!tool_writes(w[i].name, formats)) continue;
    size_t used = strlen(buf);
    if (!extensions) {
      snprintf(buf + used, size - used, ", %s", w[i].name);
      continue;
    }
    for (const char *e = w[i].extensions; *e; e += strcspn(e, " "), e += strspn(e, " ")) {
      used = strlen(buf);
      snprintf(buf + used, size - used, ", %.*s", (int)strcspn(e, " "), e);
    }
  }
}

/* Checks -o, --format and --top together and picks the output kind. */
static int pick_output(pk_view *v, const char *const *formats) {
  char known[256];
  bool named = v->output && strcmp(v->output, "-") != 0;
  const char *by_path = named ? format_of_path(v->output) : NULL;
  bool has_extension = named && pk_cli_extension(v->output);
  if (v->top) {
    if (v->format) {
      pk_cli_fail("--top prints a text table; it cannot be written as --format %s "
                  "(drop --top to write %s)", v->format, v->format);
      return PK_EXIT_USAGE;
    }
    if (by_path) {
      pk_cli_fail("--top prints a text table, not %s: write it to standard output or a .txt file, "
                  "or drop --top to write %s", by_path, v->output);
      return PK_EXIT_USAGE;
    }
    v->kind = PK_VIEW_TABLE;
    return 0;
  }
  if (!v->format && has_extension && !by_path) {
    list_formats(known, sizeof known, formats, true);
    pk_cli_fail("-o %s: no output format has this extension; use one of %s, or name one with "
                "--format", v->output, known);
    return PK_EXIT_USAGE;
  }
  const char *format = v->format ? v->format : by_path ? by_path : "svg";
  if (!tool_writes(format, formats)) {
    list_formats(known, sizeof known, formats, false);
    pk_cli_fail("%s%s: %s cannot write this format; formats: %s", v->format ? "--format " : "-o ",
                v->format ? v->format : v->output, pk_cli_tool(), known);
    return PK_EXIT_USAGE;
  }
  if (v->format && by_path && strcmp(by_path, format) != 0) {
    pk_cli_fail("--format %s but -o %s names %s output; make them agree", v->format, v->output, by_path);
    return PK_EXIT_USAGE;
  }
  v->backend = pk_backend_by_name(format);
  if (v->backend) v->kind = strcmp(format, "png") == 0 ? PK_VIEW_PNG : PK_VIEW_SVG;
  else if (strcmp(format, "html") == 0) v->kind = PK_VIEW_HTML;
  else v->kind = PK_VIEW_WRITER;
  v->writer = v->kind == PK_VIEW_WRITER ? pk_writer_by_name(format) : NULL;
  return 0;
}

int pk_view_finish(pk_view *v, const char *const *formats) {
  v->read.progress = pk_cli_progress_start(v->progress);
  if (v->minwidth && !valid_minwidth(v->minwidth)) {
    pk_cli_fail("--minwidth: '%s' is not a width in pixels or a percentage", v->minwidth);
    return PK_EXIT_USAGE;
  }
  if (v->filter.focus_root && !v->filter.focus) {
    pk_cli_fail("--focus-root needs --focus REGEX");
    return PK_EXIT_USAGE;
  }
  if (v->flamechart && v->reverse) {
    pk_cli_fail("--flamechart keeps the time order; it cannot be combined with --reverse");
    return PK_EXIT_USAGE;
  }
  v->writer = NULL;
  int rc = pick_output(v, formats);
  if (rc) return rc;
  if ((rc = load_source_maps(v)) != 0) return rc;
  if (v->backend && v->backend->shutdown) atexit(v->backend->shutdown);
  if (v->flamechart && (v->kind == PK_VIEW_WRITER || v->kind == PK_VIEW_TABLE)) {
    pk_cli_fail("--flamechart draws a graph; use svg or png output");
    return PK_EXIT_USAGE;
  }
  return 0;
}

int pk_view_read(pk_profile **out, const char *path, const pk_view *v, size_t *type, pk_error *err) {
  if (pk_path_is_directory(path)) { /* the profiles in it, merged: one column */
    *type = 0;
    return pk_profile_merge_files(out, &path, 1, &v->read, v->sample_type, err);
  }
  int rc = pk_read_profile(out, path, &v->read, err);
  if (rc != PK_OK) return rc;
  int found = v->sample_type ? pk_profile_find_type(*out, v->sample_type)
                             : (int)pk_profile_default_type(*out);
  if (found < 0) {
    pk_profile_free(*out);
    *out = NULL;
    return pk_error_set(err, PK_EINVAL, strcmp(path, "-") ? path : "<stdin>", PK_NO_POSITION,
                        PK_NO_POSITION, "no sample type '%s' in this profile", v->sample_type);
  }
  *type = (size_t)found;
  return PK_OK;
}

int pk_view_transform(pk_profile **p, const pk_view *v, size_t type, pk_view_dropped *dropped, pk_error *err) {
  int rc = PK_OK;
  if (dropped) *dropped = (pk_view_dropped){0, 0.0};
  if (v->source_maps) {
    pk_profile *mapped;
    size_t count = 0;
    rc = pk_profile_apply_source_maps(&mapped, *p, v->source_maps, &count, err);
    pk_profile_free(*p);
    *p = rc == PK_OK ? mapped : NULL;
    if (rc != PK_OK) return rc;
    static atomic_flag warned = ATOMIC_FLAG_INIT; /* once, though flamediff maps two sides at once */
    if (count == 0 && v->read.warn && !atomic_flag_test_and_set(&warned))
      v->read.warn(v->read.warn_payload, "--source-map",
                   "no frame matched a source map (a map applies to frames whose file ends in the map's name "
                   "without .map, its \"file\" field, or the bundle that names it)");
  }
  if (!pk_filter_is_identity(&v->filter)) {
    pk_filter_options f = v->filter;
    f.type = type;
    pk_profile *filtered;
    rc = pk_profile_filter(&filtered, *p, &f, err);
    if (rc == PK_OK && dropped) {
      size_t before = pk_profile_node_count(*p), after = pk_profile_node_count(filtered);
      double total = (double)pk_profile_total(*p, PK_ROOT)[type];
      double kept = (double)pk_profile_total(filtered, PK_ROOT)[type];
      dropped->frames = before > after ? before - after : 0;
      dropped->percent = total > 0 && kept < total ? 100.0 * (total - kept) / total : 0.0;
    }
    pk_profile_free(*p);
    *p = rc == PK_OK ? filtered : NULL;
  }
  if (rc == PK_OK && v->reverse) {
    pk_profile *reversed;
    rc = pk_profile_reverse(&reversed, *p, err);
    pk_profile_free(*p);
    *p = rc == PK_OK ? reversed : NULL;
  }
  return rc;
}

typedef struct side {
  const char *path;
  const pk_view *view;
  pk_profile *profile;
  size_t type;
  int rc;
  pk_error err;
  pk_view_dropped dropped;
} side;

static void *read_side(void *arg) {
  side *s = arg;
  pk_error_clear(&s->err);
  s->rc = pk_view_read(&s->profile, s->path, s->view, &s->type, &s->err);
  if (s->rc == PK_OK) s->rc = pk_view_transform(&s->profile, s->view, s->type, &s->dropped, &s->err);
  return NULL;
}

int pk_view_read_pair(pk_profile *out[2], size_t type[2], char *const paths[2], const pk_view *v,
                      pk_view_dropped dropped[2], pk_error *err) {
  /* A diff reads self values only: without filters, the totals are not needed. */
  pk_view untransformed = *v;
  if (pk_filter_is_identity(&v->filter) && !v->reverse) untransformed.read.no_totals = true;
  v = &untransformed;
  side sides[2] = {{paths[0], v, NULL, 0, 0, {0}, {0, 0.0}}, {paths[1], v, NULL, 0, 0, {0}, {0, 0.0}}};
  pthread_t thread;
  bool threaded = strcmp(paths[0], "-") != 0 && strcmp(paths[1], "-") != 0 &&
                  pthread_create(&thread, NULL, read_side, &sides[1]) == 0;
  read_side(&sides[0]);
  if (threaded) pthread_join(thread, NULL);
  else read_side(&sides[1]);
  int failed = sides[0].rc != PK_OK ? 0 : sides[1].rc != PK_OK ? 1 : -1;
  if (failed >= 0) {
    if (err) *err = sides[failed].err;
    pk_profile_free(sides[0].profile);
    pk_profile_free(sides[1].profile);
    out[0] = out[1] = NULL;
    return sides[failed].rc;
  }
  for (int i = 0; i < 2; i++) {
    out[i] = sides[i].profile;
    type[i] = sides[i].type;
    if (dropped) dropped[i] = sides[i].dropped;
  }
  return PK_OK;
}

/* "not drawn: 412 frames narrower than 0.1 px (0.80% of samples); filters
 * left out 30 frames (2.10% of samples)", or false when nothing was left
 * out.  Pruned frames are counted where the cut happens (their callees
 * go with them and are not visited). */
static bool not_drawn(char *buf, size_t size, const pk_view *v, const pk_layout *layout, const char *minwidth) {
  int n = 0;
  buf[0] = '\0';
  if (layout->pruned_count) {
    size_t len = strlen(minwidth);
    bool pct = len && minwidth[len - 1] == '%';
    n = snprintf(buf, size, "not drawn: %zu frame%s narrower than %.*s%s (%.2f%% of %s, with callees)",
                 layout->pruned_count, layout->pruned_count == 1 ? "" : "s", (int)(pct ? len - 1 : len), minwidth,
                 pct ? "%" : " px",
                 layout->total > 0 ? 100.0 * (double)layout->pruned_value / (double)layout->total : 0.0,
                 "the total");
  }
  if (v->filtered.frames && n >= 0 && (size_t)n < size) {
    const char *lead = n ? "; " : "not drawn: ";
    size_t frames = v->filtered.frames;
    if (v->filtered.percent > 0)
      n += snprintf(buf + n, size - (size_t)n, "%sfilters left out %zu frame%s (%.2f%% of the total)", lead,
                    frames, frames == 1 ? "" : "s", v->filtered.percent);
    else /* --hide, --min-percent: the samples stay, in the callers */
      n += snprintf(buf + n, size - (size_t)n, "%sfilters folded %zu frame%s into their callers (no samples lost)",
                    lead, frames, frames == 1 ? "" : "s");
  }
  return n > 0;
}

int pk_view_draw(FILE *out, const pk_view *v, const pk_profile *p, size_t type,
                 const pk_scene_options *scene, pk_error *err) {
  pk_scene_options opts = scene ? *scene : v->scene;
  /* Units said: tooltips count in the type's own unit ("cycles" for perf
   * events weighted by period, "bytes"), and a graph of anything other
   * than plain samples names its sample type under the title. */
  const char *type_name = pk_profile_string(p, pk_profile_type(p, type).type, NULL);
  const char *unit = pk_profile_string(p, pk_profile_type(p, type).unit, NULL);
  bool plain = strcmp(type_name, "samples") == 0 && strcmp(unit, "count") == 0;
  bool own = !scene; /* flamediff passes its own scene and names its columns */
  if (!opts.countname)
    opts.countname = (!*unit || strcmp(unit, "count") == 0) ? (own && *type_name && !plain ? type_name : "samples") : unit;
  char subtitle[256];
  if (!opts.subtitle && !plain && *type_name && own) {
    snprintf(subtitle, sizeof subtitle, "%s, %s", type_name, *unit ? unit : "count");
    opts.subtitle = subtitle;
  }
  if (v->flamechart && !opts.title) opts.title = "Flame Chart";
  pk_layout_options lo = PK_LAYOUT_OPTIONS_INIT;
  lo.type = type;
  const char *mw = v->minwidth ? v->minwidth : "0.1";
  double min = atof(mw);
  size_t len = strlen(mw);
  lo.min_fraction = (len && mw[len - 1] == '%') ? min / 100.0 : pk_scene_min_fraction(&opts, min);
  pk_layout *layout = NULL;
  char footnote[256];
  int rc = v->flamechart ? pk_layout_chart(&layout, p, &lo, err) : pk_layout_flame(&layout, p, &lo, err);
  if (rc == PK_OK && !opts.footnote && not_drawn(footnote, sizeof footnote, v, layout, mw))
    opts.footnote = footnote;
  if (rc == PK_OK) rc = pk_render_draw_layout(out, p, layout, &opts, v->backend, err);
  pk_layout_free(layout);
  return rc;
}

int pk_view_write(const pk_view *v, const pk_profile *p, size_t type, const pk_scene_options *scene,
                  pk_error *err) {
  pk_outfile *out = NULL;
  pk_cli_progress_phase(v->output ? v->output : "<stdout>", "writing");
  int rc = pk_outfile_open(&out, v->output, err);
  if (rc != PK_OK) return rc;
  FILE *stream = pk_outfile_stream(out);
  if (v->kind == PK_VIEW_TABLE) {
    pk_top_options t = PK_TOP_OPTIONS_INIT;
    t.type = type, t.limit = (size_t)v->top, t.by_total = v->top_by_total;
    rc = pk_top_write(stream, p, &t, err);
  } else if (v->kind == PK_VIEW_WRITER) {
    rc = v->writer ? v->writer->write(p, type, stream, err)
                   : pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                                  "no writer for this format");
  } else if (v->kind == PK_VIEW_HTML) {
    pk_scene_options opts = scene ? *scene : v->scene;
    rc = pk_html_flame(stream, p, type, &opts, err);
  } else {
    rc = pk_view_draw(stream, v, p, type, scene, err);
  }
  return pk_outfile_close(out, rc, err);
}
