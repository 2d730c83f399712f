/*
 * heap/report/retainer_paths.c - retainer paths for suspect classes: the shortest path from
 * the root to each suspect object, skipping weak edges (DevTools' Retainers
 * pane order), with suspects grouped by the shape of their path.
 *
 * One BFS from the root records each node's predecessor edge; a path is then
 * read backwards from the object, at most MAX_HOPS hops.  The shape names
 * each hop "Class.edge" (property, context, internal, shortcut edges) or
 * "Class[]" (element and hidden edges, and numbered slots such as a Map's
 * table entries, whose numbers differ between objects of one shape), so 200 objects in one Map's table make one group.  Shapes
 * are counted in a heap_names table per class; the most common ones are
 * kept in the report.  At most OBJECTS_PER_CLASS objects of a class are
 * walked (the first in heap order); the group keeps how many were examined
 * and the class's total, so a sampled count is never shown as the total.
 */
#include <string.h>

#include "util/grow.h"
#include "heap/heap_internal.h"
#include "heap/report/report_internal.h"

#define MAX_HOPS 24
#define SHAPE_MAX HEAP_PATH_SHAPE_MAX
#define OBJECTS_PER_CLASS 20000

/* pred[n] = edge by which the BFS first reached n (PK_HEAP_NONE for the root
 * and unreached nodes); from[n] = that edge's source.  As DevTools orders
 * retainers (user roots before system roots), the BFS first runs from the
 * root's user roots (its non-synthetic children: the global objects), then
 * from the synthetic ones ((GC roots) ...) for what is left, so an object a
 * global holds gets that path even when a handle scope reaches it sooner. */
int heap_shortest_tree(const pk_heap *h, uint32_t **pred_out, uint32_t **from_out) {
  size_t n = h->n_nodes;
  uint32_t *pred = malloc(n * sizeof *pred), *from = malloc(n * sizeof *from), *queue = malloc(n * sizeof *queue);
  if (!pred || !from || !queue) {
    free(pred); free(from); free(queue);
    return -1;
  }
  memset(pred, 0xff, n * sizeof *pred);
  uint8_t *seen = calloc(n, 1);
  if (!seen) {
    free(pred); free(from); free(queue);
    return -1;
  }
  size_t len = 0, head = 0;
  seen[0] = 1;
  for (int system = 0; system <= 1; system++) {
    for (uint32_t e = h->nedges[0]; n && e < h->nedges[1]; e++) {
      uint32_t to = heap_eto(h, e);
      if (seen[to] || heap_ekind(h, e) == PK_HEAP_EDGE_WEAK) continue;
      if ((heap_nkind(h, to) == PK_HEAP_NODE_SYNTHETIC) != system) continue;
      seen[to] = 1;
      pred[to] = e;
      from[to] = 0;
      queue[len++] = to;
    }
    for (; head < len; head++) {
      uint32_t v = queue[head];
      for (uint32_t e = h->nedges[v]; e < h->nedges[v + 1]; e++) {
        uint32_t to = heap_eto(h, e);
        if (seen[to] || heap_ekind(h, e) == PK_HEAP_EDGE_WEAK) continue;
        seen[to] = 1;
        pred[to] = e;
        from[to] = v;
        queue[len++] = to;
      }
    }
  }
  free(seen);
  free(queue);
  *pred_out = pred;
  *from_out = from;
  return 0;
}

static size_t append(char *buf, size_t len, const char *s) {
  size_t n = strlen(s);
  if (len + n >= SHAPE_MAX) n = len < SHAPE_MAX - 1 ? SHAPE_MAX - 1 - len : 0;
  memcpy(buf + len, s, n);
  buf[len + n] = '\0';
  return len + n;
}

/* Synthetic nodes ("(GC roots)", "(Global handles)") by name, others by class. */
static const char *label(const pk_heap *h, uint32_t v) {
  return heap_nkind(h, v) == PK_HEAP_NODE_SYNTHETIC ? heap_str(h, heap_nname(h, v)) : h->classes.names[heap_cls(h, v)];
}

