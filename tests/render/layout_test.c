/*
 * layout_test.c - the flame graph layout: order, positions, pruning, depth.
 *
 * Profiles are built through the profile.h API (no parser involved), then
 * the layout is checked against what flamegraph.pl draws for the same
 * stacks and against the invariants every consumer relies on: pre-order,
 * non-decreasing starts, children inside their parent, widths equal to the
 * node totals.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "profkit/layout.h"

/* Adds "a;b;c" (frames split on ';') with one value per sample type. */
static void add(pk_profile *p, const char *stack, const int64_t *values) {
  pk_id frames[64];
  size_t depth = 0;
  const char *s = stack;
  while (*s) {
    const char *end = strchr(s, ';');
    size_t len = end ? (size_t)(end - s) : strlen(s);
    frames[depth++] = pk_profile_frame_named(p, s, len, PK_FRAME_PLAIN);
    s += len + (end ? 1 : 0);
  }
  CHECK(pk_profile_add_stack(p, frames, depth, values, NULL) == 0);
}

static void add1(pk_profile *p, const char *stack, int64_t value) { add(p, stack, &value); }

static pk_profile *new_profile(void) {
  pk_profile *p = pk_profile_new();
  CHECK(pk_profile_add_sample_type(p, "samples", "count") == 0);
  return p;
}

static pk_layout *layout_of(pk_profile *p, double min_fraction) {
  pk_layout_options opts = PK_LAYOUT_OPTIONS_INIT;
  opts.min_fraction = min_fraction;
  pk_layout *l = NULL;
  pk_error err;
  int rc = pk_layout_flame(&l, p, &opts, &err);
  CHECK_EQ_INT(rc, 0);
  return l;
}

static const char *name_of(const pk_profile *p, const pk_rect *r) {
  return r->frame == PK_NONE ? "(root)" : pk_profile_frame_name(p, r->frame);
}

/* The invariants of any layout without pruning, plus `pruned` slack. */
static void check_invariants(const pk_profile *p, const pk_layout *l, int pruned) {
  CHECK(l->count >= 1);
  CHECK(l->rects[0].frame == PK_NONE && l->rects[0].depth == 0 && l->rects[0].start == 0);
  CHECK_EQ_INT(l->rects[0].width, l->total);
  /* parent of rect i: the nearest earlier rect one level up */
  size_t *stack = malloc((l->max_depth + 2) * sizeof *stack);
  int64_t *child_sum = calloc(l->count, sizeof *child_sum);
  uint32_t deepest = 0;
  stack[0] = 0;
  for (size_t i = 1; i < l->count; i++) {
    const pk_rect *r = &l->rects[i];
    CHECK(r->depth >= 1 && r->depth <= l->rects[i - 1].depth + 1);
    CHECK(r->start >= l->rects[i - 1].start);
    CHECK(r->width > 0);
    CHECK_EQ_INT(r->width, pk_profile_total(p, r->node)[l->type]);
    stack[r->depth] = i;
    const pk_rect *parent = &l->rects[stack[r->depth - 1]];
    CHECK_EQ_INT(pk_profile_node(p, r->node)->parent, parent->node);
    CHECK(r->start >= parent->start && r->start + r->width <= parent->start + parent->width);
    child_sum[stack[r->depth - 1]] += r->width;
    if (r->depth > deepest) deepest = r->depth;
  }
  CHECK_EQ_INT(deepest, l->max_depth);
  for (size_t i = 0; i < l->count && !pruned; i++) {
    const pk_rect *r = &l->rects[i];
    CHECK_EQ_INT(child_sum[i] + pk_profile_self(p, r->node)[l->type], r->width);
  }
  free(stack);
  free(child_sum);
}

/* Same picture as flamegraph.pl for a 5 / a;b 3 / a;c 2 / d 1: self first, then children by name. */
static void test_positions(void) {
  pk_profile *p = new_profile();
  add1(p, "d", 1);
  add1(p, "a;c", 2);
  add1(p, "a", 5);
  add1(p, "a;b", 3);
  CHECK(pk_profile_finish(p, NULL) == 0);
  pk_layout *l = layout_of(p, 0);
  CHECK_EQ_INT(l->count, 5);
  CHECK_EQ_INT(l->total, 11);
  CHECK_EQ_INT(l->max_depth, 2);
  const char *names[] = {"(root)", "a", "b", "c", "d"};
  const int64_t starts[] = {0, 0, 5, 8, 10}, widths[] = {11, 10, 3, 2, 1};
  const uint32_t depths[] = {0, 1, 2, 2, 1};
  for (size_t i = 0; i < 5 && i < l->count; i++) {
    CHECK_STR(name_of(p, &l->rects[i]), names[i]);
    CHECK_EQ_INT(l->rects[i].start, starts[i]);
    CHECK_EQ_INT(l->rects[i].width, widths[i]);
    CHECK_EQ_INT(l->rects[i].depth, depths[i]);
  }
  check_invariants(p, l, 0);
  pk_layout_free(l);
  pk_profile_free(p);
}

