/*
 * heap/report/write_report.c - printing a pk_heap_report: an aligned table for people
 * and a JSON document for pipelines.
 *
 * The text report opens with the verdict and the causes
 * (heap_report_causes.c), then the table.  The table's numeric columns are
 * sized to their widest cell; when they do not fit the width beside a
 * class column of NAME_MIN characters, the least telling columns are
 * dropped (drop_order) until they do; the class column gets what is left
 * (names are cut with "..." rather than wrapping).  Class names come from the snapshot and may hold
 * anything: the table shows them through pk_utf8_sanitize and the JSON
 * through pk_json_write_string, so both are valid UTF-8 (control bytes and
 * bytes that are not UTF-8, surrogates included, become U+FFFD).
 */
#include <inttypes.h>
#include <string.h>

#include "heap/report/report_internal.h"
#include "heap/report/heap_report_causes.h"
#include "profkit/escape.h"
#include "util/json_escape.h"

#define MAX_COLS 12
#define NAME_MIN 24

void pk_heap_format_size(char *buf, size_t size, int64_t bytes, bool sign) {
  const char *units[] = {"B", "kB", "MB", "GB", "TB"};
  uint64_t mag = bytes < 0 ? (uint64_t)0 - (uint64_t)bytes : (uint64_t)bytes;
  const char *prefix = bytes < 0 ? "-" : sign && bytes > 0 ? "+" : "";
  if (mag < 1000) {
    snprintf(buf, size, "%s%" PRIu64 " B", prefix, mag);
    return;
  }
  double v = (double)mag;
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    u++;
  }
  snprintf(buf, size, "%s%.1f %s", prefix, v, units[u]);
}

/* ---------------- text ---------------- */

typedef struct table {
  size_t n_cols;
  const char *head[MAX_COLS];
  size_t width[MAX_COLS];
  bool dropped[MAX_COLS];
} table;

/* Diff columns in the order they give way to a narrow width. */
static const size_t drop_order[] = {6, 4, 5, 7, 10, 3, 2};

/* The name in at most `width` bytes (out holds width + 1), repaired to
 * valid UTF-8 and cut with "..." when longer; a character is never split.
 * `name` may be `out`. */
void heap_report_safe_name(const char *name, char *out, size_t width) {
  char copy[2048]; /* callers may repair a line in place; the repair can lengthen it */
  if (name == out) {
    snprintf(copy, sizeof copy, "%s", name);
    name = copy;
  }
  size_t len = strlen(name);
  int cut = len > width;
  size_t n = pk_utf8_sanitize(out, (cut ? (width > 3 ? width - 3 : 0) : width) + 1, name, len);
  if (cut) for (size_t i = 0; i < 3 && n < width; i++) out[n++] = '.';
  out[n] = '\0';
}

static void size_cell(char *buf, int64_t v, bool sign) { pk_heap_format_size(buf, 24, v, sign); }

/* Fills the cells of one row; returns the column count. */
static size_t row_cells(const pk_heap_report *r, const pk_heap_class_row *row, char cells[][24]) {
  size_t last = r->n_snapshots - 1, k = 0;
  if (r->n_snapshots == 1) {
    snprintf(cells[k++], 24, "%" PRIu64, row->count[0]);
    size_cell(cells[k++], (int64_t)row->shallow[0], false);
    size_cell(cells[k++], (int64_t)row->retained[0], false);
    return k;
  }
  snprintf(cells[k++], 24, "%s", pk_heap_verdict_name(row->verdict));
  snprintf(cells[k++], 24, "%" PRIu64, row->new_count);
  snprintf(cells[k++], 24, "%" PRIu64, row->deleted_count);
  snprintf(cells[k++], 24, "%+" PRId64, row->count_delta);
  size_cell(cells[k++], (int64_t)row->alloc_size, false);
  size_cell(cells[k++], (int64_t)row->freed_size, false);
  size_cell(cells[k++], row->self_size_delta, true);
  size_cell(cells[k++], (int64_t)row->retained[0], false);
  size_cell(cells[k++], (int64_t)row->retained[last], false);
  size_cell(cells[k++], row->retained_delta, true);
  size_cell(cells[k++], (int64_t)row->new_retained, false);
  return k;
}

static int shown(const pk_heap_report *r, const pk_heap_class_row *row, const pk_heap_text_options *o) {
  return r->n_snapshots == 1 || o->all || row->verdict != PK_HEAP_STABLE;
}

