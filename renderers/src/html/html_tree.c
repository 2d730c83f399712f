/*
 * html_tree.c - a profile's call tree as the page's compact JSON.
 *
 * Nodes are written in pre-order with their depth, so the page rebuilds
 * parents with one stack sweep and positions with one more; names are an
 * index into a table of distinct names (functions are "frames summed by
 * name", as functions.h), so a name of any length is stored once.  Values
 * are raw self counts per sample type; totals are sums the page computes.
 * A 606k-node profile is about 8 MB of JSON this way, against 131 MB of SVG.
 * The walk is iterative (an explicit stack), whatever the depth.
 */
#include <stdlib.h>
#include <string.h>

#include "html_internal.h"
#include "profkit/layout_chart.h"
#include "profkit/tree.h"

void html_order_free(html_order *ord) {
  free(ord->order);
  free(ord->index);
  ord->order = ord->index = NULL;
}

static int oom(pk_error *err) {
  return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
}

/* Pre-order of the sorted children, with an explicit stack. */
static int preorder(html_order *ord, const pk_profile *p, pk_error *err) {
  size_t n = pk_profile_node_count(p);
  pk_children c;
  int rc = pk_children_sorted(&c, p, err);
  if (rc != PK_OK) return rc;
  ord->count = n;
  ord->order = malloc(n * sizeof *ord->order);
  ord->index = malloc(n * sizeof *ord->index);
  pk_id *stack = malloc(n * sizeof *stack);
  if (!ord->order || !ord->index || !stack) {
    free(stack);
    pk_children_free(&c);
    html_order_free(ord);
    return oom(err);
  }
  size_t top = 0, at = 0;
  stack[top++] = PK_ROOT;
  while (top) {
    pk_id node = stack[--top];
    ord->index[node] = (pk_id)at;
    ord->order[at++] = node;
    for (size_t k = c.start[node + 1]; k > c.start[node]; k--) stack[top++] = c.ids[k - 1];
  }
  free(stack);
  pk_children_free(&c);
  return PK_OK;
}

static uint32_t rgb_int(pk_rgb c) { return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b; }

/* The distinct names in order of first use, with their palette colours;
 * name_of[i] is the name index of the i-th node (-1 for the root). */
static int write_names(xml_out *o, const pk_profile *p, const html_order *ord,
                       const pk_scene_options *opts, int64_t *name_of, pk_error *err) {
  size_t strings = pk_profile_string_count(p);
  uint32_t *slot = malloc(strings * sizeof *slot);
  pk_id *first = malloc((strings ? strings : 1) * sizeof *first);
  if (!slot || !first) {
    free(slot);
    free(first);
    return oom(err);
  }
  memset(slot, 0xff, strings * sizeof *slot);
  size_t distinct = 0;
  name_of[0] = -1;
  for (size_t i = 1; i < ord->count; i++) {
    pk_id frame = pk_profile_node(p, ord->order[i])->frame;
    pk_id name = pk_profile_get_frame(p, frame)->name;
    if (slot[name] == UINT32_MAX) {
      slot[name] = (uint32_t)distinct;
      first[distinct++] = frame;
    }
    name_of[i] = slot[name];
  }
  hj_key(o, "names");
  xo_lit(o, "[");
  for (size_t k = 0; k < distinct; k++) {
    size_t len;
    const char *s = pk_profile_string(p, pk_profile_get_frame(p, first[k])->name, &len);
    if (k) xo_lit(o, ",");
    hj_string(o, s, len);
  }
  xo_lit(o, "],");
  hj_key(o, "colors");
  xo_lit(o, "[");
  for (size_t k = 0; k < distinct; k++) {
    const pk_frame *f = pk_profile_get_frame(p, first[k]);
    size_t len;
    const char *s = pk_profile_string(p, f->name, &len);
    if (k) xo_lit(o, ",");
    xo_int(o, rgb_int(pk_palette_color_mode(opts->palette, opts->color_mode, s, len, f->kind)));
  }
  xo_lit(o, "],");
  free(slot);
  free(first);
  return PK_OK;
}

static void int_array(xml_out *o, const char *key, const int64_t *v, size_t n) {
  hj_key(o, key);
  xo_lit(o, "[");
  for (size_t i = 0; i < n; i++) {
    if (i) xo_raw(o, ",", 1);
    xo_int(o, v[i]);
  }
  xo_lit(o, "]");
}

/* The flame chart's rects: node (position in the page's order), start and
 * width in time units. */
static int write_chart(xml_out *o, const pk_profile *p, size_t type, const html_order *ord,
                       pk_error *err) {
  pk_layout_options lo = PK_LAYOUT_OPTIONS_INIT;
  lo.type = type;
  pk_layout *chart = NULL;
  int rc = pk_layout_chart(&chart, p, &lo, err);
  if (rc != PK_OK) return rc;
  size_t n = chart->count;
  int64_t *column = malloc((n ? n : 1) * sizeof *column);
  if (!column) {
    pk_layout_free(chart);
    return oom(err);
  }
  xo_lit(o, ",");
  hj_key(o, "chart");
  xo_lit(o, "{");
  for (size_t i = 0; i < n; i++) column[i] = chart->rects[i].node == PK_NONE ? 0 : ord->index[chart->rects[i].node];
  int_array(o, "node", column, n);
  xo_lit(o, ",");
  for (size_t i = 0; i < n; i++) column[i] = chart->rects[i].start;
  int_array(o, "start", column, n);
  xo_lit(o, ",");
  for (size_t i = 0; i < n; i++) column[i] = chart->rects[i].width;
  int_array(o, "width", column, n);
  xo_lit(o, ",");
  hj_key(o, "unit");
  hj_cstr(o, pk_profile_string(p, pk_profile_meta_get(p)->time_unit, NULL));
  xo_lit(o, "}");
  free(column);
  pk_layout_free(chart);
  return PK_OK;
}

