/*
 * heap/analysis/classes.c - DevTools' class of every node (the "Constructor" column).
 *
 *   object, native   -> the node's name ("Foo", "Map"); "<div id=x>" -> "<div>";
 *                       detached native nodes get a "Detached " prefix
 *   plain "Object"   -> an interface name "{a, b, c}" (heap/analysis/interface_names.c)
 *   closure          -> "Function"      regexp -> "RegExp"
 *   hidden           -> "(system)"      code   -> "(compiled code)"
 *   anything else    -> "(" type ")": "(string)", "(array)", "(number)" ...
 *
 * Class names are interned in a heap_names table; names that
 * are the node's own string are looked up through a per-string cache, so
 * the common case costs one array read.  Class ids are written in 16 bits
 * from the start (heap_set_cls), and move to 32 bits only if one does not
 * fit: the 32-bit array and its 16-bit copy never stand side by side at
 * the peak, which this pass shares with the dominators' DFS.
 */
#include <stdio.h>
#include <string.h>

#include "heap/heap_internal.h"
#include "platform/pages.h"


typedef struct interner {
  pk_heap *h;
} interner;

/* Class id of name[0..len), created if new; PK_HEAP_NONE on OOM. */
static uint32_t intern(interner *in, const char *name, size_t len) {
  return heap_names_intern(&in->h->classes, name, len);
}

static uint32_t intern_cstr(interner *in, const char *name) { return intern(in, name, strlen(name)); }

/* "<div id=x>" -> "<div>", "Detached <div id=x>" -> "Detached <div>". */
static uint32_t object_class(interner *in, const char *name, int detached) {
  char buf[512];
  if (detached && strncmp(name, "Detached ", 9) != 0) {
    snprintf(buf, sizeof buf, "Detached %s", name);
    name = buf;
  }
  size_t skip = strncmp(name, "Detached <", 10) == 0 ? 10 : name[0] == '<' ? 1 : 0;
  if (skip) {
    const char *space = strchr(name + skip, ' ');
    if (space) {
      char tag[512];
      size_t len = (size_t)(space - name);
      if (len > sizeof tag - 2) len = sizeof tag - 2;
      memcpy(tag, name, len);
      tag[len] = '>';
      return intern(in, tag, len + 1);
    }
  }
  return intern_cstr(in, name);
}

int heap_widen_classes(pk_heap *h) {
  uint32_t *wide = pk_malloc_huge((h->n_nodes ? h->n_nodes : 1) * sizeof *wide);
  if (!wide) return -1;
  for (size_t i = 0; i < h->n_nodes; i++) wide[i] = heap_widen(h->cls16[i], HEAP_CLASS_BASE);
  free(h->cls16);
  h->cls16 = NULL;
  h->cls = wide;
  return 0;
}

int heap_classes(pk_heap *h, pk_error *err) {
  interner in = {h};
  /* class id + 1 per string, 0 until seen: calloc'd, so only the pages of
   * strings that name objects are ever touched */
  uint32_t *by_string = calloc(h->n_strings ? h->n_strings : 1, sizeof *by_string);
  uint32_t by_type[HEAP_MAX_TYPES];
  h->cls16 = pk_calloc_huge(h->n_nodes ? h->n_nodes : 1, sizeof *h->cls16);
  if (!by_string || !h->cls16) {
    free(by_string);
    return heap_oom(err, h);
  }
  int rc = 0;
  for (size_t t = 0; t < HEAP_MAX_TYPES && rc == 0; t++) {  /* past n_node_types: "unknown" */
    char name[160];
    switch ((pk_heap_node_kind)h->node_kind[t]) {
      case PK_HEAP_NODE_HIDDEN: snprintf(name, sizeof name, "(system)"); break;
      case PK_HEAP_NODE_CODE: snprintf(name, sizeof name, "(compiled code)"); break;
      case PK_HEAP_NODE_CLOSURE: snprintf(name, sizeof name, "Function"); break;
      case PK_HEAP_NODE_REGEXP: snprintf(name, sizeof name, "RegExp"); break;
      default: snprintf(name, sizeof name, "(%s)", h->node_type_names[t]); break;
    }
    by_type[t] = intern_cstr(&in, name);
    if (by_type[t] == PK_HEAP_NONE) rc = -1;
  }
  for (uint32_t n = 0; n < h->n_nodes && rc == 0; n++) {
    pk_heap_node_kind k = heap_nkind(h, n);
    uint32_t id;
    if (k != PK_HEAP_NODE_OBJECT && k != PK_HEAP_NODE_NATIVE) {
      id = by_type[heap_ntype(h, n)];
    } else {
      const char *name = heap_str(h, heap_nname(h, n));
      int detached = k == PK_HEAP_NODE_NATIVE && heap_detached(h, n) == 2;
      if (detached || name[0] == '<' || heap_tag(h, heap_nname(h, n), TAG_DETACHED)) {
        id = object_class(&in, name, detached);
      } else {
        uint32_t *cached = &by_string[heap_nname(h, n)];
        if (!*cached) *cached = intern_cstr(&in, name) + 1;  /* PK_HEAP_NONE (OOM) wraps to 0 */
        id = *cached - 1;
      }
    }
    if (id == PK_HEAP_NONE || heap_set_cls(h, n, id) < 0) rc = -1;
  }
  free(by_string);
  if (rc == 0) rc = heap_interfaces(h);
  return rc < 0 ? heap_oom(err, h) : 0;
}
