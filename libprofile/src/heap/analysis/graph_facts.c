/*
 * heap/analysis/graph_facts.c - derived graph facts: edge offsets, in-degrees, DevTools'
 * DOM state propagation and page-owned marking, WeakMap edge names.
 *
 * All traversals use explicit work lists sized by the node count; nothing
 * recurses.  Page-owned nodes, as in DevTools, are those reachable over
 * non-weak edges from the root's shortcut edges (Window objects) or from
 * "(Document DOM trees)" (Node.js has shortcut edges from the root to its
 * global objects too).  DOM-state propagation skips hidden, invisible and
 * weak edges.
 */
#include <string.h>

#include "heap/heap_internal.h"

pk_heap_node_kind heap_node_kind_by_name(const char *name) {
  static const char *const names[] = {"hidden", "array", "string", "object", "code", "closure", "regexp",
                                      "number", "native", "synthetic", "concatenated string",
                                      "sliced string", "symbol", "bigint", "object shape"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcmp(name, names[i]) == 0) return (pk_heap_node_kind)i;
  return PK_HEAP_NODE_OTHER;
}

pk_heap_edge_kind heap_edge_kind_by_name(const char *name) {
  static const char *const names[] = {"context", "element", "property", "internal",
                                      "hidden", "shortcut", "weak", "invisible"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcmp(name, names[i]) == 0) return (pk_heap_edge_kind)i;
  return PK_HEAP_EDGE_OTHER;
}

void heap_build_edge_index(pk_heap *h) {
  /* nedges holds edge counts; turn it into n + 1 first-edge offsets in place
   * (the parser keeps room for the extra entry, and the sum was checked). */
  uint32_t offset = 0;
  for (size_t i = 0; i < h->n_nodes; i++) {
    uint32_t count = h->nedges[i];
    h->nedges[i] = offset;
    offset += count;
  }
  h->nedges[h->n_nodes] = offset;
}

uint32_t heap_edge_to(const pk_heap *h, uint32_t v, const char *name) {
  size_t len = strlen(name);
  for (uint32_t e = h->nedges[v]; e < h->nedges[v + 1]; e++) {
    if (!heap_edge_named(heap_ekind(h, e))) continue;
    uint32_t s = heap_ename(h, e);
    uint32_t k = s < h->n_strings ? heap_str_slot(h, s) : UINT32_MAX;  /* a value left in the file names no edge */
    if (k != UINT32_MAX && heap_slot_len(h, k) == len && memcmp(h->sdata + heap_soff(h, k), name, len) == 0)
      return heap_eto(h, e);
  }
  return PK_HEAP_NONE;
}

int heap_tag_strings(pk_heap *h) {
  static const struct { const char *text; unsigned tag; } known[] = {
      {"Object", TAG_OBJECT}, {"(map descriptors)", TAG_MAP_DESCRIPTORS},
      {"system / NativeContext", TAG_NATIVE_CONTEXT}, {"sloppy_function_map", TAG_SLOPPY_MAP},
      {"elements", TAG_ELEMENTS}, {"Array", TAG_ARRAY}, {"system / ExternalStringData", TAG_EXTERNAL_STRING},
      {"system / JSArrayBufferData", TAG_ARRAY_BUFFER}, {"(Document DOM trees)", TAG_DOM_TREES},
      {"__proto__", TAG_PROTO}};
  size_t slots = heap_str_slots(h);  /* values left in the file have none: never tested */
  h->stag = calloc(slots ? slots : 1, sizeof *h->stag);
  if (!h->stag) return -1;
  for (size_t i = 0; i < slots; i++) {
    const char *s = h->sdata + heap_soff(h, (uint32_t)i);
    size_t len = heap_slot_len(h, (uint32_t)i);
    if (len > 9 && strncmp(s, "Detached ", 9) == 0) h->stag[i] |= TAG_DETACHED;
    uint32_t table;
    if (heap_weakmap_table_id(s, &table)) h->stag[i] |= TAG_WEAKMAP_EDGE;
    if (len > 27) continue;
    for (size_t k = 0; k < sizeof known / sizeof *known; k++)
      if (s[0] == known[k].text[0] && strcmp(s, known[k].text) == 0) h->stag[i] |= (uint16_t)known[k].tag;
  }
  return 0;
}

/* Two bits a node (at least one retainer, more than one), not a count:
 * a quarter of a byte, where a saturating count took a byte at the
 * second thread's peak. */
uint8_t *heap_single_retainer_bits(const pk_heap *h) {
  uint8_t *once = calloc(h->n_nodes / 8 + 1, 1), *more = calloc(h->n_nodes / 8 + 1, 1);
  if (!once || !more) {
    free(once);
    free(more);
    return NULL;
  }
  for (size_t e = 0; e < h->n_edges; e++) {
    uint32_t to = heap_eto(h, e);
    heap_bit_count(once, more, to);
  }
  for (size_t i = 0; i < h->n_nodes / 8 + 1; i++) once[i] &= (uint8_t)~more[i];
  free(more);
  return once;
}

/* Matches "<digits> / part of key (<x> @<n>) -> value (<y> @<m>) pair in
 * WeakMap (table @<id>)", V8's name for the two edges of an ephemeron. */
