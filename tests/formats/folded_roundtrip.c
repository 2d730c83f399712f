/*
 * folded_roundtrip.c - names kept whole: read a profile, write it as
 * folded stacks, read that again, and find the same tree.
 *
 *   folded_roundtrip [FILE...]
 *
 * Without files it checks a built-in corpus of hostile names (`;`, line
 * ends, tab, NUL, leading and trailing spaces, trailing numbers, names that
 * end like a kind suffix, backslash sequences that look like escapes),
 * also written into one profile together.  With files, each file profkit
 * reads is checked the same way (files it does not read are counted and
 * skipped: the peer corpus holds sources and docs too).
 *
 * "Same tree" is checked independently of the writer: every node of the
 * first profile is matched, by the bytes of its frame name and its kind,
 * to a child of its parent's match in the second; values of nodes that
 * fold together (same name, other file or line) are summed; then every
 * node of the second profile must carry exactly the summed self value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "profkit/folded.h"
#include "profkit/reader.h"

static bool all_spaces(const char *s, size_t n) {
  while (n > 0 && s[n - 1] == ' ') n--;
  return n == 0;
}

/* Same name bytes and kind; a name of spaces only equals the empty name,
 * the one thing folded text does not keep (formats/folded_names.h). */
static bool same_frame(const pk_profile *a, pk_id fa, const pk_profile *b, pk_id fb) {
  const pk_frame *x = pk_profile_get_frame(a, fa), *y = pk_profile_get_frame(b, fb);
  size_t nx, ny;
  const char *sx = pk_profile_string(a, x->name, &nx), *sy = pk_profile_string(b, y->name, &ny);
  if (x->kind != y->kind) return false;
  if (all_spaces(sx, nx) && all_spaces(sy, ny)) return true;
  return nx == ny && memcmp(sx, sy, nx) == 0;
}

/* 0 when b is a's tree (column type of a, column 0 of b); else prints why. */
static int compare(const pk_profile *a, size_t type, const pk_profile *b, const char *what) {
  size_t na = pk_profile_node_count(a), nb = pk_profile_node_count(b);
  pk_id *match = calloc(na, sizeof *match);
  int64_t *sum = calloc(nb, sizeof *sum);
  int bad = 0;
  match[PK_ROOT] = PK_ROOT;
  for (pk_id n = 1; n < na && !bad; n++) {
    const pk_node *node = pk_profile_node(a, n);
    pk_id parent = match[node->parent];
    match[n] = PK_NONE;
    if (parent == PK_NONE) continue; /* under a node with nothing beneath it */
    for (pk_id c = pk_profile_node(b, parent)->first_child; c != PK_NONE; c = pk_profile_node(b, c)->next_sibling)
      if (same_frame(a, node->frame, b, pk_profile_node(b, c)->frame)) match[n] = c;
    int64_t self = pk_profile_self(a, n)[type];
    if (match[n] == PK_NONE && pk_profile_total(a, n)[type] != 0) {
      fprintf(stderr, "%s: node %u (%s) has no match after the round trip\n", what, n,
              pk_profile_frame_name(a, node->frame));
      bad = 1;
    } else if (match[n] != PK_NONE) {
      sum[match[n]] += self;
    }
  }
  for (pk_id n = 1; n < nb && !bad; n++)
    if (sum[n] != pk_profile_self(b, n)[0]) {
      fprintf(stderr, "%s: node %u (%s) has self %lld, want %lld\n", what, n,
              pk_profile_frame_name(b, pk_profile_node(b, n)->frame), (long long)pk_profile_self(b, n)[0],
              (long long)sum[n]);
      bad = 1;
    }
  free(match);
  free(sum);
  return bad;
}

/* True if some self value of the column is negative (delta profiles):
 * folded text has no negative counts. */
static bool has_negative(const pk_profile *p, size_t type) {
  for (pk_id n = 0; n < pk_profile_node_count(p); n++)
    if (pk_profile_self(p, n)[type] < 0) return true;
  return false;
}

static int round_trip(const pk_profile *a, const char *what) {
  size_t type = pk_profile_default_type(a);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  pk_error err;
  pk_error_clear(&err);
  int rc = pk_folded_write(a, type, 1, f, &err);
  fclose(f);
  pk_profile *b = pk_profile_new();
  if (rc == PK_OK && len == 0) { /* nothing to write: nothing to compare */
    free(text);
    pk_profile_free(b);
    return 0;
  }
  if (rc == PK_OK) rc = pk_folded_parse(b, text, len, what, NULL, &err);
  if (rc == PK_OK) rc = pk_profile_finish(b, &err);
  int bad = rc != PK_OK;
  if (bad) fprintf(stderr, "%s: folded output does not read back: %s\n", what, err.message);
  if (!bad) bad = compare(a, type, b, what);
  free(text);
  pk_profile_free(b);
  return bad;
}

