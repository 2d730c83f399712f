/*
 * heap/analysis/analyze.c - pk_heap accessors, the analysis driver and DevTools'
 * statistics.
 *
 * pk_heap_analyze runs the passes in DevTools' order: DOM state first,
 * then page-owned marking, dominators and retained sizes on this thread
 * while a second thread adjusts shallow sizes and computes distances,
 * classes and statistics.  The second thread starts before the page-owned
 * marking: it ends before the dominator pass needs its largest arrays
 * (peak RSS on 5.2 M nodes 452 -> 437 MB, for 0.03 s more: the two
 * threads share the memory bandwidth).
 * Each pass owns one or two arrays of the pk_heap.
 */
#include <stdio.h>
#include <string.h>

#include "heap/heap_internal.h"
#include "platform/threads.h"

static void statistics(const pk_heap *h, pk_heap_stats *out);
static void statistics_totals(const pk_heap *h, pk_heap_stats *out);

typedef struct side_job {
  pk_heap *h;
  pk_error err;
  int rc, shallow_rc;
  pk_latch shallow_done;
} side_job;

static void shallow_pass(side_job *job) {
  job->shallow_rc = heap_shallow_sizes(job->h, &job->err);
  pk_latch_open(&job->shallow_done);
}

/* Called by the dominator pass before it reads shallow sizes. */
static int wait_for_shallow(void *arg) {
  side_job *job = arg;
  pk_latch_wait(&job->shallow_done);
  return job->shallow_rc;
}

/* Classes are written in 16 bits while they fit (heap_set_cls), as are
 * distances; classes that went to 32 bits (a provisional interface id did
 * not fit) are narrowed again if the final ones fit.  Later passes read
 * them through heap_cls. */
static void narrow_classes(pk_heap *h) {
  if (h->cls && (h->cls16 = heap_narrow(h->cls, h->n_nodes, HEAP_CLASS_BASE))) {
    free(h->cls);
    h->cls = NULL;
  }
}

static void rest_of_side(side_job *job) {
  job->rc = job->shallow_rc;
  heap_phase("side: shallow");
  if (job->rc == 0) job->rc = heap_distances(job->h, &job->err);
  heap_phase("side: distances");
  if (job->rc == 0) job->rc = heap_classes(job->h, &job->err);
  if (job->rc == 0) narrow_classes(job->h);
  heap_phase("side: classes");
  if (job->rc == 0) statistics(job->h, &job->h->stats);
  heap_phase("side: stats");
}

/* The shallow-size adjustment, distances, classes and the size statistics
 * read the graph (once the DOM state is final) and write their own arrays
 * only, so they run beside page-owned marking and the dominator
 * computation (which write idom, retained and the PAGE and ORPHAN bits of
 * flags, a byte none of them reads, and wait for the shallow sizes only to
 * sum retained sizes). */
static void *side_passes(void *arg) {
  side_job *job = arg;
  shallow_pass(job);
  rest_of_side(job);
  return NULL;
}

int pk_heap_analyze(pk_heap *h, pk_error *err) {
  if (h->analyzed) return 0;
  h->flags = calloc(h->n_nodes, 1);
  if (!h->flags || heap_tag_strings(h) < 0) return heap_oom(err, h);
  heap_phase("analyze start");
  int rc = heap_mark_dom_state(h, err);
  if (rc != 0) return rc;
  side_job job = {.h = h, .shallow_done = PK_LATCH_INIT};
  pk_thread thread;
  int threaded = h->threads >= 2 && pk_thread_start(&thread, side_passes, &job) == 0;
  if (!threaded) shallow_pass(&job);
  rc = heap_mark_page_owned(h, err);
  heap_phase("flags");
  if (rc == 0) rc = heap_dominators(h, wait_for_shallow, &job, err);
  if (threaded) pk_thread_join(&thread);
  else rest_of_side(&job);
  if (job.rc != 0 && (rc == 0 || rc == job.rc)) {
    rc = job.rc;
    if (err) *err = job.err;
  }
  heap_phase("analysis done");
  if (rc == 0) {
    statistics_totals(h, &h->stats);
    h->analyzed = 1;
  }
  return rc;
}

/* The dropped arrays, freed on a helper thread (a few hundred MB of pages
 * take 0.01-0.02 s to give back) while the caller builds its report;
 * pk_heap_free joins it. */