static void header(FILE *out, const pk_heap_report *r, size_t width) {
  char total[24], v8[24], native[24];
  for (size_t s = 0; s < r->n_snapshots; s++) {
    const pk_heap_stats *st = &r->stats[s];
    size_cell(total, (int64_t)st->total, false);
    size_cell(v8, (int64_t)st->v8heap, false);
    size_cell(native, (int64_t)st->native, false);
    char line[1400];
    snprintf(line, sizeof line, "%.1024s: %zu nodes, %zu edges, total %s (V8 heap %s, native %s)", r->snapshot_paths[s],
             r->nodes[s], r->edges[s], total, v8, native);
    heap_report_safe_name(line, line, width < sizeof line ? width : sizeof line - 1);
    fprintf(out, "%s\n", line);
  }
  if (r->n_snapshots > 1) {
    char delta[24];
    size_cell(delta, (int64_t)r->stats[r->n_snapshots - 1].total - (int64_t)r->stats[0].total, true);
    fprintf(out, "heap total change: %s; %zu leak%s\n", delta, r->n_leaks, r->n_leaks == 1 ? "" : "s");
  }
  fputc('\n', out);
}

int pk_heap_report_text(FILE *out, const pk_heap_report *r, const pk_heap_text_options *opts) {
  if (opts && opts->version > PK_HEAP_TEXT_OPTIONS_VERSION) return PK_EINVAL;
  pk_heap_text_options o = opts ? *opts : (pk_heap_text_options)PK_HEAP_TEXT_OPTIONS_INIT;
  size_t width = o.width ? o.width : 120;
  static const char *summary_head[] = {"Count", "Shallow", "Retained"};
  static const char *diff_head[] = {"Verdict", "#New", "#Deleted", "#Delta", "Alloc", "Freed",
                                    "Size Delta", "Retained A", "Retained B", "Ret. Delta", "New Ret."};
  table t = {0};
  t.n_cols = r->n_snapshots == 1 ? 3 : 11;
  for (size_t c = 0; c < t.n_cols; c++) {
    t.head[c] = r->n_snapshots == 1 ? summary_head[c] : diff_head[c];
    t.width[c] = strlen(t.head[c]);
  }
  size_t name_width = 5, rows = 0;
  char cells[MAX_COLS][24];
  for (size_t i = 0; i < r->n_rows && (!o.top || rows < o.top); i++) {
    const pk_heap_class_row *row = &r->rows[i];
    if (!shown(r, row, &o)) continue;
    rows++;
    size_t k = row_cells(r, row, cells);
    for (size_t c = 0; c < k; c++)
      if (strlen(cells[c]) > t.width[c]) t.width[c] = strlen(cells[c]);
    if (strlen(row->name) > name_width) name_width = strlen(row->name);
  }
  size_t numbers = 0;
  for (size_t c = 0; c < t.n_cols; c++) numbers += t.width[c] + 2;
  for (size_t d = 0; r->n_snapshots > 1 && d < sizeof drop_order / sizeof *drop_order && NAME_MIN + numbers > width;
       d++) {
    t.dropped[drop_order[d]] = true;
    numbers -= t.width[drop_order[d]] + 2;
  }
  if (name_width + numbers > width) name_width = width > numbers + NAME_MIN ? width - numbers : NAME_MIN;
  if (name_width > 200) name_width = 200;

  heap_report_causes_text(out, r, width);
  header(out, r, width);
  fprintf(out, "%-*s", (int)name_width, "Class");
  for (size_t c = 0; c < t.n_cols; c++)
    if (!t.dropped[c]) fprintf(out, "  %*s", (int)t.width[c], t.head[c]);
  fputc('\n', out);
  char name[256];
  rows = 0;
  for (size_t i = 0; i < r->n_rows && (!o.top || rows < o.top); i++) {
    const pk_heap_class_row *row = &r->rows[i];
    if (!shown(r, row, &o)) continue;
    rows++;
    heap_report_safe_name(row->name, name, name_width);
    fprintf(out, "%-*s", (int)name_width, name);
    size_t k = row_cells(r, row, cells);
    for (size_t c = 0; c < k; c++)
      if (!t.dropped[c]) fprintf(out, "  %*s", (int)t.width[c], cells[c]);
    fputc('\n', out);
  }
  if (rows == 0) fprintf(out, "(no class changed)\n");
  if (r->n_snapshots > 1) {
    fprintf(out, "\n");
    rows = 0;
    for (size_t i = 0; i < r->n_rows && (!o.top || rows < o.top); i++) {
      const pk_heap_class_row *row = &r->rows[i];
      if (!shown(r, row, &o) || row->verdict == PK_HEAP_STABLE) continue;
      rows++;
      heap_report_safe_name(row->name, name, 200);
      char line[600];
      snprintf(line, sizeof line, "%s: %s: %s", name, pk_heap_verdict_name(row->verdict), row->reason);
      heap_report_safe_name(line, line, width < sizeof line ? width : sizeof line - 1);
      fprintf(out, "%s\n", line);
      if (r->n_snapshots > 2) {
        fprintf(out, "    retained per snapshot:");
        for (size_t s = 0; s < r->n_snapshots; s++) {
          char cell[24];
          size_cell(cell, (int64_t)row->retained[s], false);
          fprintf(out, "%s %s", s ? " ->" : "", cell);
        }
        fputc('\n', out);
      }
    }
  }
  if (r->n_paths) {
    fprintf(out, "\nRetainer paths (shortest from the root, weak edges skipped):\n");
    for (size_t i = 0; i < r->n_paths; i++) {
      const pk_heap_path_group *g = &r->paths[i];
      char line[1100];
      heap_report_safe_name(g->path, line, sizeof line - 1);
      heap_report_safe_name(r->rows[g->row].name, name, 200);
      char sampled[96] = "";
      if (g->examined < g->total)
        snprintf(sampled, sizeof sampled, " (sampled: the first %" PRIu64 " of %" PRIu64 " objects)", g->examined,
                 g->total);
      fprintf(out, "  %" PRIu64 " %s via %s%s\n", g->count, name, line, sampled);
    }
  }
  return ferror(out) ? PK_EIO : 0;
}

