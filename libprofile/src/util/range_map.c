/*
 * util/range_map.c - ordered address ranges in a skip list (see range_map.h).
 *
 * Each node holds a range and `levels` forward links; the head has all
 * PK_RANGE_LEVELS.  A search walks down from the top level, keeping at
 * each level the last node whose start is below the key (`update`), which
 * is where an insert links in and a removal unlinks.  Levels are drawn
 * with probability 1/4 per extra level from a xorshift generator.
 */
#include <stdlib.h>

#include "util/range_map.h"

enum { PK_RANGE_LEVELS = 16 };

typedef struct range_node {
  uint64_t start, end; /* end is exclusive; UINT64_MAX when cut at 2^64 */
  uint32_t value;
  int levels;
  struct range_node *next[]; /* levels links */
} range_node;

struct pk_range_map {
  range_node *head;
  uint64_t rng;
};

pk_range_map *pk_range_map_new(void) {
  pk_range_map *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->head = calloc(1, sizeof(range_node) + PK_RANGE_LEVELS * sizeof(range_node *));
  if (!m->head) {
    free(m);
    return NULL;
  }
  m->head->levels = PK_RANGE_LEVELS;
  m->rng = 0x9E3779B97F4A7C15u;
  return m;
}

void pk_range_map_free(pk_range_map *m) {
  if (!m) return;
  for (range_node *n = m->head; n;) {
    range_node *next = n->next[0];
    free(n);
    n = next;
  }
  free(m);
}

/* Fills update[] with the last node at each level whose start < key. */
static void search(const pk_range_map *m, uint64_t key, range_node **update) {
  range_node *x = m->head;
  for (int level = PK_RANGE_LEVELS - 1; level >= 0; level--) {
    while (x->next[level] && x->next[level]->start < key) x = x->next[level];
    update[level] = x;
  }
}

static void unlink_node(range_node **update, range_node *n) {
  for (int level = 0; level < n->levels; level++)
    if (update[level]->next[level] == n) update[level]->next[level] = n->next[level];
  free(n);
}

int pk_range_map_add(pk_range_map *m, uint64_t start, uint64_t size, uint32_t value) {
  uint64_t end = size > UINT64_MAX - start ? UINT64_MAX : start + size;
  if (end == start) end = start + 1 > start ? start + 1 : start; /* size 0 counts as 1 */
  range_node *update[PK_RANGE_LEVELS];
  search(m, start, update);
  /* the range just before may reach into [start, end) */
  range_node *before = update[0];
  if (before != m->head && before->end > start) {
    range_node *u2[PK_RANGE_LEVELS];
    search(m, before->start, u2);
    unlink_node(u2, before);
    search(m, start, update);
  }
  /* the ranges that start inside [start, end) */
  while (update[0]->next[0] && update[0]->next[0]->start < end) unlink_node(update, update[0]->next[0]);
  int levels = 1;
  while (levels < PK_RANGE_LEVELS) {
    m->rng ^= m->rng << 13;
    m->rng ^= m->rng >> 7;
    m->rng ^= m->rng << 17;
    if (m->rng & 3) break;
    levels++;
  }
  range_node *n = malloc(sizeof(range_node) + (size_t)levels * sizeof(range_node *));
  if (!n) return -1;
  *n = (range_node){start, end, value, levels};
  for (int level = 0; level < levels; level++) {
    n->next[level] = update[level]->next[level];
    update[level]->next[level] = n;
  }
  return 0;
}

bool pk_range_map_remove(pk_range_map *m, uint64_t start, uint64_t *size, uint32_t *value) {
  range_node *update[PK_RANGE_LEVELS];
  search(m, start, update);
  range_node *n = update[0]->next[0];
  if (!n || n->start != start) return false;
  if (size) *size = n->end - n->start;
  if (value) *value = n->value;
  unlink_node(update, n);
  return true;
}

bool pk_range_map_at(const pk_range_map *m, uint64_t start, uint32_t *value) {
  range_node *update[PK_RANGE_LEVELS];
  search(m, start, update);
  range_node *n = update[0]->next[0];
  if (!n || n->start != start) return false;
  *value = n->value;
  return true;
}

bool pk_range_map_find(const pk_range_map *m, uint64_t addr, uint32_t *value, uint64_t *start) {
  range_node *update[PK_RANGE_LEVELS];
  search(m, addr, update);
  range_node *n = update[0]->next[0];
  if (!n || n->start != addr) n = update[0] == m->head ? NULL : update[0];
  if (!n || addr >= n->end) return false;
  *value = n->value;
  if (start) *start = n->start;
  return true;
}