typedef struct graph_parts {
  void *blocks[13];
  heap_wide wide[2];
} graph_parts;

static void *free_graph_parts(void *arg) {
  graph_parts *g = arg;
  for (size_t i = 0; i < sizeof g->blocks / sizeof *g->blocks; i++) free(g->blocks[i]);
  heap_wide_free(&g->wide[0]);
  heap_wide_free(&g->wide[1]);
  free(g);
  return NULL;
}

void pk_heap_drop_graph(pk_heap *h) {
  if (!h->analyzed || h->graph_dropped) return;
  graph_parts parts = {{h->ename, h->eto, h->soff, h->soff32, h->sdata, h->stag, h->nname, h->distance,
                        h->distance16, h->flags, h->nedges, h->ntype, h->kept},
                       {h->wide_names, h->wide_nnames}};
  memset(&h->wide_names, 0, sizeof h->wide_names);
  memset(&h->wide_nnames, 0, sizeof h->wide_nnames);
  h->ename = NULL; h->eto = NULL; h->soff = NULL; h->soff32 = NULL; h->sdata = NULL; h->stag = NULL;
  h->kept = NULL; h->n_kept = 0;
  h->nname = NULL; h->distance = NULL; h->distance16 = NULL; h->flags = NULL; h->nedges = NULL; h->ntype = NULL;
  h->n_strings = 0;
  heap_reread_free(&h->reread);
  h->graph_dropped = 1;
  graph_parts *g = malloc(sizeof *g);
  if (!g) {  /* free them here */
    for (size_t i = 0; i < sizeof parts.blocks / sizeof *parts.blocks; i++) free(parts.blocks[i]);
    heap_wide_free(&parts.wide[0]);
    heap_wide_free(&parts.wide[1]);
    return;
  }
  *g = parts;
  if (h->threads < 2 || pk_thread_start(&h->dropper, free_graph_parts, g) != 0) free_graph_parts(g);
}

size_t pk_heap_node_count(const pk_heap *h) { return h->n_nodes; }
size_t pk_heap_edge_count(const pk_heap *h) { return h->n_edges; }
size_t pk_heap_string_count(const pk_heap *h) { return h->n_strings; }
const char *pk_heap_path(const pk_heap *h) { return h->path; }
uint64_t pk_heap_extra_native_bytes(const pk_heap *h) { return h->extra_native_bytes; }

const char *pk_heap_string(const pk_heap *h, uint32_t index, size_t *len) {
  if (index >= h->n_strings) {
    if (len) *len = 0;
    return "";
  }
  uint32_t k = heap_str_slot(h, index);
  if (k == UINT32_MAX) return heap_reread_string(h, index, len);
  if (len) *len = heap_slot_len(h, k);
  return h->sdata + heap_soff(h, k);
}

pk_heap_node_kind pk_heap_node_kind_of(const pk_heap *h, uint32_t node) { return heap_nkind(h, node); }
const char *pk_heap_node_type_name(const pk_heap *h, uint32_t node) { return h->node_type_names[heap_ntype(h, node)]; }
const char *pk_heap_node_name(const pk_heap *h, uint32_t node) { return heap_str(h, heap_nname(h, node)); }
uint32_t pk_heap_node_id(const pk_heap *h, uint32_t node) { return heap_nid(h, node); }
uint64_t pk_heap_node_self_size(const pk_heap *h, uint32_t node) { return heap_size(h, node); }
int pk_heap_node_detachedness(const pk_heap *h, uint32_t node) { return (int)heap_detached(h, node); }
uint32_t pk_heap_first_edge(const pk_heap *h, uint32_t node) { return h->nedges[node]; }
uint32_t pk_heap_end_edge(const pk_heap *h, uint32_t node) { return h->nedges[node + 1]; }

pk_heap_edge_kind pk_heap_edge_kind_of(const pk_heap *h, uint32_t edge) { return heap_ekind(h, edge); }
const char *pk_heap_edge_type_name(const pk_heap *h, uint32_t edge) { return h->edge_type_names[heap_etype(h, edge)]; }
uint32_t pk_heap_edge_target(const pk_heap *h, uint32_t edge) { return heap_eto(h, edge); }

