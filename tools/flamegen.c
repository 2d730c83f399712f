/*
 * flamegen.c - any profile in, a flame graph (or another format) out.
 *
 *   flamegen [options] [FILE|DIR...|-] [-o OUT]
 *
 * Reads every input (format detected from content, gzip transparent),
 * merges several inputs (or directories of them) one at a time into one
 * (pk_profile_merge_files), applies the view (filters, --reverse), then draws (flame graph or --flamechart; SVG or PNG), exports through a
 * libprofile writer, or prints the --top table.  The shared flags and the
 * drawing path live in common/view_flags.c; output goes through
 * pk_outfile, so a failed run leaves no partial file.
 */
#include <stdlib.h>
#include <string.h>

#include "profkit/outfile.h"
#include "profkit/transform.h"
#include "profkit/merge_files.h"
#include "view_flags.h"

enum { OPT_HELP, OPT_VERSION };

static const pk_cli_option options[] = {
    PK_VIEW_OUTPUT_ROWS("svg, png, html, folded, pprof, speedscope"),
    PK_VIEW_GRAPH_ROWS,
    PK_VIEW_CHART_ROW,
    PK_VIEW_FILTER_ROWS,
    PK_VIEW_TOP_ROWS,
    PK_VIEW_READ_ROWS,
    {"help", 'h', NULL, "show this help", OPT_HELP},
    {"version", 'V', NULL, "show the version", OPT_VERSION},
    {NULL, 0, NULL, NULL, 0},
};

typedef struct flamegen_args {
  pk_view view;
  bool help, version;
} flamegen_args;

static int on_option(void *payload, int id, const char *v) {
  flamegen_args *a = payload;
  if (id >= PK_VIEW_ID_FIRST) return pk_view_option(&a->view, id, v);
  if (id == OPT_HELP) a->help = true;
  if (id == OPT_VERSION) a->version = true;
  return 0;
}

/* Reads the input; several (or directories) are merged one at a time into
 * one profile of one column (the time order is dropped: it belongs to one
 * recording). */
static int read_inputs(pk_profile **out, char **paths, int count, const pk_view *v, size_t *type,
                       pk_error *err) {
  if (count <= 1) return pk_view_read(out, count ? paths[0] : "-", v, type, err);
  *type = 0;
  return pk_profile_merge_files(out, (const char *const *)paths, (size_t)count, &v->read, v->sample_type, err);
}

int main(int argc, char **argv) {
  pk_cli_set_tool("flamegen");
  pk_outfile_guard_signals();
  flamegen_args a = {0};
  pk_view_init(&a.view);
  int first;
  int rc = pk_cli_parse(argc, argv, options, on_option, &a, &first);
  if (rc) return rc;
  if (a.help) {
    pk_cli_usage(stdout, "[options] [FILE|DIR...|-]",
                 "Draws a flame graph (SVG, PNG or an interactive HTML page) or flame chart of a profile, prints its top functions,\n"
                 "or converts it. The format is detected from the content; gzip is read transparently.\n"
                 "Several inputs, or directories of them, are merged one at a time. perf.data is read\n"
                 "directly and symbolised from the files it names. Filters apply before drawing: --focus,\n"
                 "--ignore, --hide, --prune-from take POSIX extended regexes matched anywhere in a frame's name.\n"
                 "The output format follows --format, else -o's extension, else svg.",
                 options, NULL);
    return 0;
  }
  if (a.version) {
    pk_cli_version();
    return 0;
  }
  if ((rc = pk_view_finish(&a.view, NULL)) != 0) return rc;
  if (a.view.flamechart && argc - first > 1) {
    pk_cli_fail("--flamechart draws one recording; give one input");
    return PK_EXIT_USAGE;
  }

  pk_error err;
  pk_error_clear(&err);
  pk_profile *profile = NULL;
  size_t type = 0;
  rc = read_inputs(&profile, argv + first, argc - first, &a.view, &type, &err);
  if (rc == PK_OK) rc = pk_view_transform(&profile, &a.view, type, &a.view.filtered, &err);
  if (rc == PK_OK) rc = pk_view_write(&a.view, profile, type, NULL, &err);
  pk_profile_free(profile);
  if (rc != PK_OK) {
    if (!err.path[0] && a.view.output && rc == PK_EIO) snprintf(err.path, sizeof err.path, "%s", a.view.output);
    pk_cli_error(&err);
    return pk_cli_exit_for(rc);
  }
  return 0;
}
