/*
 * test_options.c - option structs grow without breaking callers:
 * every _INIT macro sets its struct's version, a struct from a newer
 * header (version above the library's) is refused with PK_EINVAL naming
 * the struct, and a zeroed struct (version 0) reads as version 1.  Also
 * the version header agrees with the library (pk_version).
 */
#include <stdlib.h>

#include "check.h"
#include "profkit/profkit.h"

#define EXAMPLE "testdata/example/example.folded"

static bool names(const pk_error *err, const char *type) { return strstr(err->message, type) != NULL; }

int main(void) {
  pk_error err;
  char expect[32];
  snprintf(expect, sizeof expect, "%d.%d.%d", PK_VERSION_MAJOR, PK_VERSION_MINOR, PK_VERSION_PATCH);
  CHECK_STR(pk_version(), expect);
  CHECK_STR(PK_VERSION_STRING, expect);
  CHECK_EQ_INT(pk_version_number(), PK_VERSION_NUMBER);

  pk_read_options read = PK_READ_OPTIONS_INIT;
  pk_filter_options filter = PK_FILTER_OPTIONS_INIT;
  pk_top_options top = PK_TOP_OPTIONS_INIT;
  pk_diff_options diff = PK_DIFF_OPTIONS_INIT;
  pk_diff_gates gates = PK_DIFF_GATES_INIT;
  pk_diff_report report = PK_DIFF_REPORT_INIT;
  pk_heap_options heap = PK_HEAP_OPTIONS_INIT;
  pk_heap_verdict_options verdict = PK_HEAP_VERDICT_OPTIONS_INIT;
  pk_heap_text_options text = PK_HEAP_TEXT_OPTIONS_INIT;
  pk_layout_options layout = PK_LAYOUT_OPTIONS_INIT;
  pk_scene_options scene = PK_SCENE_OPTIONS_INIT;
  CHECK_EQ_INT(read.version, PK_READ_OPTIONS_VERSION);
  CHECK_EQ_INT(filter.version, PK_FILTER_OPTIONS_VERSION);
  CHECK_EQ_INT(top.version, PK_TOP_OPTIONS_VERSION);
  CHECK_EQ_INT(diff.version, PK_DIFF_OPTIONS_VERSION);
  CHECK_EQ_INT(gates.version, PK_DIFF_GATES_VERSION);
  CHECK_EQ_INT(report.version, PK_DIFF_REPORT_VERSION);
  CHECK_EQ_INT(heap.version, PK_HEAP_OPTIONS_VERSION);
  CHECK_EQ_INT(verdict.version, PK_HEAP_VERDICT_OPTIONS_VERSION);
  CHECK_EQ_INT(text.version, PK_HEAP_TEXT_OPTIONS_VERSION);
  CHECK_EQ_INT(layout.version, PK_LAYOUT_OPTIONS_VERSION);
  CHECK_EQ_INT(scene.version, PK_SCENE_OPTIONS_VERSION);
  /* the designated initialisers keep the documented defaults */
  CHECK(read.limits.min_bytes == 256ull << 20 && read.limits.max_ratio == 100.0);
  CHECK(top.limit == 10 && diff.confidence == 0.99 && diff.before_count_type == -1);
  CHECK(gates.fail_if_grown < 0 && verdict.min_growth == 4096 && verdict.paths_per_class == 3);

  /* version 0 (a zeroed struct) is version 1; a newer version is refused */
  pk_profile *p = NULL;
  pk_read_options zeroed = {0};
  CHECK_EQ_INT(pk_read_profile(&p, EXAMPLE, &zeroed, &err), PK_OK);
  pk_read_options newer = read;
  newer.version = PK_READ_OPTIONS_VERSION + 1;
  pk_profile *q = NULL;
  CHECK_EQ_INT(pk_read_profile(&q, EXAMPLE, &newer, &err), PK_EINVAL);
  CHECK(q == NULL && names(&err, "pk_read_options"));
  if (!p) return pk_check_exit("api_options");

  pk_filter_options f = filter;
  f.focus = "main", f.version = PK_FILTER_OPTIONS_VERSION + 1;
  CHECK_EQ_INT(pk_profile_filter(&q, p, &f, &err), PK_EINVAL);
  CHECK(q == NULL && names(&err, "pk_filter_options"));

  FILE *sink = fopen("/dev/null", "w");
  top.version = PK_TOP_OPTIONS_VERSION + 1;
  CHECK_EQ_INT(pk_top_write(sink, p, &top, &err), PK_EINVAL);
  CHECK(names(&err, "pk_top_options"));
  top.version = 0;
  CHECK_EQ_INT(pk_top_write(sink, p, &top, &err), PK_OK);

  pk_diff *d = NULL;
  diff.version = PK_DIFF_OPTIONS_VERSION + 1;
  CHECK_EQ_INT(pk_diff_new(&d, p, 0, p, 0, &diff, &err), PK_EINVAL);
  CHECK(d == NULL && names(&err, "pk_diff_options"));
  diff.version = PK_DIFF_OPTIONS_VERSION;
  CHECK_EQ_INT(pk_diff_new(&d, p, 0, p, 0, &diff, &err), PK_OK);
  pk_diff_verdict v;
  gates.version = PK_DIFF_GATES_VERSION + 1;
  CHECK_EQ_INT(pk_diff_check(&v, d, &gates, &err), PK_EINVAL);
  CHECK(names(&err, "pk_diff_gates"));
  pk_diff_verdict_release(&v);
  report.version = PK_DIFF_REPORT_VERSION + 1;
  CHECK_EQ_INT(pk_diff_write_json(sink, d, &report, &err), PK_EINVAL);
  CHECK_EQ_INT(pk_diff_write_markdown(sink, d, &report, &err), PK_EINVAL);
  CHECK(names(&err, "pk_diff_report"));
  pk_diff_free(d);

  pk_layout *l = NULL;
  layout.version = PK_LAYOUT_OPTIONS_VERSION + 1;
  CHECK_EQ_INT(pk_layout_flame(&l, p, &layout, &err), PK_EINVAL);
  CHECK(l == NULL && names(&err, "pk_layout_options"));
  layout.version = 0;
  CHECK_EQ_INT(pk_layout_flame(&l, p, &layout, &err), PK_OK);
  pk_scene *s = NULL;
  scene.version = PK_SCENE_OPTIONS_VERSION + 1;
  CHECK_EQ_INT(pk_scene_build(&s, p, l, &scene, &err), PK_EINVAL);
  CHECK(s == NULL && names(&err, "pk_scene_options"));
  pk_layout_free(l);

  pk_heap *h = NULL;
  heap.version = PK_HEAP_OPTIONS_VERSION + 1;
  CHECK_EQ_INT(pk_heap_load(&h, "testdata/heap/leak-1.heapsnapshot.gz", &heap, &err), PK_EINVAL);
  CHECK(h == NULL && names(&err, "pk_heap_options"));
  (void)text;
  fclose(sink);
  pk_profile_free(p);
  return pk_check_exit("api_options");
}