const char *pk_heap_edge_name(const pk_heap *h, uint32_t edge, char *buf) {
  if (heap_edge_named(heap_ekind(h, edge))) return heap_str(h, heap_ename(h, edge));
  snprintf(buf, 12, "%u", heap_ename(h, edge));
  return buf;
}

uint64_t pk_heap_shallow_size(const pk_heap *h, uint32_t node) { return heap_size(h, node); }
uint64_t pk_heap_retained_size(const pk_heap *h, uint32_t node) { return heap_retained(h, node); }
uint32_t pk_heap_dominator(const pk_heap *h, uint32_t node) { return h->idom[node]; }
uint32_t pk_heap_distance(const pk_heap *h, uint32_t node) { return heap_distance(h, node); }
bool pk_heap_is_orphan(const pk_heap *h, uint32_t node) { return (h->flags[node] & HEAP_FLAG_ORPHAN) != 0; }
size_t pk_heap_class_count(const pk_heap *h) { return h->classes.count; }
uint32_t pk_heap_node_class(const pk_heap *h, uint32_t node) { return heap_cls(h, node); }
const char *pk_heap_class_name(const pk_heap *h, uint32_t cls) { return cls < h->classes.count ? h->classes.names[cls] : ""; }

/* DevTools' calculateArraySize: an Array plus its elements store when the
 * store has no other retainer (`single`: heap_single_retainer_bits). */
static uint64_t array_size(const pk_heap *h, uint32_t n, const uint8_t *single) {
  uint64_t size = heap_size(h, n);
  for (uint32_t e = h->nedges[n]; e < h->nedges[n + 1]; e++) {
    if (heap_ekind(h, e) != PK_HEAP_EDGE_INTERNAL || !heap_tag(h, heap_ename(h, e), TAG_ELEMENTS)) continue;
    if (single && heap_bit(single, heap_eto(h, e))) size += heap_size(h, heap_eto(h, e));
    break;
  }
  return size;
}

void pk_heap_statistics(const pk_heap *h, pk_heap_stats *out) { *out = h->stats; }

static void statistics(const pk_heap *h, pk_heap_stats *out) {
  memset(out, 0, sizeof *out);
  uint8_t *single = heap_single_retainer_bits(h);  /* NULL on OOM: arrays then count alone */
  out->native = h->extra_native_bytes;
  for (uint32_t n = 0; n < h->n_nodes; n++) {
    uint64_t size = heap_size(h, n);
    if (heap_distance(h, n) == PK_HEAP_NONE) {
      out->unreachable += size;
      out->unreachable_count++;
    }
    switch (heap_nkind(h, n)) {
      case PK_HEAP_NODE_HIDDEN: out->system += size; break;
      case PK_HEAP_NODE_NATIVE:
        out->native += size;
        if (heap_tag(h, heap_nname(h, n), TAG_ARRAY_BUFFER)) out->typed_arrays += size;
        break;
      case PK_HEAP_NODE_CODE: out->code += size; break;
      case PK_HEAP_NODE_STRING:
      case PK_HEAP_NODE_CONS_STRING:
      case PK_HEAP_NODE_SLICED_STRING: out->strings += size; break;
      default:
        if (heap_tag(h, heap_nname(h, n), TAG_ARRAY)) out->js_arrays += array_size(h, n, single);
        break;
    }
  }
  free(single);
}

/* The two figures that need the dominator tree. */
static void statistics_totals(const pk_heap *h, pk_heap_stats *out) {
  out->total = heap_retained(h, 0) + h->extra_native_bytes;
  out->v8heap = out->total - out->native;
}

size_t pk_heap_memory(const pk_heap *h) {
  size_t n = h->nodes_cap, e = h->graph_dropped ? 0 : h->edges_cap;
  size_t bytes = n * (1 + h->nname_width + 3 + (h->nid_high ? 1 : 0) + 2 + 4) + e * (4 + 3);  /* type, name, id, self size, first edge */
  if (!h->graph_dropped) bytes += heap_str_slots(h) * (4 + 2) + h->sdata_len + (h->kept ? h->n_strings / 4 : 0);
  if (h->analyzed) bytes += h->n_nodes * (4 + 4 + (h->distance16 ? 2 : 4) + (h->cls16 ? 2 : 4) + 1);
  return bytes;
}
