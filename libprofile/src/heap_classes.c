/*
 * heap_classes.c - DevTools' class of every node (the "Constructor" column).
 *
 *   object, native   -> the node's name ("Foo", "Map"); "<div id=x>" -> "<div>";
 *                       detached native nodes get a "Detached " prefix
 *   plain "Object"   -> its property list "{a, b, c}" when at least
 *                       max(2, plain objects / 1000) objects share it
 *   closure          -> "Function"      regexp -> "RegExp"
 *   hidden           -> "(system)"      code   -> "(compiled code)"
 *   anything else    -> "(" type ")": "(string)", "(array)", "(number)" ...
 *
 * Class names are interned in a heap_names table; names that
 * are the node's own string are looked up through a per-string cache, so
 * the common case costs one array read.
 */
#include <stdio.h>
#include <string.h>

#include "heap_internal.h"

#define INTERFACE_MAX_NAME 120

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

/* The interface name "{a, b}" of a plain object, or 0 if it has no properties. */
static size_t interface_name(const pk_heap *h, uint32_t node, char *buf, size_t size) {
  size_t len = 1, props = 0;
  buf[0] = '{';
  for (uint32_t e = h->nedges[node]; e < h->nedges[node + 1]; e++) {
    if (heap_ekind(h, e) != PK_HEAP_EDGE_PROPERTY) continue;
    const char *name = heap_str(h, h->ename[e]);
    if (heap_tag(h, h->ename[e], TAG_PROTO)) continue;
    char formatted[INTERFACE_MAX_NAME * 2];
    size_t flen = format_property(name, formatted, sizeof formatted);
    if (len > 1 && len + flen > INTERFACE_MAX_NAME) break;
    if (flen >= sizeof formatted) flen = sizeof formatted - 1;
    if (len + flen + 4 >= size) break;
    if (props) {
      memcpy(buf + len, ", ", 2);
      len += 2;
    }
    memcpy(buf + len, formatted, flen);
    len += flen;
    props++;
  }
  if (!props) return 0;
  buf[len++] = '}';
  buf[len] = '\0';
  return len;
}

static int is_plain_object(const pk_heap *h, uint32_t n) {
  return heap_nkind(h, n) == PK_HEAP_NODE_OBJECT && heap_tag(h, h->nname[n], TAG_OBJECT);
}

/* Gives popular interfaces to plain objects (done after every other class,
 * so interface classes never collide with the per-string cache). */
static int apply_interfaces(pk_heap *h, interner *in) {
  size_t plain = 0, first_new = h->classes.count;
  char buf[INTERFACE_MAX_NAME * 3];
  for (uint32_t n = 0; n < h->n_nodes; n++) {
    if (!is_plain_object(h, n)) continue;
    plain++;
    size_t len = interface_name(h, n, buf, sizeof buf);
    if (!len) continue;
    uint32_t c = intern(in, buf, len);
    if (c == PK_HEAP_NONE) return -1;
    h->cls[n] = c;  /* provisional */
  }
  uint32_t object_class_id = intern_cstr(in, "Object");
  uint32_t *count = calloc(h->classes.count + 1, sizeof *count);
  if (!count || object_class_id == PK_HEAP_NONE) {
    free(count);
    return -1;
  }
  for (uint32_t n = 0; n < h->n_nodes; n++)
    if (is_plain_object(h, n) && h->cls[n] >= first_new) count[h->cls[n]]++;
  double min = (double)plain / 1000.0;
  if (min < 2) min = 2;
  for (uint32_t n = 0; n < h->n_nodes; n++) {
    if (!is_plain_object(h, n)) continue;
    uint32_t c = h->cls[n];
    if (c < first_new || c == object_class_id || (double)count[c] < min) h->cls[n] = object_class_id;
  }
  free(count);
  return 0;
}

int heap_classes(pk_heap *h, pk_error *err) {
  interner in = {h};
  uint32_t *by_string = malloc((h->n_strings ? h->n_strings : 1) * sizeof *by_string);
  uint32_t by_type[HEAP_MAX_TYPES];
  h->cls = malloc(h->n_nodes * sizeof *h->cls);
  if (!by_string || !h->cls) {
    free(by_string);
    return heap_oom(err, h);
  }
  memset(by_string, 0xff, (h->n_strings ? h->n_strings : 1) * sizeof *by_string);
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
    if (k != PK_HEAP_NODE_OBJECT && k != PK_HEAP_NODE_NATIVE) {
      h->cls[n] = by_type[h->ntype[n]];
      continue;
    }
    const char *name = heap_str(h, h->nname[n]);
    int detached = k == PK_HEAP_NODE_NATIVE && h->ndetached[n] == 2;
    if (detached || name[0] == '<' || heap_tag(h, h->nname[n], TAG_DETACHED)) {
      h->cls[n] = object_class(&in, name, detached);
    } else {
      uint32_t *cached = &by_string[h->nname[n]];
      if (*cached == PK_HEAP_NONE) *cached = intern_cstr(&in, name);
      h->cls[n] = *cached;
    }
    if (h->cls[n] == PK_HEAP_NONE) rc = -1;
  }
  if (rc == 0) rc = apply_interfaces(h, &in);
  free(by_string);
  return rc < 0 ? heap_oom(err, h) : 0;
}
