/*
 * heap/analysis/interface_names.c - DevTools' interface names for plain objects: "{a, b}".
 *
 * Inference: every plain object (type object, named "Object") proposes the
 * interface spelled by its property edges in order (skipping __proto__,
 * names with , ' " { } JSON-quoted, cut once the text passes 120 bytes).
 * Proposals shared by at least max(2, plain objects / 1000) objects become
 * definitions, most popular first (ties: first seen).
 *
 * Application: each definition's properties, sorted, are a path in a trie.
 * An object's sorted property names (all property edges) are walked
 * through the trie keeping the set of states reachable by a subset of the
 * names read so far; the definition with the most properties among those
 * reached (ties: the more popular) names the object, else it stays
 * "Object".  So an object with properties {a, b, c} is "{a, b}" if that
 * interface is popular and "{a, b, c}" is not.  A state is dropped once the
 * names read pass its greatest child key.  All lists are arrays; the walk
 * is per object, bounded by the trie size.
 */
#define _GNU_SOURCE 1  /* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "heap/heap_internal.h"

#define INTERFACE_MAX_NAME 120
#define NO_MATCH UINT32_MAX

/* Appends a property name as DevTools formats it (JSON-quoted if it holds , ' " { }). */
static size_t format_property(const char *name, char *out, size_t room) {
  if (!strpbrk(name, ",'\"{}")) return (size_t)snprintf(out, room, "%s", name);
  size_t n = 0;
  if (n < room) out[n] = '"';
  n++;
  for (const char *p = name; *p; p++) {
    unsigned char c = (unsigned char)*p;
    char esc[8];
    size_t k;
    if (c == '"' || c == '\\') k = (size_t)snprintf(esc, sizeof esc, "\\%c", c);
    else if (c < 0x20) k = (size_t)snprintf(esc, sizeof esc, "\\u%04x", c);
    else k = (size_t)snprintf(esc, sizeof esc, "%c", c);
    for (size_t i = 0; i < k; i++, n++)
      if (n < room) out[n] = esc[i];
  }
  if (n < room) out[n] = '"';
  n++;
  return n;
}

/* The interface name "{a, b}" of a plain object (0 if it has no
 * properties); the string indexes of the names used go to props[] if given. */
static size_t interface_name(const pk_heap *h, uint32_t node, char *buf, size_t size, uint32_t *props,
                             size_t *n_props) {
  size_t len = 1, count = 0;
  buf[0] = '{';
  for (uint32_t e = h->nedges[node]; e < h->nedges[node + 1]; e++) {
    if (heap_ekind(h, e) != PK_HEAP_EDGE_PROPERTY || heap_tag(h, heap_ename(h, e), TAG_PROTO)) continue;
    char formatted[INTERFACE_MAX_NAME * 2];
    size_t flen = format_property(heap_str(h, heap_ename(h, e)), formatted, sizeof formatted);
    if (len > 1 && len + flen > INTERFACE_MAX_NAME) break;
    if (flen >= sizeof formatted) flen = sizeof formatted - 1;
    if (len + flen + 4 >= size) break;
    if (count) {
      memcpy(buf + len, ", ", 2);
      len += 2;
    }
    memcpy(buf + len, formatted, flen);
    len += flen;
    if (props) props[count] = heap_ename(h, e);
    count++;
  }
  if (n_props) *n_props = count;
  if (!count) return 0;
  buf[len++] = '}';
  buf[len] = '\0';
  return len;
}

static int is_plain_object(const pk_heap *h, uint32_t n) {
  return heap_nkind(h, n) == PK_HEAP_NODE_OBJECT && heap_tag(h, heap_nname(h, n), TAG_OBJECT);
}

typedef struct trie {
  const pk_heap *h;
  uint32_t *key, *first_child, *next_sibling, *match, *greatest, *present;
  size_t count, cap;
} trie;

