/*
 * heap/analysis/distances.c - DevTools' "Distance" column: BFS over non-weak edges,
 * first from the user roots (every root child that is not synthetic, plus
 * "(Document DOM trees)") at distance 1, then from the root itself for what
 * only system roots reach, offset by HEAP_DISTANCE_SYSTEM.
 *
 * DevTools' filter applies: a NativeContext's sloppy_function_map edge and
 * the key/type slots of "(map descriptors)" arrays do not count, and of the
 * two edges V8 writes for a WeakMap entry (from the table, from the key)
 * only the second one reached counts, so a value's distance is the larger
 * one.  That pairing is tracked with a set of 64-bit hashes of the shared
 * part of the two edge names.
 *
 * The distances are written in 16 bits from the start (heap/packed_narrow.h),
 * half the memory of 32 while the dominator pass holds its largest arrays;
 * in the rare snapshot where one does not fit, both runs start again in
 * 32 bits.
 */
#include <string.h>

#include "heap/analysis/queue_cursor.h"
#include "platform/pages.h"
#include "platform/compiler.h"


typedef struct hash_set {
  uint64_t *slots;  /* 0 = empty */
  size_t cap, len;
} hash_set;

static uint64_t hash_text(const char *s) {
  uint64_t x = 1469598103934665603ull;
  for (; *s; s++) x = (x ^ (unsigned char)*s) * 1099511628211ull;
  return x ? x : 1;
}

/* Toggles x in the set: returns 1 if it was present (and removes it). */
static int set_toggle(hash_set *set, uint64_t x) {
  if (set->len * 2 >= set->cap) {
    size_t cap = set->cap ? set->cap * 2 : 64;
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < set->cap; i++) {
      uint64_t v = set->slots[i];
      if (v == 0 || v == UINT64_MAX) continue;
      size_t j = v & (cap - 1);
      while (slots[j]) j = (j + 1) & (cap - 1);
      slots[j] = v;
    }
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
  }
  if (x == UINT64_MAX) x--;
  size_t j = x & (set->cap - 1);
  while (set->slots[j]) {
    if (set->slots[j] == x) {
      set->slots[j] = UINT64_MAX;  /* tombstone */
      return 1;
    }
    j = (j + 1) & (set->cap - 1);
  }
  set->slots[j] = x;
  set->len++;
  return 0;
}

static int is_user_root(const pk_heap *h, uint32_t n) {
  return heap_nkind(h, n) != PK_HEAP_NODE_SYNTHETIC ||
         heap_tag(h, heap_nname(h, n), TAG_DOM_TREES);
}

/* 1 if the BFS may follow edge e out of node n. */
static int follow(const pk_heap *h, uint32_t n, uint32_t e, hash_set *pending) {
  pk_heap_node_kind nk = heap_nkind(h, n);
  pk_heap_edge_kind ek = heap_ekind(h, e);
  if (nk == PK_HEAP_NODE_HIDDEN && heap_edge_named(ek) && heap_tag(h, heap_ename(h, e), TAG_SLOPPY_MAP) &&
      heap_tag(h, heap_nname(h, n), TAG_NATIVE_CONTEXT))
    return 0;
  if (nk == PK_HEAP_NODE_ARRAY && heap_tag(h, heap_nname(h, n), TAG_MAP_DESCRIPTORS)) {
    if (heap_edge_named(ek)) {
      const char *name = heap_str(h, heap_ename(h, e));
      if (*name < '0' || *name > '9') return 1;  /* parseInt gives NaN: DevTools keeps it */
      uint64_t index = strtoull(name, NULL, 10);
      return index < 2 || index % 3 != 1;
    }
    uint32_t index = heap_ename(h, e);
    return index < 2 || index % 3 != 1;
  }
  uint32_t table;
  if (ek == PK_HEAP_EDGE_INTERNAL && heap_tag(h, heap_ename(h, e), TAG_WEAKMAP_EDGE)) {
    const char *name = heap_str(h, heap_ename(h, e));
    if (heap_weakmap_table_id(name, &table)) {
      while (*name >= '0' && *name <= '9') name++;
      int r = set_toggle(pending, hash_text(name));
      if (r == 0) return 0;  /* first of the pair */
    }
  }
  return 1;
}

/* The distances being written: 16 bits (heap_narrow_one's encoding) when
 * every distance fits, else 32. */
typedef struct dist_array {
  uint16_t *d16;
  uint32_t *d32;
} dist_array;

static PK_ALWAYS_INLINE uint32_t dist_get(const dist_array *a, uint32_t n) {
  return a->d16 ? heap_widen(a->d16[n], HEAP_DISTANCE_SYSTEM) : a->d32[n];
}

static PK_ALWAYS_INLINE int dist_unset(const dist_array *a, uint32_t n) {
  return a->d16 ? a->d16[n] == 0xffff : a->d32[n] == PK_HEAP_NONE;
}