static const struct {
  const char *name;
  size_t len;
  pk_frame_kind kind;
} hostile[] = {
#define N(s) s, sizeof s - 1
    {N("x\nmain;injected 999999\ny"), PK_FRAME_PLAIN},
    {N("RegExp: ([^;\"]*;? ?)*)\"$"), PK_FRAME_PLAIN},
    {N("tab\there"), PK_FRAME_PLAIN},
    {N("\ttab first"), PK_FRAME_PLAIN},
    {N("cr\r\nlf"), PK_FRAME_PLAIN},
    {N("nul\0inside"), PK_FRAME_PLAIN},
    {N(" leading space"), PK_FRAME_PLAIN},
    {N("trailing space "), PK_FRAME_PLAIN},
    {N("trailing spaces  "), PK_FRAME_PLAIN},
    {N("digits 12"), PK_FRAME_PLAIN},
    {N("two numbers 12 34"), PK_FRAME_PLAIN},
    {N("fraction 1.5"), PK_FRAME_PLAIN},
    {N("12"), PK_FRAME_PLAIN},
    {N("looks kernel_[k]"), PK_FRAME_PLAIN},
    {N("is kernel_[k]"), PK_FRAME_KERNEL},
    {N("jit_[j]"), PK_FRAME_INLINED},
    {N("escape \\x3b literal"), PK_FRAME_PLAIN},
    {N("escape \\x5c literal"), PK_FRAME_PLAIN},
    {N("backslash \\\\x3b twice"), PK_FRAME_PLAIN},
    {N("backslash at end \\"), PK_FRAME_PLAIN},
    {N("\\x not hex \\xzz \\x86"), PK_FRAME_PLAIN},
    {N("bad utf-8 \xff\xfe"), PK_FRAME_PLAIN},
    {N(";"), PK_FRAME_PLAIN},
    /* not " ": a name of spaces only comes back empty at a line's end */
    {N(""), PK_FRAME_PLAIN},
#undef N
};
#define HOSTILE (sizeof hostile / sizeof hostile[0])

static pk_profile *new_profile(void) {
  pk_profile *p = pk_profile_new();
  pk_profile_add_sample_type(p, "samples", "count");
  return p;
}

/* Each hostile name as root, middle and leaf frame; then all of them in one profile. */
static void check_hostile_names(void) {
  pk_profile *all = new_profile();
  for (size_t i = 0; i < HOSTILE; i++) {
    pk_profile *p = new_profile();
    pk_id h = pk_profile_frame_named(p, hostile[i].name, hostile[i].len, hostile[i].kind);
    pk_id m = pk_profile_frame_named(p, "main", 4, PK_FRAME_PLAIN);
    pk_id stacks[3][3] = {{h, m, m}, {m, h, m}, {m, m, h}};
    for (int s = 0; s < 3; s++) {
      int64_t v = 10 + s;
      CHECK_EQ_INT(pk_profile_add_stack(p, stacks[s], 3, &v, NULL), PK_OK);
      /* the one stack folded text cannot hold: a line of one empty name */
      if (hostile[i].len == 0 && s == 0) continue;
      CHECK_EQ_INT(pk_profile_add_stack(p, stacks[s], 1 + (size_t)s, &v, NULL), PK_OK);
    }
    pk_profile_finish(p, NULL);
    char what[64];
    snprintf(what, sizeof what, "hostile name #%zu", i);
    CHECK(round_trip(p, what) == 0);
    pk_profile_free(p);
    pk_id frames[HOSTILE];
    for (size_t k = 0; k <= i; k++)
      frames[k] = pk_profile_frame_named(all, hostile[k].name, hostile[k].len, hostile[k].kind);
    int64_t v = (int64_t)i + 1;
    CHECK_EQ_INT(pk_profile_add_stack(all, frames, i + 1, &v, NULL), PK_OK);
  }
  pk_profile_finish(all, NULL);
  CHECK(round_trip(all, "all hostile names") == 0);
  pk_profile_free(all);
}

int main(int argc, char **argv) {
  if (argc == 1) {
    check_hostile_names();
    return pk_check_exit("folded_roundtrip");
  }
  int checked = 0, unread = 0, negative = 0;
  for (int i = 1; i < argc; i++) {
    pk_profile *p;
    pk_error err;
    pk_error_clear(&err);
    if (pk_read_profile(&p, argv[i], NULL, &err) != PK_OK) {
      unread++;
      continue;
    }
    if (has_negative(p, pk_profile_default_type(p))) {
      negative++;
    } else {
      checked++;
      CHECK(round_trip(p, argv[i]) == 0);
    }
    pk_profile_free(p);
  }
  printf("%d profiles read, written as folded and read back to the same tree; %d with negative values "
         "(not folded text) skipped; %d files not profiles\n", checked, negative, unread);
  CHECK(checked > 0);
  return pk_check_exit("folded_roundtrip");
}