static uint32_t trie_add(trie *t, uint32_t key) {
  if (t->count == t->cap) {
    size_t cap = t->cap;
    if (PK_GROW(t->key, cap, t->count + 1) < 0) return NO_MATCH;
    uint32_t **arrays[] = {&t->first_child, &t->next_sibling, &t->match, &t->greatest, &t->present};
    for (size_t i = 0; i < 5; i++) {
      uint32_t *p = realloc(*arrays[i], cap * sizeof **arrays[i]);
      if (!p) return NO_MATCH;
      *arrays[i] = p;
    }
    t->cap = cap;
  }
  uint32_t id = (uint32_t)t->count++;
  t->key[id] = key;
  t->first_child[id] = t->next_sibling[id] = t->match[id] = t->greatest[id] = NO_MATCH;
  t->present[id] = 0;
  return id;
}

static int name_cmp(const pk_heap *h, uint32_t a, uint32_t b) { return strcmp(heap_str(h, a), heap_str(h, b)); }

static uint32_t trie_child(const trie *t, uint32_t node, uint32_t key) {
  for (uint32_t c = t->first_child[node]; c != NO_MATCH; c = t->next_sibling[c])
    if (t->key[c] == key || name_cmp(t->h, t->key[c], key) == 0) return c;
  return NO_MATCH;
}

static int by_name(const void *a, const void *b, void *h) {
  return name_cmp(h, *(const uint32_t *)a, *(const uint32_t *)b);
}

/* Adds definition `def` (its properties sorted) ending at one trie node. */
static int trie_insert(trie *t, uint32_t *props, size_t n, uint32_t def) {
  qsort_r(props, n, sizeof *props, by_name, (void *)t->h);
  uint32_t node = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t child = trie_child(t, node, props[i]);
    if (child == NO_MATCH) {
      if ((child = trie_add(t, props[i])) == NO_MATCH) return -1;
      t->next_sibling[child] = t->first_child[node];
      t->first_child[node] = child;
      if (t->greatest[node] == NO_MATCH || name_cmp(t->h, props[i], t->greatest[node]) > 0)
        t->greatest[node] = props[i];
    }
    node = child;
  }
  if (t->match[node] == NO_MATCH) t->match[node] = def;
  return 0;
}

typedef struct defs {
  uint32_t *cls;      /* class id of definition i (most popular first) */
  uint32_t *n_props;  /* its property count */
  size_t count;
} defs;

/* The better of definitions a and b (NO_MATCH = none): more properties,
 * then the earlier (more popular) one. */
static uint32_t better(const defs *d, uint32_t a, uint32_t b) {
  if (b == NO_MATCH) return a;
  if (a == NO_MATCH) return b;
  if (d->n_props[a] != d->n_props[b]) return d->n_props[a] > d->n_props[b] ? a : b;
  return a <= b ? a : b;
}

/* Walks one object's sorted property names through the trie. */
static uint32_t best_definition(trie *t, const defs *d, const uint32_t *props, size_t n, uint32_t stamp,
                                uint32_t **states, size_t *states_cap) {
  size_t count = 0;
  if (PK_GROW(*states, *states_cap, 1) < 0) return NO_MATCH;
  (*states)[count++] = 0;
  t->present[0] = stamp;
  uint32_t match = t->match[0];
  for (size_t i = 0; i < n; i++) {
    size_t snapshot = count;
    for (size_t k = 0; k < snapshot; k++) {
      uint32_t s = (*states)[k];
      if (t->present[s] != stamp) continue;
      if (t->greatest[s] == NO_MATCH || name_cmp(t->h, props[i], t->greatest[s]) >= 0) t->present[s] = 0;
      uint32_t child = trie_child(t, s, props[i]);
      if (child == NO_MATCH) continue;
      if (t->present[child] != stamp) {
        if (PK_GROW(*states, *states_cap, count + 1) < 0) return match;
        (*states)[count++] = child;
        t->present[child] = stamp;
      }
      match = better(d, match, t->match[child]);
    }
  }
  return match;
}

/* Candidates sorted by count (descending), then first seen. */
typedef struct candidate {
  uint64_t count;
  uint32_t cls, example;
} candidate;