/* Writes the path shape of node v into buf; returns its length. */
size_t heap_path_shape(const pk_heap *h, const uint32_t *pred, const uint32_t *from, uint32_t v, char *buf) {
  uint32_t hops[MAX_HOPS];
  size_t n = 0;
  for (uint32_t x = v; pred[x] != PK_HEAP_NONE && n < MAX_HOPS; x = from[x]) hops[n++] = pred[x];
  size_t len = 0;
  buf[0] = '\0';
  if (pred[v] == PK_HEAP_NONE && v != 0) return append(buf, 0, "(unreachable)");
  if (n == MAX_HOPS) len = append(buf, len, "... -> ");
  for (size_t i = n; i-- > 0;) {
    uint32_t e = hops[i], src = from[heap_eto(h, e)];
    if (src == 0) continue;  /* the synthetic root adds nothing */
    len = append(buf, len, label(h, src));
    const char *name = heap_edge_named(heap_ekind(h, e)) ? heap_str(h, heap_ename(h, e)) : "";
    if (*name && strspn(name, "0123456789") != strlen(name)) {
      len = append(buf, len, ".");
      len = append(buf, len, name);
    } else {  /* indexes, numbered table slots */
      len = append(buf, len, "[]");
    }
    len = append(buf, len, " -> ");
  }
  return append(buf, len, label(h, v));
}

typedef struct shape_count {
  uint32_t shape;
  uint64_t count;
} shape_count;

static int by_count(const void *a, const void *b) {
  const shape_count *x = a, *y = b;
  return x->count != y->count ? (x->count > y->count ? -1 : 1) : (x->shape < y->shape ? -1 : 1);
}

/* Groups the paths of the chosen objects of one report row. */
static int explain_row(pk_heap_report *r, size_t row, uint32_t cls, const pk_heap *h, const uint32_t *map,
                       const uint8_t *mask,
                       const uint32_t *pred, const uint32_t *from, size_t per_class) {
  heap_names shapes = {0};
  uint64_t *counts = NULL;
  size_t counts_cap = 0, seen = 0, total = 0;
  char buf[SHAPE_MAX];
  int rc = 0;
  for (uint32_t v = 0; v < h->n_nodes && rc == 0; v++) {
    if (!heap_size(h, v) || map[heap_cls(h, v)] != cls) continue;
    if (mask && !heap_bit(mask, v)) continue;
    total++;  /* past the sample: counted, not walked */
    if (seen == OBJECTS_PER_CLASS) continue;
    seen++;
    size_t len = heap_path_shape(h, pred, from, v, buf);
    size_t before = shapes.count;
    uint32_t s = heap_names_intern(&shapes, buf, len);
    if (s == UINT32_MAX || PK_GROW(counts, counts_cap, s + 1) < 0) {
      rc = -1;
      break;
    }
    if (shapes.count > before) counts[s] = 0;
    counts[s]++;
  }
  shape_count *order = rc == 0 ? malloc((shapes.count + 1) * sizeof *order) : NULL;
  if (rc == 0 && !order) rc = -1;
  if (rc == 0) {
    for (size_t s = 0; s < shapes.count; s++) order[s] = (shape_count){(uint32_t)s, counts[s]};
    qsort(order, shapes.count, sizeof *order, by_count);
    for (size_t i = 0; i < shapes.count && i < per_class && rc == 0; i++) {
      if (PK_GROW(r->paths, r->paths_cap, r->n_paths + 1) < 0) {
        rc = -1;
        break;
      }
      char *copy = strdup(shapes.names[order[i].shape]);
      if (!copy) rc = -1;
      else r->paths[r->n_paths++] = (pk_heap_path_group){row, order[i].count, seen, total, copy};
    }
  }
  free(order);
  free(counts);
  heap_names_free(&shapes);
  return rc;
}

int heap_report_paths(pk_heap_report *r, const pk_heap *last, const uint32_t *map, const uint8_t *new_mask,
                      size_t max_classes, size_t per_class) {
  size_t explained = 0;
  int rc = 0;
  for (size_t i = 0; i < r->n_rows && explained < max_classes && rc == 0; i++) {
    pk_heap_class_row *row = &r->rows[i];
    if (row->verdict != PK_HEAP_LEAK && row->verdict != PK_HEAP_GROWTH) continue;
    if (!r->pred && heap_shortest_tree(last, &r->pred, &r->from) < 0) return -1;
    uint32_t cls = heap_names_intern(&r->names, row->name, strlen(row->name));  /* existing: its id */
    if (cls == UINT32_MAX) rc = -1;
    else rc = explain_row(r, i, cls, last, map, row->new_count && new_mask ? new_mask : NULL, r->pred, r->from, per_class);
    explained++;
  }
  return rc;
}