/* Siblings in flamegraph.pl's order whatever order they were added in: it
 * sorts folded lines as text, so a frame sorts as name + annotation + ';'. */
static void test_sort_order(void) {
  pk_profile *p = new_profile();
  const char *added[] = {"b", "\xC3\xA9t\xC3\xA9", "a", "B", "_x", "ab", "a b", "Z"};
  for (size_t i = 0; i < sizeof added / sizeof added[0]; i++) {
    char stack[32];
    snprintf(stack, sizeof stack, "root;%s", added[i]);
    add1(p, stack, (int64_t)i + 1);
  }
  pk_id root = pk_profile_child(p, PK_ROOT, pk_profile_frame_named(p, "root", 4, PK_FRAME_PLAIN));
  int64_t one = 1;
  pk_profile_add_self(p, pk_profile_child(p, root, pk_profile_frame_named(p, "a", 1, PK_FRAME_KERNEL)), &one);
  CHECK(pk_profile_finish(p, NULL) == 0);
  pk_layout *l = layout_of(p, 0);
  const char *expected[] = {"B", "Z", "_x", "a b", "a", "a", "ab", "b", "\xC3\xA9t\xC3\xA9"};
  CHECK_EQ_INT(l->count, 2 + 9);
  for (size_t i = 0; i < 9 && i + 2 < l->count; i++) CHECK_STR(name_of(p, &l->rects[i + 2]), expected[i]);
  CHECK_EQ_INT(pk_profile_get_frame(p, l->rects[2 + 4].frame)->kind, PK_FRAME_PLAIN); /* "a;" < "a_[k];" */
  CHECK_EQ_INT(pk_profile_get_frame(p, l->rects[2 + 5].frame)->kind, PK_FRAME_KERNEL);
  check_invariants(p, l, 0);
  pk_layout_free(l);
  pk_profile_free(p);
}

/* A frame under min_fraction goes with its subtree; its siblings keep their places. */
static void test_pruning(void) {
  pk_profile *p = new_profile();
  add1(p, "main;big", 90);
  add1(p, "main;small;x;y", 4);
  add1(p, "main;tiny", 1);
  add1(p, "other", 5);
  CHECK(pk_profile_finish(p, NULL) == 0);

  pk_layout *all = layout_of(p, 0);
  CHECK_EQ_INT(all->count, 8);
  check_invariants(p, all, 0);

  pk_layout *l = layout_of(p, 0.045); /* keeps 5 (other), drops 4 (small..y) and 1 (tiny) */
  CHECK_EQ_INT(l->count, 4);
  CHECK_EQ_INT(l->max_depth, 2);
  const char *names[] = {"(root)", "main", "big", "other"};
  const int64_t starts[] = {0, 0, 0, 95};
  for (size_t i = 0; i < 4 && i < l->count; i++) {
    CHECK_STR(name_of(p, &l->rects[i]), names[i]);
    CHECK_EQ_INT(l->rects[i].start, starts[i]);
  }
  check_invariants(p, l, 1);
  pk_layout_free(l);

  l = layout_of(p, 0.05); /* exactly 5%: kept, as flamegraph.pl keeps width == minwidth */
  CHECK_EQ_INT(l->count, 4);
  pk_layout_free(l);
  l = layout_of(p, 0.96); /* main is 95%: only the root is left */
  CHECK_EQ_INT(l->count, 1);
  CHECK_EQ_INT(l->max_depth, 0);
  pk_layout_free(l);
  pk_layout_free(all);
  pk_profile_free(p);
}

