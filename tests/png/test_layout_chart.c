/*
 * test_layout_chart.c - flame chart layout: x is time, consecutive equal
 * stacks merged, a function interrupted by another is two rects.
 */
#include "check.h"
#include "profkit/layout_chart.h"

static pk_id leaf(pk_profile *p, const char *a, const char *b) {
  pk_id frames[2] = {pk_profile_frame_named(p, a, strlen(a), PK_FRAME_PLAIN),
                     pk_profile_frame_named(p, b, strlen(b), PK_FRAME_PLAIN)};
  int64_t one = 1;
  pk_id node;
  CHECK_EQ_INT(pk_profile_add_stack(p, frames, 2, &one, &node), PK_OK);
  return node;
}

int main(void) {
  pk_profile *p = pk_profile_new();
  pk_profile_add_sample_type(p, "samples", "count");
  pk_id ab = leaf(p, "A", "B"), ac = leaf(p, "A", "C");
  leaf(p, "A", "B");
  leaf(p, "A", "B");
  CHECK_EQ_INT(pk_profile_add_event(p, ab, 0), PK_OK);
  CHECK_EQ_INT(pk_profile_add_event(p, ab, 10), PK_OK);
  CHECK_EQ_INT(pk_profile_add_event(p, ac, 20), PK_OK);
  CHECK_EQ_INT(pk_profile_add_event(p, ab, 30), PK_OK);
  CHECK_EQ_INT(pk_profile_add_event(p, ab, 35), PK_OK);
  pk_profile_meta_of(p)->duration = 50;
  CHECK_EQ_INT(pk_profile_finish(p, NULL), PK_OK);

  pk_layout *l;
  CHECK_EQ_INT(pk_layout_chart(&l, p, NULL, NULL), PK_OK);
  struct { const char *name; uint32_t depth; int64_t start, width; } want[] = {
      {NULL, 0, 0, 50}, {"A", 1, 0, 50}, {"B", 2, 0, 20}, {"C", 2, 20, 10}, {"B", 2, 30, 20}};
  CHECK_EQ_INT(l->count, 5);
  CHECK_EQ_INT(l->total, 50);
  CHECK_EQ_INT(l->max_depth, 2);
  for (size_t i = 0; i < l->count && i < 5; i++) {
    const pk_rect *r = &l->rects[i];
    CHECK_EQ_INT(r->depth, want[i].depth);
    CHECK_EQ_INT(r->start, want[i].start);
    CHECK_EQ_INT(r->width, want[i].width);
    if (want[i].name) CHECK_STR(pk_profile_frame_name(p, r->frame), want[i].name);
    else CHECK(r->frame == PK_NONE);
  }
  pk_layout_free(l);
  /* min_fraction 0.3 (15 of 50) drops C (10) and keeps both B rects (20). */
  pk_layout_options o = PK_LAYOUT_OPTIONS_INIT;
  o.min_fraction = 0.3;
  CHECK_EQ_INT(pk_layout_chart(&l, p, &o, NULL), PK_OK);
  CHECK_EQ_INT(l->count, 4);
  for (size_t i = 0; i < l->count; i++) CHECK(l->rects[i].width >= 15);
  pk_layout_free(l);
  /* No time order: an error that says so. */
  pk_profile *q = pk_profile_new();
  pk_profile_add_sample_type(q, "samples", "count");
  leaf(q, "A", "B");
  pk_profile_finish(q, NULL);
  pk_error err;
  CHECK_EQ_INT(pk_layout_chart(&l, q, NULL, &err), PK_EINVAL);
  CHECK(strstr(err.message, "time order") != NULL);
  pk_profile_free(q);
  pk_profile_free(p);
  return pk_check_exit("test_layout_chart");
}
