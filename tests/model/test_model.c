/*
 * test_model.c - the call-tree model: interning, tree building, totals,
 * deep stacks, overflow, reverse and merge.
 */
#include <stdlib.h>

#include "check.h"
#include "profkit/profile.h"
#include "profkit/transform.h"
#include "profkit/tree.h"

static pk_id frame(pk_profile *p, const char *name) {
  return pk_profile_frame_named(p, name, strlen(name), PK_FRAME_PLAIN);
}

static void test_interning(void) {
  pk_profile *p = pk_profile_new();
  CHECK_EQ_INT(pk_profile_intern(p, "", 0), 0);
  pk_id a = pk_profile_intern_cstr(p, "alpha");
  CHECK_EQ_INT(pk_profile_intern(p, "alpha", 5), a);
  pk_id nul = pk_profile_intern(p, "a\0b", 3);
  size_t len;
  const char *s = pk_profile_string(p, nul, &len);
  CHECK_EQ_INT(len, 3);
  CHECK(memcmp(s, "a\0b", 3) == 0);
  CHECK(nul != a);
  /* many strings force the index to grow */
  char buf[32];
  for (int i = 0; i < 100000; i++) {
    snprintf(buf, sizeof buf, "s%d", i);
    pk_profile_intern_cstr(p, buf);
  }
  CHECK_EQ_INT(pk_profile_intern_cstr(p, "s77777"), pk_profile_intern_cstr(p, "s77777"));
  CHECK_EQ_INT(pk_profile_string_count(p), 100000 + 3);
  CHECK_EQ_INT(frame(p, "f"), frame(p, "f"));
  CHECK(pk_profile_frame_named(p, "f", 1, PK_FRAME_KERNEL) != frame(p, "f"));
  pk_profile_free(p);
}

static void test_tree_and_totals(void) {
  pk_profile *p = pk_profile_new();
  CHECK_EQ_INT(pk_profile_add_sample_type(p, "samples", "count"), 0);
  CHECK_EQ_INT(pk_profile_add_sample_type(p, "cpu", "nanoseconds"), 1);
  pk_id main_ = frame(p, "main"), a = frame(p, "a"), b = frame(p, "b");
  pk_id s1[] = {main_, a}, s2[] = {main_, b}, s3[] = {main_};
  int64_t v1[] = {3, 30}, v2[] = {2, 20}, v3[] = {1, 10};
  pk_id leaf;
  CHECK_EQ_INT(pk_profile_add_stack(p, s1, 2, v1, &leaf), PK_OK);
  CHECK_EQ_INT(pk_profile_add_stack(p, s2, 2, v2, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_add_stack(p, s3, 1, v3, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_add_stack(p, s1, 2, v1, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_node_count(p), 4);
  CHECK_EQ_INT(pk_profile_add_sample_type(p, "late", "x"), PK_EINVAL);
  CHECK_EQ_INT(pk_profile_self(p, leaf)[0], 6);
  CHECK_EQ_INT(pk_profile_node(p, leaf)->depth, 2);
  CHECK_EQ_INT(pk_profile_finish(p, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_total(p, PK_ROOT)[0], 9);
  CHECK_EQ_INT(pk_profile_total(p, PK_ROOT)[1], 90);
  pk_id main_node = pk_profile_find_child(p, PK_ROOT, main_);
  CHECK_EQ_INT(pk_profile_total(p, main_node)[1], 90);
  CHECK_EQ_INT(pk_profile_self(p, main_node)[1], 10);
  CHECK_EQ_INT(pk_profile_find_type(p, "cpu"), 1);
  CHECK_EQ_INT(pk_profile_find_type(p, "0"), 0);
  CHECK_EQ_INT(pk_profile_find_type(p, "wall"), -1);
  CHECK_EQ_INT(pk_profile_default_type(p), 1);

  pk_children kids;
  CHECK_EQ_INT(pk_children_sorted(&kids, p, NULL), PK_OK);
  CHECK_EQ_INT(kids.start[main_node + 1] - kids.start[main_node], 2);
  CHECK_STR(pk_profile_frame_name(p, pk_profile_node(p, kids.ids[kids.start[main_node]])->frame), "a");
  pk_children_free(&kids);

  pk_profile *r;
  CHECK_EQ_INT(pk_profile_reverse(&r, p, NULL), PK_OK);
  pk_id ra = pk_profile_find_child(r, PK_ROOT, frame(r, "a"));
  CHECK(ra != PK_NONE);
  CHECK_EQ_INT(pk_profile_total(r, ra)[0], 6);
  CHECK_EQ_INT(pk_profile_total(r, PK_ROOT)[0], 9);
  pk_profile_free(r);

  pk_profile *m = pk_profile_new();
  pk_profile_add_sample_type(m, "before", "count");
  pk_profile_add_sample_type(m, "after", "count");
  CHECK_EQ_INT(pk_profile_merge(m, 0, p, 0, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_merge(m, 1, p, 1, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_merge(m, 2, p, 1, NULL), PK_EINVAL);
  CHECK_EQ_INT(pk_profile_finish(m, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_total(m, PK_ROOT)[0], 9);
  CHECK_EQ_INT(pk_profile_total(m, PK_ROOT)[1], 90);
  CHECK_EQ_INT(pk_profile_node_count(m), 4);
  pk_profile_free(m);
  pk_profile_free(p);
}

static void test_deep_stack(void) {
  enum { DEPTH = 100000 };
  pk_profile *p = pk_profile_new();
  pk_profile_add_sample_type(p, "samples", "count");
  pk_id *frames = malloc(DEPTH * sizeof *frames);
  char name[32];
  for (int i = 0; i < DEPTH; i++) {
    snprintf(name, sizeof name, "f%d", i % 1000);
    frames[i] = frame(p, name);
  }
  int64_t one = 1;
  CHECK_EQ_INT(pk_profile_add_stack(p, frames, DEPTH, &one, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_finish(p, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_total(p, PK_ROOT)[0], 1);
  CHECK_EQ_INT(pk_profile_node_count(p), DEPTH + 1);
  pk_profile *r;
  CHECK_EQ_INT(pk_profile_reverse(&r, p, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_node_count(r), DEPTH + 1);
  pk_profile_free(r);
  free(frames);
  pk_profile_free(p);
}

static void test_overflow(void) {
  pk_profile *p = pk_profile_new();
  pk_profile_add_sample_type(p, "samples", "count");
  pk_id a = frame(p, "a"), b = frame(p, "b");
  int64_t big = INT64_MAX;
  CHECK_EQ_INT(pk_profile_add_stack(p, &a, 1, &big, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_add_stack(p, &a, 1, &big, NULL), PK_ELIMIT);
  CHECK_EQ_INT(pk_profile_add_stack(p, &b, 1, &big, NULL), PK_OK);
  pk_error err;
  CHECK_EQ_INT(pk_profile_finish(p, &err), PK_ELIMIT);
  pk_profile_free(p);
}

int main(void) {
  test_interning();
  test_tree_and_totals();
  test_deep_stack();
  test_overflow();
  return pk_check_exit("test_model");
}