/* The colour hook's colour of every node, as an index into a table of the
 * distinct colours (a diff has a few hundred: fades of red and blue), so a
 * node costs one to three digits.  `index` is scratch of count entries. */
static int write_node_colors(xml_out *o, const pk_profile *p, const html_order *ord,
                             const pk_scene_options *opts, int64_t *index, pk_error *err) {
  size_t cap = 1024, used = 0;
  uint32_t *slots = malloc(cap * sizeof *slots), *table = malloc(cap / 2 * sizeof *table);
  if (!slots || !table) goto oom;
  memset(slots, 0xff, cap * sizeof *slots);
  for (size_t i = 0; i < ord->count; i++) {
    pk_id node = ord->order[i];
    const pk_node *nd = pk_profile_node(p, node);
    pk_rect r = {node, node == PK_ROOT ? PK_NONE : nd->frame, nd->depth, 0, 0};
    uint32_t c = rgb_int(opts->color(opts->payload, p, &r));
    size_t h = (c * 2654435761u) & (cap - 1);
    while (slots[h] != UINT32_MAX && table[slots[h]] != c) h = (h + 1) & (cap - 1);
    if (slots[h] == UINT32_MAX) {
      if (used + 1 > cap / 2) { /* grow: rehash the table's colours */
        size_t ncap = cap * 2;
        uint32_t *ns = malloc(ncap * sizeof *ns), *nt = realloc(table, ncap / 2 * sizeof *nt);
        if (!ns || !nt) {
          free(ns);
          if (nt) table = nt;
          goto oom;
        }
        table = nt;
        memset(ns, 0xff, ncap * sizeof *ns);
        for (uint32_t k = 0; k < used; k++) {
          size_t g = (table[k] * 2654435761u) & (ncap - 1);
          while (ns[g] != UINT32_MAX) g = (g + 1) & (ncap - 1);
          ns[g] = k;
        }
        free(slots);
        slots = ns;
        cap = ncap;
        h = (c * 2654435761u) & (cap - 1);
        while (slots[h] != UINT32_MAX) h = (h + 1) & (cap - 1);
      }
      table[used] = c;
      slots[h] = (uint32_t)used++;
    }
    index[i] = slots[h];
  }
  xo_lit(o, ",");
  hj_key(o, "color_table");
  xo_lit(o, "[");
  for (size_t k = 0; k < used; k++) {
    if (k) xo_raw(o, ",", 1);
    xo_int(o, table[k]);
  }
  xo_lit(o, "],");
  int_array(o, "node_color", index, ord->count);
  free(slots);
  free(table);
  return PK_OK;
oom:
  free(slots);
  free(table);
  return oom(err);
}

int html_write_tree(xml_out *o, const pk_profile *p, size_t type, const pk_scene_options *opts,
                    html_order *ord, pk_error *err) {
  int rc = preorder(ord, p, err);
  if (rc != PK_OK) return rc;
  size_t n = ord->count, types = pk_profile_type_count(p);
  int64_t *column = malloc((n ? n : 1) * sizeof *column);
  if (!column) {
    html_order_free(ord);
    return oom(err);
  }
  hj_key(o, "tree");
  xo_lit(o, "{");
  hj_key(o, "types");
  xo_lit(o, "[");
  for (size_t t = 0; t < types; t++) {
    pk_sample_type st = pk_profile_type(p, t);
    xo_lit(o, t ? ",[" : "[");
    hj_cstr(o, pk_profile_string(p, st.type, NULL));
    xo_lit(o, ",");
    hj_cstr(o, pk_profile_string(p, st.unit, NULL));
    xo_lit(o, "]");
  }
  xo_lit(o, "],");
  hj_key(o, "type");
  xo_int(o, (int64_t)type);
  xo_lit(o, ",");
  rc = write_names(o, p, ord, opts, column, err);
  if (rc == PK_OK) {
    int_array(o, "name", column, n);
    for (size_t i = 0; i < n; i++) column[i] = pk_profile_node(p, ord->order[i])->depth;
    xo_lit(o, ",");
    int_array(o, "depth", column, n);
    xo_lit(o, ",");
    hj_key(o, "self");
    xo_lit(o, "[");
    for (size_t t = 0; t < types; t++) {
      xo_lit(o, t ? ",[" : "[");
      for (size_t i = 0; i < n; i++) {
        if (i) xo_raw(o, ",", 1);
        xo_int(o, pk_profile_self(p, ord->order[i])[t]);
      }
      xo_lit(o, "]");
    }
    xo_lit(o, "]");
    if (opts->color) rc = write_node_colors(o, p, ord, opts, column, err);
  }
  if (rc == PK_OK && pk_profile_event_count(p) > 0) rc = write_chart(o, p, type, ord, err);
  xo_lit(o, "}");
  free(column);
  if (rc != PK_OK) html_order_free(ord);
  return rc;
}
