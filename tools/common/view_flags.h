/*
 * view_flags.h - the flags flamegen and flamediff share, and what they do:
 * reading options, filters, graph options, output choice and drawing.
 *
 * A tool builds its option table from the row groups below plus its own
 * rows, and passes every option id to pk_view_option first; ids from
 * PK_VIEW_ID_FIRST up belong to the view.  After parsing, pk_view_finish
 * checks combinations and picks the output kind.  The drawing path is
 * one function (filters and reverse happen earlier, in the model):
 *
 *   pk_view_read -> pk_view_transform -> pk_view_write (layout or chart ->
 *   scene -> SVG or PNG; or a libprofile writer; or the -top table)
 */
#ifndef PK_VIEW_FLAGS_H
#define PK_VIEW_FLAGS_H

#include "cli.h"
#include "profkit/filter.h"
#include "profkit/reader.h"
#include "profkit/render.h"
#include "profkit/scene.h"
#include "profkit/sourcemap.h"
#include "profkit/writer.h"

enum {
  PK_VIEW_ID_FIRST = 1000,
  PK_VIEW_OUTPUT = PK_VIEW_ID_FIRST, PK_VIEW_FORMAT,
  PK_VIEW_TITLE, PK_VIEW_SUBTITLE, PK_VIEW_WIDTH, PK_VIEW_HEIGHT, PK_VIEW_MINWIDTH,
  PK_VIEW_FONTSIZE, PK_VIEW_FONTTYPE, PK_VIEW_FONTWIDTH, PK_VIEW_COLORS, PK_VIEW_HASH,
  PK_VIEW_COUNTNAME, PK_VIEW_NAMETYPE, PK_VIEW_NOTES, PK_VIEW_INVERTED, PK_VIEW_REVERSE,
  PK_VIEW_FLAMECHART,
  PK_VIEW_FOCUS, PK_VIEW_FOCUS_ROOT, PK_VIEW_IGNORE, PK_VIEW_HIDE, PK_VIEW_PRUNE_FROM,
  PK_VIEW_MIN_PERCENT, PK_VIEW_TOP, PK_VIEW_TOP_BY,
  PK_VIEW_SAMPLE_TYPE, PK_VIEW_PID, PK_VIEW_TID, PK_VIEW_KERNEL, PK_VIEW_JIT, PK_VIEW_ALL,
  PK_VIEW_ADDRS, PK_VIEW_EXCLUDE_IDLE, PK_VIEW_MAX_INPUT, PK_VIEW_MAX_RATIO,
  PK_VIEW_THREAD, PK_VIEW_PROCESS, PK_VIEW_MERGE_THREADS, PK_VIEW_PROGRESS, PK_VIEW_INPUT_FORMAT, PK_VIEW_MAX_DEPTH,
  PK_VIEW_SOURCE_MAP
};

#define PK_VIEW_OUTPUT_ROWS(formats)                                                                        \
  {"output", 'o', "FILE", "write to FILE (atomically) instead of standard output", PK_VIEW_OUTPUT},        \
  {"format", 'f', "FMT", "output format: " formats " (default: from -o's extension, else svg)", PK_VIEW_FORMAT}

#define PK_VIEW_GRAPH_ROWS PK_VIEW_GRAPH_ROWS_TITLED("Flame Graph", "Icicle Graph")

/* The graph rows with the tool's own default titles in the help text. */
#define PK_VIEW_GRAPH_ROWS_TITLED(title, inverted_title)                                                    \
  {"title", 0, "TEXT", "title text (default \"" title "\", or \"" inverted_title "\" with --inverted)", PK_VIEW_TITLE}, \
  {"subtitle", 0, "TEXT", "second-level title (optional)", PK_VIEW_SUBTITLE},                              \
  {"width", 0, "PX", "width of the image (default 1200)", PK_VIEW_WIDTH},                                  \
  {"height", 0, "PX", "height of each frame (default 16)", PK_VIEW_HEIGHT},                                \
  {"minwidth", 0, "PX|PCT%", "omit frames narrower than this many pixels or percent (default 0.1)", PK_VIEW_MINWIDTH}, \
  {"fontsize", 0, "PX", "font size (default 12)", PK_VIEW_FONTSIZE},                                       \
  {"fonttype", 0, "FONT", "font family (default Verdana; PNG asks fontconfig, e.g. DejaVu Sans)", PK_VIEW_FONTTYPE}, \
  {"fontwidth", 0, "RATIO", "average glyph width relative to the font size (default 0.59)", PK_VIEW_FONTWIDTH}, \
  {"colors", 'c', "PALETTE", "hot (default), mem, io, java, js, perl, red, green, blue, aqua, yellow, purple, orange", PK_VIEW_COLORS}, \
  {"hash", 0, NULL, "colour by a hash of the name, so similar names get similar colours (flamegraph.pl --hash)", PK_VIEW_HASH}, \
  {"countname", 0, "NAME", "count type label (default: the sample type's unit, e.g. samples)", PK_VIEW_COUNTNAME}, \
  {"nametype", 0, "TEXT", "name type label (default \"Function:\")", PK_VIEW_NAMETYPE},                  \
  {"notes", 0, "TEXT", "add notes to the SVG", PK_VIEW_NOTES},                                             \
  {"inverted", 0, NULL, "icicle graph: root at the top", PK_VIEW_INVERTED},                                \
  {"reverse", 0, NULL, "stack-reversed graph: stacks merged by leaf, callers above", PK_VIEW_REVERSE}