static PK_ALWAYS_INLINE const void *dist_slot(const dist_array *a, uint32_t n) {
  return a->d16 ? (const void *)&a->d16[n] : (const void *)&a->d32[n];
}

/* -1 if d does not fit (16 bits only) */
static PK_ALWAYS_INLINE int dist_set(dist_array *a, uint32_t n, uint32_t d) {
  if (!a->d16) {
    a->d32[n] = d;
    return 0;
  }
  return heap_narrow_one(d, HEAP_DISTANCE_SYSTEM, &a->d16[n]);
}

/* One look-ahead step: the distance slot of the next target the BFS will
 * test (heap/analysis/queue_cursor.h). */
static PK_ALWAYS_INLINE void look_ahead(const pk_heap *h, const dist_array *dist, const uint32_t *queue, size_t len,
                                        heap_queue_cursor *c) {
  uint32_t to = heap_queue_cursor_next(h, queue, len, c);
  if (to != PK_HEAP_NONE) PK_PREFETCH(dist_slot(dist, to));
}

#define RELEASE_STEP ((size_t)1 << 18)  /* queue entries */

/* The queue's pages behind the head are given back as it advances (the
 * frontier is a small part of the heap).  The queue starts with nodes of
 * one distance and holds them level by level, so the distance of the node
 * at the head comes from the level's end, not from a random read.
 * -1 if a distance does not fit in 16 bits. */
static PK_ALWAYS_INLINE int bfs(pk_heap *h, dist_array *dist, uint32_t *queue, size_t len, hash_set *pending) {
  if (len == 0) return 0;
  heap_queue_cursor ahead = {0, 0, 0};
  uint32_t d = dist_get(dist, queue[0]) + 1;
  size_t level_end = len;
  for (int i = 0; i < PK_PREFETCH_AHEAD; i++) look_ahead(h, dist, queue, len, &ahead);
  size_t released = 0;
  for (size_t head = 0; head < len; head++) {
    if (head - released >= RELEASE_STEP) {
      heap_release_pages(queue + released, (head - released) * sizeof *queue);
      released = head;
    }
    if (head == level_end) {
      d++;
      level_end = len;
    }
    uint32_t n = queue[head];
    for (uint32_t e = h->nedges[n]; e < h->nedges[n + 1]; e++) {
      look_ahead(h, dist, queue, len, &ahead);
      if (heap_ekind(h, e) == PK_HEAP_EDGE_WEAK) continue;
      uint32_t to = heap_eto(h, e);
      if (!dist_unset(dist, to)) continue;
      if (!follow(h, n, e, pending)) continue;
      if (dist_set(dist, to, d) < 0) return -1;
      queue[len++] = to;
    }
  }
  return 0;
}

/* Both BFS runs into dist (set to "unreached"); -1 if a distance does not
 * fit in 16 bits. */
static PK_ALWAYS_INLINE int distances_into(pk_heap *h, dist_array *dist, uint32_t *queue) {
  hash_set pending = {0};
  size_t len = 0;
  int rc = 0;
  for (uint32_t e = h->nedges[0]; e < h->nedges[1]; e++) {
    uint32_t to = heap_eto(h, e);
    if (to == 0 || !is_user_root(h, to) || !dist_unset(dist, to)) continue;
    dist_set(dist, to, 1);
    queue[len++] = to;
  }
  int had_user_roots = len > 0;
  if (bfs(h, dist, queue, len, &pending) < 0) rc = -1;
  if (rc == 0) {
    dist_set(dist, 0, had_user_roots ? HEAP_DISTANCE_SYSTEM : 0);
    queue[0] = 0;
    rc = bfs(h, dist, queue, 1, &pending);
  }
  free(pending.slots);
  return rc;
}

/* In 16 bits first (h->distance16), and again in 32 (h->distance) when a
 * distance does not fit. */
int heap_distances(pk_heap *h, pk_error *err) {
  size_t n = h->n_nodes;
  uint32_t *queue = pk_malloc_huge(n * sizeof *queue);
  dist_array narrow = {pk_malloc_huge(n * sizeof *narrow.d16), NULL};
  if (!queue || !narrow.d16) {
    free(queue);
    free(narrow.d16);
    return heap_oom(err, h);
  }
  memset(narrow.d16, 0xff, n * sizeof *narrow.d16);
  if (distances_into(h, &narrow, queue) == 0) {
    h->distance16 = narrow.d16;
    free(queue);
    return 0;
  }
  free(narrow.d16);
  dist_array wide = {NULL, pk_malloc_huge(n * sizeof *wide.d32)};
  if (!wide.d32) {
    free(queue);
    return heap_oom(err, h);
  }
  memset(wide.d32, 0xff, n * sizeof *wide.d32);
  distances_into(h, &wide, queue);
  h->distance = wide.d32;
  free(queue);
  return 0;
}
