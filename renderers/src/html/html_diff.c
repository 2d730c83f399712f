/*
 * html_diff.c - the differential page: the diff's tree (html_tree.c) with
 * diff_paint.c's colours, each node's self class and p-value, and the
 * functions with a significant change (diff.h's pk_diff_top, both by self
 * and by total).  Every statistic is diff.h's, computed here; the page
 * only shows them and sums counts.
 */
#include <stdlib.h>

#include "html_internal.h"
#include "profkit/html.h"

/* [before scaled, after, delta, delta pp, p, class] */
static void change(xml_out *o, const pk_diff_change *c) {
  const double v[] = {c->before_scaled, (double)c->after, c->delta, c->delta_pp, c->p_value, (double)c->cls};
  for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
    xo_lit(o, k ? "," : "[");
    hj_double(o, v[k]);
  }
  xo_lit(o, "]");
}

static int write_changes(xml_out *o, const pk_diff *d, pk_error *err) {
  size_t n = pk_diff_function_count(d);
  size_t *idx = malloc((n ? n : 1) * sizeof *idx);
  unsigned char *seen = calloc(n ? n : 1, 1);
  if (!idx || !seen) {
    free(idx);
    free(seen);
    return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  hj_key(o, "changes");
  xo_lit(o, "[");
  bool first = true;
  for (int by_total = 0; by_total < 2; by_total++) {
    size_t count = pk_diff_top(d, by_total, 0, idx);
    for (size_t k = 0; k < count; k++) {
      if (seen[idx[k]]) continue;
      seen[idx[k]] = 1;
      size_t len;
      const char *name = pk_diff_function_name(d, idx[k], &len);
      pk_diff_change self = pk_diff_function_self(d, idx[k]), total = pk_diff_function_total(d, idx[k]);
      xo_lit(o, first ? "[" : ",[");
      first = false;
      hj_string(o, name, len);
      xo_lit(o, ",");
      change(o, &self);
      xo_lit(o, ",");
      change(o, &total);
      xo_lit(o, "]");
    }
  }
  xo_lit(o, "]");
  free(idx);
  free(seen);
  return PK_OK;
}

/* Each node's class, then the p-value of its self change; the class test
 * runs once a node (only nodes with self samples pay for it: the others
 * have no p-value, written as 1). */
static int node_stats(xml_out *o, const pk_diff *d, const html_order *ord, pk_error *err) {
  unsigned char *classes = malloc(ord->count ? ord->count : 1);
  if (!classes) return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  hj_key(o, "cls");
  xo_lit(o, "[");
  for (size_t i = 0; i < ord->count; i++) {
    pk_diff_class cls;
    pk_diff_node_intensity(d, ord->order[i], &cls);
    classes[i] = (unsigned char)cls;
    if (i) xo_raw(o, ",", 1);
    xo_int(o, cls);
  }
  xo_lit(o, "],");
  hj_key(o, "p");
  xo_lit(o, "[");
  for (size_t i = 0; i < ord->count; i++) {
    if (i) xo_raw(o, ",", 1);
    if (classes[i] == PK_DIFF_NONE) xo_lit(o, "1");
    else hj_double(o, pk_diff_node_self(d, ord->order[i]).p_value);
  }
  xo_lit(o, "]");
  free(classes);
  return PK_OK;
}

int pk_html_diff(FILE *out, const pk_diff *d, const pk_diff_paint *paint,
                 const pk_scene_options *opts, pk_error *err) {
  pk_scene_options none = {0};
  if (!opts) opts = &none;
  const char *title = opts->title ? opts->title : "Differential Flame Graph";
  xml_out *o = html_open(out, "diff", title, opts, err);
  if (!o) return PK_ENOMEM;
  const pk_profile *p = pk_diff_profile(d);
  html_order ord;
  int rc = html_write_tree(o, p, pk_diff_shown_type(d), opts, &ord, err);
  if (rc == PK_OK) {
    xo_lit(o, ",");
    hj_key(o, "diff");
    xo_lit(o, "{");
    hj_key(o, "after_type");
    xo_int(o, (int64_t)pk_diff_shown_type(d));
    xo_lit(o, ",");
    hj_key(o, "before_type");
    xo_int(o, PK_DIFF_BEFORE);
    xo_lit(o, ",");
    hj_key(o, "scale");
    hj_double(o, pk_diff_scale(d));
    xo_lit(o, ",");
    hj_key(o, "confidence");
    hj_double(o, pk_diff_confidence(d));
    xo_lit(o, ",");
    hj_key(o, "negate");
    xo_lit(o, paint && paint->negate ? "true," : "false,");
    rc = node_stats(o, d, &ord, err);
    xo_lit(o, ",");
    if (rc == PK_OK) rc = write_changes(o, d, err);
    xo_lit(o, "}");
    html_order_free(&ord);
  }
  return html_close(o, rc, err);
}