#define PK_VIEW_CHART_ROW                                                                                   \
  {"flamechart", 0, NULL, "flame chart: x is time, stacks not merged (.cpuprofile, trace events)", PK_VIEW_FLAMECHART}

#define PK_VIEW_TOP_ROWS                                                                                    \
  {"top", 0, "N", "print the N heaviest functions (pprof -top style) instead of a graph", PK_VIEW_TOP},    \
  {"top-by", 0, "self|total", "sort --top by self (flat, the default) or by total (cum)", PK_VIEW_TOP_BY}

#define PK_VIEW_FILTER_ROWS                                                                                 \
  {"focus", 0, "REGEX", "keep only stacks through a frame matching REGEX", PK_VIEW_FOCUS},                 \
  {"focus-root", 0, NULL, "with --focus: start stacks at the first matching frame", PK_VIEW_FOCUS_ROOT},  \
  {"ignore", 0, "REGEX", "drop stacks through a frame matching REGEX", PK_VIEW_IGNORE},                    \
  {"hide", 0, "REGEX", "remove frames matching REGEX, keeping their callees", PK_VIEW_HIDE},               \
  {"prune-from", 0, "REGEX", "cut stacks below the first frame matching REGEX", PK_VIEW_PRUNE_FROM},       \
  {"min-percent", 0, "PCT", "fold frames under PCT% of the total into their caller", PK_VIEW_MIN_PERCENT}

#define PK_VIEW_READ_ROWS                                                                                   \
  {"sample-type", 't', "NAME|INDEX", "sample type to use (default: the profile's default, else the last)", PK_VIEW_SAMPLE_TYPE}, \
  {"pid", 0, NULL, "perf script: include the PID with process names", PK_VIEW_PID},                        \
  {"tid", 0, NULL, "perf script: include PID and TID with process names", PK_VIEW_TID},                    \
  {"kernel", 0, NULL, "perf script: annotate kernel functions with _[k]", PK_VIEW_KERNEL},                 \
  {"jit", 0, NULL, "perf script: annotate JIT functions with _[j]", PK_VIEW_JIT},                          \
  {"all", 0, NULL, "perf script: all annotations (--kernel --jit)", PK_VIEW_ALL},                          \
  {"addrs", 0, NULL, "perf script: include raw addresses where symbols can't be found", PK_VIEW_ADDRS},    \
  {"exclude-idle", 0, NULL, ".cpuprofile: drop (idle) samples", PK_VIEW_EXCLUDE_IDLE},                     \
  {"thread", 0, "REGEX", "traces, speedscope files, perf script: only threads whose name or id matches", PK_VIEW_THREAD}, \
  {"process", 0, "REGEX", "traces, perf script: only processes whose name or id matches", PK_VIEW_PROCESS}, \
  {"merge-threads", 0, NULL, "one tree for all threads (default: a base frame per thread)", PK_VIEW_MERGE_THREADS}, \
  {"max-input-size", 0, "SIZE", "refuse inputs larger than SIZE after decompression (default: no cap)", PK_VIEW_MAX_INPUT}, \
  {"max-ratio", 0, "N", "refuse gzip inputs that expand more than N times past 256 MiB (default 100)", PK_VIEW_MAX_RATIO}, \
  {"progress", 0, NULL, "show the progress line even when stderr is no terminal (it is shown on one after 1 s)", PK_VIEW_PROGRESS}, \
  {"max-depth", 0, "N", "folded stacks: frames deeper than N become one \"[K frames cut]\" frame (default 10000)", PK_VIEW_MAX_DEPTH}, \
  {"source-map", 0, "FILE|DIR", "map JavaScript frames to their original names, files and lines with this source map, the *.map files of DIR, or the map a bundle's sourceMappingURL names (repeatable)", PK_VIEW_SOURCE_MAP}, \
  {"input-format", 0, "NAME", "read every input with this reader instead of detecting it (a name profkit(7) lists: pprof, folded, perf-script, ...)", PK_VIEW_INPUT_FORMAT}