/* ---------------- JSON ---------------- */

void heap_report_json_string(FILE *out, const char *s) { pk_json_write_string(out, s, strlen(s)); }

static void json_stats(FILE *out, const pk_heap_report *r, size_t s) {
  const pk_heap_stats *st = &r->stats[s];
  fprintf(out, "    {\"path\": ");
  heap_report_json_string(out, r->snapshot_paths[s]);
  fprintf(out,
          ", \"nodes\": %zu, \"edges\": %zu, \"total\": %" PRIu64 ", \"v8heap\": %" PRIu64 ", \"native\": %" PRIu64
          ", \"code\": %" PRIu64 ", \"strings\": %" PRIu64 ", \"js_arrays\": %" PRIu64 ", \"typed_arrays\": %" PRIu64
          ", \"system\": %" PRIu64 "}",
          r->nodes[s], r->edges[s], st->total, st->v8heap, st->native, st->code, st->strings, st->js_arrays,
          st->typed_arrays, st->system);
}

int pk_heap_report_json(FILE *out, const pk_heap_report *r, const pk_heap_text_options *opts) {
  if (opts && opts->version > PK_HEAP_TEXT_OPTIONS_VERSION) return PK_EINVAL;
  size_t top = opts ? opts->top : 0, last = r->n_snapshots - 1;
  fprintf(out, "{\n  \"snapshots\": [\n");
  for (size_t s = 0; s < r->n_snapshots; s++) {
    json_stats(out, r, s);
    fprintf(out, "%s\n", s + 1 < r->n_snapshots ? "," : "");
  }
  fprintf(out, "  ],\n  \"total_delta\": %" PRId64 ",\n", (int64_t)r->stats[last].total - (int64_t)r->stats[0].total);
  heap_report_causes_json(out, r);
  fprintf(out, "  \"classes\": [\n");
  size_t n = top && top < r->n_rows ? top : r->n_rows;
  for (size_t i = 0; i < n; i++) {
    const pk_heap_class_row *row = &r->rows[i];
    fprintf(out, "    {\"name\": ");
    heap_report_json_string(out, row->name);
    fprintf(out, ", \"verdict\": \"%s\", \"reason\": ", pk_heap_verdict_name(row->verdict));
    heap_report_json_string(out, row->reason);
    fprintf(out,
            ", \"count\": %" PRIu64 ", \"new\": %" PRIu64 ", \"deleted\": %" PRIu64 ", \"count_delta\": %" PRId64
            ", \"alloc_size\": %" PRIu64 ", \"freed_size\": %" PRIu64 ", \"self_size\": %" PRIu64
            ", \"self_size_delta\": %" PRId64 ", \"retained_size\": %" PRIu64 ", \"retained_size_delta\": %" PRId64
            ", \"new_retained_size\": %" PRIu64 ", \"survivors\": %" PRIu64 ", \"slope\": %.1f, \"retained_trend\": [",
            row->count[last], row->new_count, row->deleted_count, row->count_delta, row->alloc_size,
            row->freed_size, row->shallow[last], row->self_size_delta, row->retained[last], row->retained_delta,
            row->new_retained, row->survivors, row->slope);
    for (size_t s = 0; s < r->n_snapshots; s++) fprintf(out, "%s%" PRIu64, s ? ", " : "", row->retained[s]);
    fprintf(out, "], \"retainer_paths\": [");
    int first = 1;
    for (size_t k = 0; k < r->n_paths; k++) {
      if (r->paths[k].row != i) continue;
      fprintf(out, "%s{\"count\": %" PRIu64 ", \"examined\": %" PRIu64 ", \"total\": %" PRIu64 ", \"path\": ",
              first ? "" : ", ", r->paths[k].count, r->paths[k].examined, r->paths[k].total);
      heap_report_json_string(out, r->paths[k].path);
      fputc('}', out);
      first = 0;
    }
    fprintf(out, "]}%s\n", i + 1 < n ? "," : "");
  }
  fprintf(out, "  ]\n}\n");
  return ferror(out) ? PK_EIO : 0;
}
