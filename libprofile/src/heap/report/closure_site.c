/*
 * heap/report/closure_site.c - where a closure's function is defined, as
 * DevTools shows it: "onData() @ app.js:12:5", and through a source map
 * the original name, file, line and column.
 *
 * The position is the snapshot's location of the closure's function
 * (heap/parse/locations.c: closure --shared--> SharedFunctionInfo, then
 * the kept entry of that node).  The file is the script's name, found by
 * edges as V8 writes them: SharedFunctionInfo --script_or_debug_info-->
 * (newer V8: --script-->) Script --name--> a string node holding the URL
 * or path; a DebugInfo met on the way (older V8, under a debugger) is
 * looked through by its own "script" edge.  A fixed number of steps, no
 * recursion.  Line and column become 1-based here.
 *
 * Source maps: the generated position is looked up as flamegen's
 * --source-map looks up a frame (pk_source_maps_lookup: V8 puts a
 * function's start at the parenthesis of its argument list, the same rule
 * as for .cpuprofile frames).
 */
#include <string.h>

#include "heap/report/report_internal.h"
#include "profkit/sourcemap.h"

static int is_string(const pk_heap *h, uint32_t v) {
  pk_heap_node_kind k = heap_nkind(h, v);
  return k == PK_HEAP_NODE_STRING || k == PK_HEAP_NODE_CONS_STRING || k == PK_HEAP_NODE_SLICED_STRING;
}

/* The script name of a SharedFunctionInfo, "" when the graph does not say. */
static const char *script_url(const pk_heap *h, uint32_t shared) {
  uint32_t script = heap_edge_to(h, shared, "script_or_debug_info");
  if (script == PK_HEAP_NONE) script = heap_edge_to(h, shared, "script");
  if (script == PK_HEAP_NONE) return "";
  uint32_t inner = heap_edge_to(h, script, "script");  /* a DebugInfo */
  if (inner != PK_HEAP_NONE) script = inner;
  uint32_t name = heap_edge_to(h, script, "name");
  return name != PK_HEAP_NONE && is_string(h, name) ? heap_str(h, heap_nname(h, name)) : "";
}

int heap_closure_site(const pk_heap *h, uint32_t v, heap_site *out) {
  memset(out, 0, sizeof *out);
  if (h->graph_dropped || !h->locations.count || heap_nkind(h, v) != PK_HEAP_NODE_CLOSURE) return -1;
  uint32_t shared = heap_edge_to(h, v, "shared");
  const heap_location *loc = shared == PK_HEAP_NONE ? NULL : heap_location_of(h, shared);
  if (!loc) return -1;
  out->entry = (size_t)(loc - h->locations.list);
  out->file = script_url(h, shared);
  out->script_id = loc->script_id;
  out->line = loc->line < UINT32_MAX ? loc->line + 1 : loc->line;
  out->column = loc->column < UINT32_MAX ? loc->column + 1 : loc->column;
  return 0;
}

/* "name() @ file:line:col"; a script without a name is "(script N)". */
static uint32_t intern_label(pk_heap_report *r, const char *name, size_t name_len, const char *file, uint32_t script_id,
                             uint32_t line, uint32_t column) {
  char buf[1024], unnamed[40];
  if (!*file) {
    snprintf(unnamed, sizeof unnamed, "(script %u)", script_id);
    file = unnamed;
  }
  int len = snprintf(buf, sizeof buf, "%.*s() @ %.700s:%u:%u", (int)(name_len < 200 ? name_len : 200), name, file,
                     line, column);
  return heap_names_intern(&r->cause_names, buf, (size_t)len < sizeof buf ? (size_t)len : sizeof buf - 1);
}

/* Copies s[0..len) into the site strings; NULL on OOM. */
static const char *keep(pk_heap_report *r, const char *s, size_t len) {
  uint32_t id = heap_names_intern(&r->site_strings, s, len);
  return id == UINT32_MAX ? NULL : r->site_strings.names[id];
}

uint32_t heap_site_class(pk_heap_report *r, const char *function, const heap_site *site) {
  const pk_source_maps *maps = r->opts.source_maps;
  pk_source_location orig;
  const char *file = site->file;
  size_t name_len = strlen(function);
  const char *name = function;
  uint32_t line = site->line, column = site->column;
  bool mapped = maps && *file && site->line <= INT32_MAX && site->column <= INT32_MAX &&
                pk_source_maps_lookup(&orig, maps, file, function, (int32_t)site->line, (int32_t)site->column);
  char mapped_name[256];
  if (mapped) {
    snprintf(mapped_name, sizeof mapped_name, "%.*s%s", (int)(orig.name_len < 200 ? orig.name_len : 200), orig.name,
             orig.name_suffix);
    name = mapped_name;
    name_len = strlen(mapped_name);
    if (orig.file) {
      file = orig.file;
      line = (uint32_t)orig.line;
      column = (uint32_t)orig.column;
    }
  }
  uint32_t id = intern_label(r, name, name_len, file, site->script_id, line, column);
  if (id == UINT32_MAX) return id;
  if (id < r->n_sites && r->sites[id].file) return id;  /* seen before */
  size_t cap = r->sites_cap;
  if (PK_GROW(r->sites, cap, (size_t)id + 1) < 0) return UINT32_MAX;
  memset(r->sites + r->sites_cap, 0, (cap - r->sites_cap) * sizeof *r->sites);
  r->sites_cap = cap;
  if (r->n_sites < (size_t)id + 1) r->n_sites = (size_t)id + 1;
  char plain[240];
  int plain_len = snprintf(plain, sizeof plain, "%.*s()", (int)(name_len < 200 ? name_len : 200), name);
  pk_heap_cause_class *s = &r->sites[id];
  s->name = keep(r, plain, (size_t)plain_len);
  s->function = keep(r, name, name_len);
  s->file = keep(r, file, strlen(file));
  s->line = line;
  s->column = column;
  if (mapped && orig.file) {
    s->generated_file = keep(r, site->file, strlen(site->file));
    s->generated_line = site->line;
    s->generated_column = site->column;
    if (!s->generated_file) return UINT32_MAX;
  }
  return s->name && s->function && s->file ? id : UINT32_MAX;
}
