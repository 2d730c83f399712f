/*
 * flamegen.c - any profile in, a flame graph (or another format) out.
 *
 *   flamegen [options] [FILE...|-] [-o OUT]
 *
 * Reads every input (format detected from content, gzip transparent),
 * merges several inputs into one, applies --reverse, then either draws
 * (layout -> scene -> SVG) or exports through a libprofile writer.  Output
 * goes through pk_outfile, so a failed run leaves no partial file.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "profkit/outfile.h"
#include "profkit/reader.h"
#include "profkit/svg.h"
#include "profkit/transform.h"
#include "profkit/writer.h"

enum {
  OPT_OUTPUT, OPT_FORMAT, OPT_TITLE, OPT_SUBTITLE, OPT_WIDTH, OPT_HEIGHT, OPT_MINWIDTH,
  OPT_FONTSIZE, OPT_FONTTYPE, OPT_FONTWIDTH, OPT_COLORS, OPT_HASH, OPT_COUNTNAME, OPT_NAMETYPE,
  OPT_REVERSE, OPT_INVERTED, OPT_NOTES, OPT_SAMPLE_TYPE, OPT_PID, OPT_TID, OPT_KERNEL, OPT_JIT,
  OPT_ALL, OPT_ADDRS, OPT_EXCLUDE_IDLE, OPT_MAX_INPUT, OPT_MAX_RATIO, OPT_HELP, OPT_VERSION
};

static const pk_cli_option options[] = {
    {"output", 'o', "FILE", "write to FILE (atomically) instead of standard output", OPT_OUTPUT},
    {"format", 'f', "FMT", "output format: svg, folded (default: from -o's extension, else svg)", OPT_FORMAT},
    {"title", 0, "TEXT", "title text (default \"Flame Graph\", or \"Icicle Graph\" with --inverted)", OPT_TITLE},
    {"subtitle", 0, "TEXT", "second-level title (optional)", OPT_SUBTITLE},
    {"width", 0, "PX", "width of the image (default 1200)", OPT_WIDTH},
    {"height", 0, "PX", "height of each frame (default 16)", OPT_HEIGHT},
    {"minwidth", 0, "PX|PCT%", "omit frames narrower than this many pixels or percent (default 0.1)", OPT_MINWIDTH},
    {"fontsize", 0, "PX", "font size (default 12)", OPT_FONTSIZE},
    {"fonttype", 0, "FONT", "font family (default Verdana)", OPT_FONTTYPE},
    {"fontwidth", 0, "RATIO", "average glyph width relative to the font size (default 0.59)", OPT_FONTWIDTH},
    {"colors", 'c', "PALETTE", "hot (default), mem, io, java, js, perl, red, green, blue, aqua, yellow, purple, orange", OPT_COLORS},
    {"hash", 0, NULL, "colour by name hash (always on: colours are deterministic)", OPT_HASH},
    {"countname", 0, "NAME", "count type label (default: the sample type's unit, e.g. samples)", OPT_COUNTNAME},
    {"nametype", 0, "TEXT", "name type label (default \"Function:\")", OPT_NAMETYPE},
    {"reverse", 0, NULL, "generate stack-reversed flame graph (merged by leaf)", OPT_REVERSE},
    {"inverted", 0, NULL, "icicle graph: root at the top", OPT_INVERTED},
    {"notes", 0, "TEXT", "add notes to the SVG", OPT_NOTES},
    {"sample-type", 't', "NAME|INDEX", "sample type to draw (default: the profile's default, else the last)", OPT_SAMPLE_TYPE},
    {"pid", 0, NULL, "perf script: include the PID with process names", OPT_PID},
    {"tid", 0, NULL, "perf script: include PID and TID with process names", OPT_TID},
    {"kernel", 0, NULL, "perf script: annotate kernel functions with _[k]", OPT_KERNEL},
    {"jit", 0, NULL, "perf script: annotate JIT functions with _[j]", OPT_JIT},
    {"all", 0, NULL, "perf script: all annotations (--kernel --jit)", OPT_ALL},
    {"addrs", 0, NULL, "perf script: include raw addresses where symbols can't be found", OPT_ADDRS},
    {"exclude-idle", 0, NULL, ".cpuprofile: drop (idle) samples", OPT_EXCLUDE_IDLE},
    {"max-input-size", 0, "SIZE", "refuse inputs larger than SIZE after decompression (default: no cap)", OPT_MAX_INPUT},
    {"max-ratio", 0, "N", "refuse gzip inputs that expand more than N times past 256 MiB (default 100)", OPT_MAX_RATIO},
    {"help", 'h', NULL, "show this help", OPT_HELP},
    {"version", 'V', NULL, "show the version", OPT_VERSION},
    {NULL, 0, NULL, NULL, 0},
};

typedef struct flamegen_args {
  const char *output, *format, *sample_type;
  const char *minwidth;
  bool reverse, help, version;
  pk_scene_options scene;
  pk_read_options read;
} flamegen_args;

static int on_option(void *payload, int id, const char *v) {
  flamegen_args *a = payload;
  pk_scene_options *s = &a->scene;
  unsigned long long size;
  switch (id) {
    case OPT_OUTPUT: a->output = v; break;
    case OPT_FORMAT: a->format = v; break;
    case OPT_TITLE: s->title = v; break;
    case OPT_SUBTITLE: s->subtitle = v; break;
    case OPT_WIDTH: if (!pk_cli_double("width", v, 100, 1e6, &s->width)) return PK_EXIT_USAGE; break;
    case OPT_HEIGHT: if (!pk_cli_double("height", v, 1, 1000, &s->frame_height)) return PK_EXIT_USAGE; break;
    case OPT_MINWIDTH: a->minwidth = v; break;
    case OPT_FONTSIZE: if (!pk_cli_double("fontsize", v, 1, 500, &s->fontsize)) return PK_EXIT_USAGE; break;
    case OPT_FONTTYPE: s->fonttype = v; break;
    case OPT_FONTWIDTH: if (!pk_cli_double("fontwidth", v, 0.05, 5, &s->fontwidth)) return PK_EXIT_USAGE; break;
    case OPT_COLORS: {
      int palette = pk_palette_by_name(v);
      if (palette < 0) {
        pk_cli_fail("--colors: unknown palette '%s' (see --help)", v);
        return PK_EXIT_USAGE;
      }
      s->palette = (pk_palette)palette;
      break;
    }
    case OPT_HASH: break;
    case OPT_COUNTNAME: s->countname = v; break;
    case OPT_NAMETYPE: s->nametype = v; break;
    case OPT_REVERSE: a->reverse = true; break;
    case OPT_INVERTED: s->inverted = true; break;
    case OPT_NOTES: s->notes = v; break;
    case OPT_SAMPLE_TYPE: a->sample_type = v; break;
    case OPT_PID: a->read.perf_pid = true; break;
    case OPT_TID: a->read.perf_tid = true; break;
    case OPT_KERNEL: a->read.perf_kernel = true; break;
    case OPT_JIT: a->read.perf_jit = true; break;
    case OPT_ALL: a->read.perf_kernel = a->read.perf_jit = true; break;
    case OPT_ADDRS: a->read.perf_addrs = true; break;
    case OPT_EXCLUDE_IDLE: a->read.exclude_idle = true; break;
    case OPT_MAX_INPUT:
      if (!pk_cli_size("max-input-size", v, &size)) return PK_EXIT_USAGE;
      a->read.limits.max_bytes = size;
      break;
    case OPT_MAX_RATIO:
      if (!pk_cli_double("max-ratio", v, 1, 1e9, &a->read.limits.max_ratio)) return PK_EXIT_USAGE;
      break;
    case OPT_HELP: a->help = true; break;
    case OPT_VERSION: a->version = true; break;
  }
  return 0;
}

/* Reads every input; several are merged into one profile of one column. */
static int read_inputs(pk_profile **out, char **paths, int count, const flamegen_args *a,
                       size_t *type, pk_error *err) {
  int rc = pk_read_profile(out, count ? paths[0] : "-", &a->read, err);
  if (rc != PK_OK) return rc;
  int found = a->sample_type ? pk_profile_find_type(*out, a->sample_type) : (int)pk_profile_default_type(*out);
  if (found < 0) {
    pk_profile_free(*out);
    *out = NULL;
    return pk_error_set(err, PK_EINVAL, count ? paths[0] : "<stdin>", PK_NO_POSITION, PK_NO_POSITION,
                        "no sample type '%s' in this profile", a->sample_type);
  }
  *type = (size_t)found;
  if (count <= 1) return PK_OK;
  pk_profile *merged = pk_profile_new();
  pk_sample_type st = pk_profile_type(*out, *type);
  if (!merged ||
      pk_profile_add_sample_type(merged, pk_profile_string(*out, st.type, NULL), pk_profile_string(*out, st.unit, NULL)) < 0 ||
      (rc = pk_profile_merge(merged, 0, *out, *type, err)) != PK_OK) {
    pk_profile_free(merged);
    pk_profile_free(*out);
    *out = NULL;
    return rc ? rc : pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  pk_profile_free(*out);
  *out = merged;
  *type = 0;
  for (int i = 1; i < count; i++) {
    pk_profile *next;
    if ((rc = pk_read_profile(&next, paths[i], &a->read, err)) != PK_OK) break;
    int t = a->sample_type ? pk_profile_find_type(next, a->sample_type) : (int)pk_profile_default_type(next);
    rc = t < 0 ? pk_error_set(err, PK_EINVAL, paths[i], PK_NO_POSITION, PK_NO_POSITION, "no sample type '%s'", a->sample_type)
               : pk_profile_merge(merged, 0, next, (size_t)t, err);
    pk_profile_free(next);
    if (rc != PK_OK) break;
  }
  if (rc == PK_OK) rc = pk_profile_finish(merged, err);
  if (rc != PK_OK) {
    pk_profile_free(merged);
    *out = NULL;
  }
  return rc;
}

static int render_svg(const pk_profile *p, size_t type, const flamegen_args *a, FILE *out, pk_error *err) {
  pk_scene_options opts = a->scene;
  if (!opts.countname) {
    const char *unit = pk_profile_string(p, pk_profile_type(p, type).unit, NULL);
    opts.countname = (!*unit || strcmp(unit, "count") == 0) ? "samples" : unit;
  }
  pk_layout_options lo = PK_LAYOUT_OPTIONS_INIT;
  lo.type = type;
  const char *mw = a->minwidth ? a->minwidth : "0.1";
  double min = atof(mw);
  size_t len = strlen(mw);
  lo.min_fraction = (len && mw[len - 1] == '%') ? min / 100.0 : pk_scene_min_fraction(&opts, min);
  pk_layout *layout = NULL;
  pk_scene *scene = NULL;
  int rc = pk_layout_flame(&layout, p, &lo, err);
  if (rc == PK_OK) rc = pk_scene_build(&scene, p, layout, &opts, err);
  if (rc == PK_OK) rc = pk_svg_render(out, scene, err);
  pk_scene_free(scene);
  pk_layout_free(layout);
  return rc;
}

static bool valid_minwidth(const char *v) {
  char *end;
  double x = strtod(v, &end);
  return end != v && (*end == '\0' || (end[0] == '%' && end[1] == '\0')) && x >= 0;
}

int main(int argc, char **argv) {
  pk_cli_set_tool("flamegen");
  flamegen_args a = {0};
  pk_read_options read_defaults = PK_READ_OPTIONS_INIT;
  a.read = read_defaults;
  a.read.warn = pk_cli_warn;
  int first;
  int rc = pk_cli_parse(argc, argv, options, on_option, &a, &first);
  if (rc) return rc;
  if (a.help) {
    pk_cli_usage(stdout, "[options] [FILE...|-]",
                 "Draws a flame graph of a profile (folded stacks; more formats per build), or converts it.\n"
                 "The format is detected from the content; gzip is read transparently. Several inputs are merged.",
                 options);
    return 0;
  }
  if (a.version) {
    pk_cli_version();
    return 0;
  }
  if (a.minwidth && !valid_minwidth(a.minwidth)) {
    pk_cli_fail("--minwidth: '%s' is not a width in pixels or a percentage", a.minwidth);
    return PK_EXIT_USAGE;
  }
  const pk_writer *writer = NULL;
  bool svg = true;
  const char *format = a.format;
  if (format && strcmp(format, "svg") != 0) {
    if (!(writer = pk_writer_by_name(format))) {
      pk_cli_fail("--format: unknown output format '%s' (see --help)", format);
      return PK_EXIT_USAGE;
    }
    svg = false;
  } else if (!format && a.output && (writer = pk_writer_by_path(a.output))) {
    svg = false;
  }

  pk_error err;
  pk_error_clear(&err);
  pk_profile *profile = NULL;
  size_t type = 0;
  rc = read_inputs(&profile, argv + first, argc - first, &a, &type, &err);
  if (rc == PK_OK && a.reverse) {
    pk_profile *reversed;
    rc = pk_profile_reverse(&reversed, profile, &err);
    pk_profile_free(profile);
    profile = rc == PK_OK ? reversed : NULL;
  }
  pk_outfile *out = NULL;
  if (rc == PK_OK) rc = pk_outfile_open(&out, a.output, &err);
  if (rc == PK_OK) {
    FILE *stream = pk_outfile_stream(out);
    rc = svg ? render_svg(profile, type, &a, stream, &err) : writer->write(profile, type, stream, &err);
    if (rc == PK_OK) {
      rc = pk_outfile_commit(out, &err);
    } else {
      pk_outfile_abort(out);
    }
  }
  pk_profile_free(profile);
  if (rc != PK_OK) {
    if (!err.path[0] && a.output) snprintf(err.path, sizeof err.path, "%s", a.output);
    pk_cli_error(&err);
    return pk_cli_exit_for(rc);
  }
  return 0;
}