typedef enum pk_view_kind { PK_VIEW_SVG, PK_VIEW_PNG, PK_VIEW_HTML, PK_VIEW_WRITER, PK_VIEW_TABLE } pk_view_kind;

/* What the filters (--focus, --ignore, --hide, --prune-from, --min-percent)
 * left out of a profile: frames (nodes) and the share of the total. */
typedef struct pk_view_dropped {
  size_t frames;
  double percent;
} pk_view_dropped;

typedef struct pk_view {
  const char *output;       /* NULL = stdout */
  const char *format;       /* as given, NULL = from the output's extension */
  const char *minwidth;
  const char *sample_type;
  pk_scene_options scene;
  pk_filter_options filter;
  pk_read_options read;
  bool reverse, flamechart;
  unsigned long long top;   /* --top N rows; 0 = no table */
  bool top_by_total;
  pk_view_dropped filtered;  /* set by the tool from pk_view_transform; graphs say it */
  bool progress;            /* --progress: the progress line even off a terminal */
  const char **source_map_paths; /* --source-map, in order given */
  size_t source_map_count;
  pk_source_maps *source_maps;   /* loaded by pk_view_finish; NULL without --source-map */
  /* Set by pk_view_finish: */
  pk_view_kind kind;
  const pk_writer *writer;  /* for PK_VIEW_WRITER */
  const pk_backend *backend; /* for PK_VIEW_SVG / PK_VIEW_PNG */
} pk_view;

void pk_view_init(pk_view *v);
/* Handles one option: 0 handled, PK_EXIT_USAGE after printing why, -1 when
 * id is not a view option. */
int pk_view_option(pk_view *v, int id, const char *value);
/* Checks the flags together and picks v->kind: --top (a table: refused
 * with --format or an -o naming another format), else --format, else -o's
 * extension (.svg, .png, a writer's), else SVG.  `formats` lists the
 * format names the tool writes besides svg and png (NULL-terminated), or
 * is NULL for every libprofile writer; v->writer is the writer of that
 * name when there is one.  An -o extension no format has, a format the
 * tool does not write, or --format disagreeing with -o is a usage error
 * naming what would work: PK_EXIT_USAGE after printing why, else 0. */
int pk_view_finish(pk_view *v, const char *const *formats);

/* Reads path ("-" = stdin) and resolves --sample-type into *type; a
 * directory is the merge of the profiles in it (pk_profile_merge_files). */
int pk_view_read(pk_profile **out, const char *path, const pk_view *v, size_t *type, pk_error *err);
/* pk_view_read then pk_view_transform of two inputs, one thread each (the
 * two parses are independent; a diff's inputs are often large).  For a
 * diff, which reads self values only: without filters or --reverse the
 * profiles come back unfinished (no totals).  On failure the first failing
 * side's error is in *err and nothing is left in out. */
int pk_view_read_pair(pk_profile *out[2], size_t type[2], char *const paths[2], const pk_view *v,
                      pk_view_dropped dropped[2], pk_error *err);
/* Maps frames through --source-map's maps (when given), applies the
 * filters, then --reverse; replaces *p (freeing the old one).
 * dropped (may be NULL) receives what the filters left out. */
int pk_view_transform(pk_profile **p, const pk_view *v, size_t type, pk_view_dropped *dropped, pk_error *err);
/* Writes p's column `type` to v->output as v->kind says; scene may be NULL
 * (v->scene is used) and may carry hooks.  Atomic: nothing is left behind
 * on failure. */
int pk_view_write(const pk_view *v, const pk_profile *p, size_t type, const pk_scene_options *scene,
                  pk_error *err);
/* Draws p (flame graph, or flame chart with --flamechart) as SVG or PNG. */
int pk_view_draw(FILE *out, const pk_view *v, const pk_profile *p, size_t type,
                 const pk_scene_options *scene, pk_error *err);

#endif