static int by_popularity(const void *pa, const void *pb) {
  const candidate *a = pa, *b = pb;
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  return a->cls < b->cls ? -1 : a->cls > b->cls;
}

int heap_interfaces(pk_heap *h) {
  size_t plain = 0, first_new = h->classes.count;
  char buf[INTERFACE_MAX_NAME * 3];
  for (uint32_t n = 0; n < h->n_nodes; n++) {
    if (!is_plain_object(h, n)) continue;
    plain++;
    size_t len = interface_name(h, n, buf, sizeof buf, NULL, NULL);
    uint32_t id = len ? heap_names_intern(&h->classes, buf, len) : PK_HEAP_NONE;  /* provisional */
    if ((len && id == UINT32_MAX) || heap_set_cls(h, n, id) < 0) return -1;
  }
  uint32_t object_class = heap_names_intern(&h->classes, "Object", 6);
  size_t n_cand = h->classes.count - first_new;
  candidate *cand = calloc(n_cand + 1, sizeof *cand);
  if (!cand || object_class == UINT32_MAX) {
    free(cand);
    return -1;
  }
  for (size_t i = 0; i < n_cand; i++) cand[i] = (candidate){0, (uint32_t)(first_new + i), PK_HEAP_NONE};
  for (uint32_t n = 0; n < h->n_nodes; n++) {
    uint32_t id = is_plain_object(h, n) ? heap_cls(h, n) : PK_HEAP_NONE;
    if (id == PK_HEAP_NONE || id < first_new || id == object_class) continue;
    candidate *c = &cand[id - first_new];
    if (c->example == PK_HEAP_NONE) c->example = n;
    c->count++;
  }
  qsort(cand, n_cand, sizeof *cand, by_popularity);
  double min = (double)plain / 1000.0;
  if (min < 2) min = 2;
  defs d = {calloc(n_cand + 1, sizeof *d.cls), calloc(n_cand + 1, sizeof *d.n_props), 0};
  trie t = {h, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0};
  uint32_t *props = NULL, *states = NULL;
  size_t props_cap = 0, states_cap = 0;
  int rc = d.cls && d.n_props && trie_add(&t, PK_HEAP_NONE) != NO_MATCH ? 0 : -1;
  for (size_t i = 0; i < n_cand && rc == 0 && (double)cand[i].count >= min; i++) {
    uint32_t ex = cand[i].example;
    size_t n_props = 0;
    if (PK_GROW(props, props_cap, h->nedges[ex + 1] - h->nedges[ex] + 1) < 0) {
      rc = -1;
      break;
    }
    interface_name(h, ex, buf, sizeof buf, props, &n_props);
    d.cls[d.count] = cand[i].cls;
    d.n_props[d.count] = (uint32_t)n_props;
    rc = trie_insert(&t, props, n_props, (uint32_t)d.count);
    d.count++;
  }
  uint32_t stamp = 0;
  for (uint32_t n = 0; n < h->n_nodes && rc == 0; n++) {
    if (!is_plain_object(h, n)) continue;
    if (heap_set_cls(h, n, object_class) < 0) {
      rc = -1;
      break;
    }
    if (d.count == 0) continue;
    size_t count = 0;
    if (PK_GROW(props, props_cap, h->nedges[n + 1] - h->nedges[n] + 1) < 0) {
      rc = -1;
      break;
    }
    for (uint32_t e = h->nedges[n]; e < h->nedges[n + 1]; e++)
      if (heap_ekind(h, e) == PK_HEAP_EDGE_PROPERTY) props[count++] = heap_ename(h, e);
    qsort_r(props, count, sizeof *props, by_name, h);
    uint32_t best = best_definition(&t, &d, props, count, ++stamp, &states, &states_cap);
    if (best != NO_MATCH && heap_set_cls(h, n, d.cls[best]) < 0) rc = -1;
  }
  free(cand); free(d.cls); free(d.n_props); free(props); free(states);
  free(t.key); free(t.first_child); free(t.next_sibling); free(t.match); free(t.greatest); free(t.present);
  return rc;
}