/* 100,000 frames deep: the walk must not use the C stack per level. */
static void test_deep_stack(void) {
  enum { DEPTH = 100000 };
  pk_profile *p = new_profile();
  pk_id *frames = malloc(DEPTH * sizeof *frames);
  pk_id f = pk_profile_frame_named(p, "recurse", 7, PK_FRAME_PLAIN);
  for (size_t i = 0; i < DEPTH; i++) frames[i] = f;
  int64_t v = 3;
  CHECK(pk_profile_add_stack(p, frames, DEPTH, &v, NULL) == 0);
  frames[DEPTH / 2] = pk_profile_frame_named(p, "branch", 6, PK_FRAME_PLAIN);
  v = 1;
  CHECK(pk_profile_add_stack(p, frames, DEPTH / 2 + 1, &v, NULL) == 0);
  CHECK(pk_profile_finish(p, NULL) == 0);
  pk_layout *l = layout_of(p, 0);
  CHECK_EQ_INT(l->count, DEPTH + 2);
  CHECK_EQ_INT(l->max_depth, DEPTH);
  CHECK_EQ_INT(l->rects[DEPTH / 2 + 1].width, 1); /* "branch" sorts before "recurse" */
  CHECK_EQ_INT(l->rects[l->count - 1].depth, DEPTH);
  CHECK_EQ_INT(l->rects[l->count - 1].start, 1);
  check_invariants(p, l, 0);
  pk_layout_free(l);
  free(frames);
  pk_profile_free(p);
}

/* Random trees: invariants hold; a second sample type lays out independently. */
static void test_random(void) {
  uint64_t seed = 42;
  pk_profile *p = pk_profile_new();
  CHECK(pk_profile_add_sample_type(p, "samples", "count") == 0);
  CHECK(pk_profile_add_sample_type(p, "bytes", "bytes") == 1);
  pk_id names[20];
  for (int i = 0; i < 20; i++) {
    char n[8];
    snprintf(n, sizeof n, "f%02d", (i * 7) % 20);
    names[i] = pk_profile_frame_named(p, n, strlen(n), PK_FRAME_PLAIN);
  }
  for (int s = 0; s < 3000; s++) {
    pk_id frames[30];
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    size_t depth = 1 + (seed >> 33) % 30;
    for (size_t d = 0; d < depth; d++) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      frames[d] = names[(seed >> 40) % (d < 3 ? 3 : 20)];
    }
    int64_t values[2] = {(int64_t)(seed >> 60) + 1, s % 3 == 0 ? 0 : (int64_t)(seed >> 50)};
    CHECK(pk_profile_add_stack(p, frames, depth, values, NULL) == 0);
  }
  CHECK(pk_profile_finish(p, NULL) == 0);
  for (size_t type = 0; type < 2; type++) {
    pk_layout_options opts = PK_LAYOUT_OPTIONS_INIT;
    opts.type = type;
    pk_layout *l = NULL;
    CHECK_EQ_INT(pk_layout_flame(&l, p, &opts, NULL), 0);
    CHECK_EQ_INT(l->type, type);
    CHECK_EQ_INT(l->total, pk_profile_total(p, PK_ROOT)[type]);
    check_invariants(p, l, 0);
    /* pruning only ever removes rects */
    pk_layout *pruned = NULL;
    opts.min_fraction = 0.001;
    CHECK_EQ_INT(pk_layout_flame(&pruned, p, &opts, NULL), 0);
    CHECK(pruned->count < l->count);
    for (size_t i = 1; i < pruned->count; i++)
      CHECK((double)pruned->rects[i].width >= 0.001 * (double)pruned->total);
    check_invariants(p, pruned, 1);
    pk_layout_free(pruned);
    pk_layout_free(l);
  }
  pk_profile_free(p);
}

static void test_errors(void) {
  pk_profile *p = new_profile();
  add1(p, "a", 1);
  pk_layout *l = (pk_layout *)1;
  pk_error err;
  CHECK_EQ_INT(pk_layout_flame(&l, p, NULL, &err), PK_EINVAL); /* not finished */
  CHECK(l == NULL);
  CHECK(strstr(err.message, "finish") != NULL);
  CHECK(pk_profile_finish(p, NULL) == 0);
  pk_layout_options opts = PK_LAYOUT_OPTIONS_INIT;
  opts.type = 1;
  CHECK_EQ_INT(pk_layout_flame(&l, p, &opts, &err), PK_EINVAL);
  CHECK_EQ_INT(pk_layout_flame(&l, p, NULL, &err), 0);
  CHECK_EQ_INT(l->count, 2);
  pk_layout_free(l);
  pk_layout_free(NULL);
  pk_profile_free(p);

  /* an empty profile lays out as a bare root of width 0 */
  p = new_profile();
  CHECK(pk_profile_finish(p, NULL) == 0);
  CHECK_EQ_INT(pk_layout_flame(&l, p, NULL, &err), 0);
  CHECK_EQ_INT(l->count, 1);
  CHECK_EQ_INT(l->total, 0);
  pk_layout_free(l);
  pk_profile_free(p);
}

int main(void) {
  test_positions();
  test_sort_order();
  test_pruning();
  test_deep_stack();
  test_random();
  test_errors();
  return pk_check_exit("render_layout");
}