int heap_weakmap_table_id(const char *name, uint32_t *table_id) {
  const char *p = name;
  if (*p < '0' || *p > '9') return 0;
  while (*p >= '0' && *p <= '9') p++;
  if (strncmp(p, " / part of key (", 16) != 0) return 0;
  if (!strstr(p, ") -> value (")) return 0;
  static const char tail[] = ") pair in WeakMap (table @";
  const char *t = strstr(p, tail);
  if (!t) return 0;
  t += sizeof tail - 1;
  uint64_t id = 0;
  const char *digits = t;
  while (*t >= '0' && *t <= '9' && id <= UINT32_MAX) id = id * 10 + (uint64_t)(*t++ - '0');
  if (t == digits || id > UINT32_MAX || strcmp(t, ")") != 0) return 0;
  *table_id = (uint32_t)id;
  return 1;
}

static int is_dom_trees_root(const pk_heap *h, uint32_t n) {
  return heap_nkind(h, n) == PK_HEAP_NODE_SYNTHETIC && heap_tag(h, heap_nname(h, n), TAG_DOM_TREES);
}

static void mark_page_owned(pk_heap *h, uint32_t *stack) {
  size_t top = 0;
  for (uint32_t e = h->nedges[0]; e < h->nedges[1]; e++) {
    uint32_t to = heap_eto(h, e);
    pk_heap_edge_kind k = heap_ekind(h, e);
    if (k == PK_HEAP_EDGE_ELEMENT ? !is_dom_trees_root(h, to) : k != PK_HEAP_EDGE_SHORTCUT) continue;
    if (h->flags[to] & HEAP_FLAG_PAGE) continue;
    h->flags[to] |= HEAP_FLAG_PAGE;
    stack[top++] = to;
  }
  while (top) {
    uint32_t n = stack[--top];
    for (uint32_t e = h->nedges[n]; e < h->nedges[n + 1]; e++) {
      uint32_t to = heap_eto(h, e);
      if ((h->flags[to] & HEAP_FLAG_PAGE) || heap_ekind(h, e) == PK_HEAP_EDGE_WEAK) continue;
      h->flags[to] |= HEAP_FLAG_PAGE;
      stack[top++] = to;
    }
  }
}

/* DevTools' propagateDOMState: known states spread to native children over
 * edges that are not hidden, invisible or weak; attached wins. */
static void propagate_dom_state(pk_heap *h, uint32_t *queue, uint8_t *visited) {
  size_t n_att = 0, n_det = 0;
  uint32_t *attached = queue, *detached = queue + h->n_nodes;
  for (uint32_t n = 0; n < h->n_nodes; n++) {
    if (heap_detached(h, n) == 0 || visited[n]) continue;
    visited[n] = 1;
    if (heap_nkind(h, n) != PK_HEAP_NODE_NATIVE) continue;
    if (heap_detached(h, n) == 1) attached[n_att++] = n;
    else if (heap_detached(h, n) == 2) detached[n_det++] = n;
  }
  for (int pass = 1; pass <= 2; pass++) {
    uint32_t *list = pass == 1 ? attached : detached;
    size_t *len = pass == 1 ? &n_att : &n_det;
    while (*len) {
      uint32_t n = list[--*len];
      if (pass == 2 && heap_detached(h, n) == 1) continue;
      for (uint32_t e = h->nedges[n]; e < h->nedges[n + 1]; e++) {
        pk_heap_edge_kind k = heap_ekind(h, e);
        uint32_t to = heap_eto(h, e);
        if (k == PK_HEAP_EDGE_HIDDEN || k == PK_HEAP_EDGE_INVISIBLE || k == PK_HEAP_EDGE_WEAK || visited[to]) continue;
        visited[to] = 1;
        if (heap_nkind(h, to) != PK_HEAP_NODE_NATIVE) continue;
        heap_set_detached(h, to, (unsigned)pass);
        list[(*len)++] = to;
      }
    }
  }
  for (uint32_t n = 0; n < h->n_nodes; n++)
    if (heap_nkind(h, n) == PK_HEAP_NODE_NATIVE &&
        (heap_detached(h, n) == 2 || heap_tag(h, heap_nname(h, n), TAG_DETACHED))) {
      h->flags[n] |= HEAP_FLAG_DETACHED;
      heap_set_detached(h, n, 2);  /* so readers need not share h->flags (see pk_heap_analyze) */
    }
}

/* Whether any node carries a DOM state or a "Detached " name, and whether
 * the root has page entry points: without them, the pass (and its scratch
 * memory) is skipped. */
static int has_dom_state(const pk_heap *h) {
  for (uint32_t n = 0; n < h->n_nodes; n++)
    if (heap_detached(h, n) || (heap_nkind(h, n) == PK_HEAP_NODE_NATIVE && heap_tag(h, heap_nname(h, n), TAG_DETACHED)))
      return 1;
  return 0;
}

static int has_page_roots(const pk_heap *h) {
  for (uint32_t e = h->nedges[0]; e < h->nedges[1]; e++)
    if (heap_ekind(h, e) == PK_HEAP_EDGE_SHORTCUT || is_dom_trees_root(h, heap_eto(h, e))) return 1;
  return 0;
}

int heap_mark_dom_state(pk_heap *h, pk_error *err) {
  if (!has_dom_state(h)) return 0;
  uint32_t *queue = malloc(2 * h->n_nodes * sizeof *queue);
  uint8_t *visited = calloc(h->n_nodes, 1);
  int rc = queue && visited ? 0 : heap_oom(err, h);
  if (rc == 0) propagate_dom_state(h, queue, visited);
  free(queue);
  free(visited);
  return rc;
}

int heap_mark_page_owned(pk_heap *h, pk_error *err) {
  if (!has_page_roots(h)) return 0;
  uint32_t *stack = malloc(h->n_nodes * sizeof *stack);
  if (!stack) return heap_oom(err, h);
  mark_page_owned(h, stack);
  free(stack);
  return 0;
}
