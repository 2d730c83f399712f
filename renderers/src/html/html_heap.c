/*
 * html_heap.c - the heap page: the verdict first (one line per cause:
 * the holder that owns the growth, its classes, path and reason, as the
 * text report opens), the retainer paths of each leak or growth class, the
 * class table with DevTools' comparison columns, per-snapshot retained
 * sizes for the trend line, and the retention flame graph (html_tree.c)
 * when given.
 *
 * Written from heap_report.h's accessors only.
 */
#include <stdlib.h>

#include "html_internal.h"
#include "profkit/html.h"

static void u64_array(xml_out *o, const uint64_t *v, size_t n) {
  xo_lit(o, "[");
  for (size_t i = 0; i < n; i++) {
    if (i) xo_lit(o, ",");
    xo_int(o, (int64_t)v[i]);
  }
  xo_lit(o, "]");
}

static void field_int(xml_out *o, const char *key, int64_t v) {
  xo_lit(o, ",");
  hj_key(o, key);
  xo_int(o, v);
}

static void field_str(xml_out *o, const char *key, const char *v) {
  xo_lit(o, ",");
  hj_key(o, key);
  hj_cstr(o, v);
}

static void write_row(xml_out *o, const pk_heap_class_row *row, size_t n) {
  xo_lit(o, "{");
  hj_key(o, "name");
  hj_cstr(o, row->name);
  field_str(o, "verdict", pk_heap_verdict_name(row->verdict));
  field_str(o, "reason", row->reason);
  xo_lit(o, ",");
  hj_key(o, "count");
  u64_array(o, row->count, n);
  xo_lit(o, ",");
  hj_key(o, "shallow");
  u64_array(o, row->shallow, n);
  xo_lit(o, ",");
  hj_key(o, "retained");
  u64_array(o, row->retained, n);
  field_int(o, "new", (int64_t)row->new_count);
  field_int(o, "deleted", (int64_t)row->deleted_count);
  field_int(o, "count_delta", row->count_delta);
  field_int(o, "alloc", (int64_t)row->alloc_size);
  field_int(o, "freed", (int64_t)row->freed_size);
  field_int(o, "size_delta", row->self_size_delta);
  field_int(o, "retained_delta", row->retained_delta);
  xo_lit(o, "}");
}

static void write_cause(xml_out *o, const pk_heap_cause *c) {
  xo_lit(o, "{");
  hj_key(o, "verdict");
  hj_cstr(o, pk_heap_verdict_name(c->verdict));
  field_str(o, "holder", c->holder);
  field_str(o, "path", c->path);
  field_str(o, "reason", c->reason);
  field_int(o, "new", (int64_t)c->new_count);
  field_int(o, "deleted", (int64_t)c->deleted_count);
  field_int(o, "net", c->net_bytes);
  xo_lit(o, ",");
  hj_key(o, "classes");
  xo_lit(o, "[");
  for (size_t i = 0; i < c->n_classes; i++) {
    xo_lit(o, i ? ",[" : "[");
    char label[1024];
    pk_heap_cause_class_label(label, sizeof label, &c->classes[i]);
    hj_cstr(o, label);
    xo_lit(o, ",");
    xo_int(o, (int64_t)c->classes[i].count);
    xo_lit(o, ",");
    xo_int(o, (int64_t)c->classes[i].bytes);
    xo_lit(o, "]");
  }
  xo_lit(o, "]}");
}

static void write_report(xml_out *o, const pk_heap_report *r) {
  size_t n = pk_heap_report_snapshot_count(r);
  hj_key(o, "heap");
  xo_lit(o, "{");
  hj_key(o, "snapshots");
  xo_lit(o, "[");
  for (size_t i = 0; i < n; i++) {
    if (i) xo_lit(o, ",");
    hj_cstr(o, pk_heap_report_path_name(r, i));
  }
  xo_lit(o, "],");
  hj_key(o, "totals");
  xo_lit(o, "[");
  for (size_t i = 0; i < n; i++) {
    const pk_heap_stats *s = pk_heap_report_stats(r, i);
    uint64_t v[] = {s->total, s->v8heap, s->native, s->typed_arrays, s->code, s->strings,
                    s->js_arrays, s->system, s->unreachable};
    if (i) xo_lit(o, ",");
    u64_array(o, v, sizeof v / sizeof *v);
  }
  xo_lit(o, "],");
  hj_key(o, "rows");
  xo_lit(o, "[");
  for (size_t i = 0; i < pk_heap_report_row_count(r); i++) {
    if (i) xo_lit(o, ",\n");
    write_row(o, pk_heap_report_row(r, i), n);
  }
  xo_lit(o, "],");
  hj_key(o, "paths");
  xo_lit(o, "[");
  for (size_t i = 0; i < pk_heap_report_path_count(r); i++) {
    const pk_heap_path_group *g = pk_heap_report_path(r, i);
    xo_lit(o, i ? ",[" : "[");
    xo_int(o, (int64_t)g->row);
    xo_lit(o, ",");
    xo_int(o, (int64_t)g->count);
    xo_lit(o, ",");
    hj_cstr(o, g->path);
    xo_lit(o, "]");
  }
  xo_lit(o, "],");
  hj_key(o, "leak_count");
  xo_int(o, (int64_t)pk_heap_report_leak_count(r));
  xo_lit(o, ",");
  hj_key(o, "causes");
  xo_lit(o, "[");
  for (size_t i = 0; i < pk_heap_report_cause_count(r); i++) {
    if (i) xo_lit(o, ",\n");
    write_cause(o, pk_heap_report_cause(r, i));
  }
  xo_lit(o, "]}");
}

int pk_html_heap(FILE *out, const pk_heap_report *r, const pk_profile *flame,
                 const pk_scene_options *opts, pk_error *err) {
  pk_scene_options none = {0};
  if (!opts) opts = &none;
  const char *title = opts->title ? opts->title
                      : pk_heap_report_snapshot_count(r) > 1 ? "Heap diff" : "Heap summary";
  xml_out *o = html_open(out, "heap", title, opts, err);
  if (!o) return PK_ENOMEM;
  write_report(o, r);
  int rc = PK_OK;
  if (flame) {
    html_order ord;
    xo_lit(o, ",");
    rc = html_write_tree(o, flame, pk_profile_type_count(flame) - 1, opts, &ord, err);
    if (rc == PK_OK) html_order_free(&ord);
  }
  return html_close(o, rc, err);
}
