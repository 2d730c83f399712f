/*
 * heap/parse/edges_two_threads.c - the "edges" array parsed on two threads.
 *
 * For a plain file or memory input whose header announces many edges, a
 * second thread starts when "nodes" does: it finds the end of the nodes
 * array and the start of "edges" (the next member, as V8 writes it), counts
 * commas up to the edge at 9/16 of the announced count (or of what the
 * input can hold), and parses the edges from there on into the edge arrays,
 * reserved for that count, while this thread parses the nodes and the
 * edges before the split.  It validates its edges the same way, except
 * that the node count is not known yet: its largest target is checked when
 * this thread reaches the split.  Past the edges it parses the members
 * that follow (locations, strings: a tenth of the file) into its own
 * string fields, so this thread can take more of the edges and both end
 * together.  It is only a guess: when anything does
 * not fit (a wrong hint, another member between the arrays, bad input in
 * its half, a target past the nodes), its work is dropped and this thread
 * parses on past the split alone, so errors and results are exactly those
 * of the single-threaded parse; bad input after the edges only drops its
 * later members.  Gzip input and stdin stay single-threaded.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "heap/parse/snapshot_json.h"
#include "heap/parse/snapshot_reader_internal.h"
#include "platform/comma_count.h"
#include "platform/env_knobs.h"
#include "platform/threads.h"

#define SPLIT_MIN_EDGES ((uint64_t)1 << 20)

typedef struct edge_half {
  parse_ctx c;        /* a copy with its own scanner, largest name index and target */
  heap_scan s;
  pk_error err;
  heap_wide wide;     /* names too wide for 24 bits, merged on success */
  int fd;
  uint64_t nodes_at;  /* the byte after the nodes array's '[' */
  uint64_t array_at;  /* the byte after the edges array's '[' */
  uint64_t stored, end_at;
  pk_heap shadow;     /* a copy of the heap's fields (its arrays are shared): this
                         thread reads none of the cache lines the other writes */
  pk_heap strings;    /* the string fields of the members after the edges (and the path) */
  uint64_t tail_end;  /* the byte after those members */
  int ok, tail_ok;
  pk_thread thread;
} edge_half;

static int half_record(void *ctx, const int64_t *v, uint64_t at) {
  edge_half *t = ctx;
  size_t i = t->c.split_edge + t->stored;
  if (i >= t->c.h->edges_cap) return PK_ELIMIT;
  int rc = put_edge(&t->c, i, v, at, &t->wide, &t->c.edge_name);
  t->stored++;
  return rc;
}

/* The offset of value number `values` of the array starting at array_at, 0 if not found. */
static uint64_t find_value(edge_half *t, uint64_t values) {
  if (t->c.memory) {
    size_t at;
    uint64_t len = t->c.input_size - t->array_at;
    int64_t got = pk_count_commas(t->c.memory + t->array_at, (size_t)len, values, &at);
    return got == (int64_t)values ? t->array_at + at : 0;
  }
  char *buf = t->s.buf;
  uint64_t pos = t->array_at, seen = 0;
  for (;;) {
    ssize_t n = pread(t->fd, buf, t->s.cap, (off_t)pos);
    if (n <= 0) return 0;
    size_t at;
    int64_t got = pk_count_commas(buf, (size_t)n, values - seen, &at);
    if (got < 0) return 0;
    seen += (uint64_t)got;
    pos += at;
    if (seen == values) return pos;
  }
}

/* Moves t->s past the nodes array and `,"edges":[`; 0 if they are not there. */
static int find_edges(edge_half *t) {
  heap_scan *s = &t->s;
  for (;;) {
    const char *close = memchr(s->p, ']', (size_t)(s->end - s->p));
    if (close) {
      s->p = close + 1;
      break;
    }
    s->p = s->end;
    if (heap_scan_fill(s, 1) < 0 || s->p == s->end) return 0;
  }
  if (heap_scan_peek(s) != ',') return 0;
  s->p++;
  if (heap_scan_peek(s) != '"' || heap_scan_fill(s, 7) < 0 || s->end - s->p < 7 || memcmp(s->p, "\"edges\"", 7) != 0)
    return 0;
  s->p += 7;
  if (heap_scan_peek(s) != ':') return 0;
  s->p++;
  if (heap_scan_peek(s) != '[') return 0;
  s->p++;
  t->array_at = heap_scan_pos(s);
  return 1;
}

static void *half_thread(void *arg) {
  edge_half *t = arg;
  if (t->c.memory) {
    heap_scan_open_memory(&t->s, t->c.memory, (size_t)t->c.input_size, t->c.h->path, &t->err);
    t->s.p += t->nodes_at;
  } else {
    t->s.base = t->s.fd_next = t->nodes_at;
  }
  if (!find_edges(t)) return NULL;
  uint64_t from = find_value(t, (uint64_t)t->c.split_edge * t->c.edge_width);
  if (!from) return NULL;
  if (t->c.memory) {
    t->s.p = t->s.start + from;
  } else {
    t->s.base = t->s.fd_next = from;
    t->s.start = t->s.p = t->s.end = t->s.buf;
  }
  uint64_t count;
  if (heap_scan_peek(&t->s) < 0) return NULL;
  int rc = heap_json_int_values(&t->s, t->c.edge_width, 0, "edges", half_record, t, &count, t->array_at - 1);
  t->end_at = heap_scan_pos(&t->s);
  t->ok = rc == 0;
  if (!t->ok) return NULL;
  t->strings.path = t->shadow.path;
  t->c.h = &t->strings;
  t->c.have_edges = 1;
  t->tail_ok = heap_parse_more_members(&t->c) == 0;
  t->tail_end = heap_scan_pos(&t->s);
  return NULL;
}

/* Moves the strings the second thread read into h. */
static void take_strings(pk_heap *h, pk_heap *from) {
  h->n_strings = from->n_strings;
  h->strings_cap = from->strings_cap;
  h->soff = from->soff;
  h->soff32 = from->soff32;
  h->sdata = from->sdata;
  h->sdata_len = from->sdata_len;
  h->reread.at = from->reread.at;
  h->reread.at_len = from->reread.at_len;
  h->reread.at_cap = from->reread.at_cap;
  from->reread.at = NULL;
  from->soff = NULL;
  from->soff32 = NULL;
  from->sdata = NULL;
}

/* At the nodes array (nodes_at: the byte after its '['): reserves the edge
 * arrays for the announced count and starts the second thread. */
void heap_split_start(parse_ctx *c, uint64_t nodes_at) {
  uint64_t min = pk_knob_heap_split_min(SPLIT_MIN_EDGES);
  pk_heap *h = c->h;
  c->split_edge = SIZE_MAX;
  if (h->threads < 2 || !(c->memory || c->file_path) || c->announced_edges < min || c->announced_edges < 2) return;
  heap_prefault unused = {.count = 0};
  void **arrays[] = EDGE_ARRAYS(h);
  heap_parse_reserve(c, c->announced_edges, c->edge_width, &h->edges_cap, arrays, edge_sizes, 2, &unused);
  if (h->edges_cap < 16) return;  /* the split must fall after edge 0 */
  edge_half *t = calloc(1, sizeof *t);
  if (!t) return;
  t->shadow = *h;
  t->c = *c;
  t->c.h = &t->shadow;
  t->c.s = &t->s;
  t->c.edge_name = (max_index){0, 0, 0};
  t->c.node_limit = HEAP_MAX_NODES;
  t->c.max_target = 0;
  t->c.split_edge = h->edges_cap / 16 * 9;  /* this thread has the nodes, the other the seek and the members after the edges */
  t->nodes_at = nodes_at;
  t->fd = -1;
  int rc = 0;
  if (!c->memory) {
    t->fd = open(c->file_path, O_RDONLY | O_CLOEXEC);
    rc = t->fd < 0 ? -1 : heap_scan_open_fd(&t->s, t->fd, 0, 0, h->path, &t->err);
  }
  if (rc == 0 && pk_thread_start(&t->thread, half_thread, t) == 0) {
    c->half = t;
    c->split_edge = t->c.split_edge;
    return;
  }
  if (t->fd >= 0) close(t->fd);
  heap_scan_close(&t->s);
  free(t);
}

/* Waits for the second thread; 1 if its half is stored. */
int heap_split_join(parse_ctx *c) {
  edge_half *t = c->half;
  c->split_edge = SIZE_MAX;
  if (!t || !t->thread.running) return 0;
  pk_thread_join(&t->thread);
  return t->ok && t->array_at == c->edges_at && t->c.max_target < c->h->n_nodes;
}

/* Takes the second half over after SPLIT_DONE: the position, the count,
 * the wide names, the largest name index. */
int heap_split_merge(parse_ctx *c) {
  edge_half *t = c->half;
  pk_heap *h = c->h;
  h->n_edges = t->c.split_edge + t->stored;
  for (size_t k = 0; k < t->wide.len; k++)
    if (heap_wide_set(&h->wide_names, t->wide.entries[k].key, t->wide.entries[k].value) < 0)
      return heap_oom(c->s->err, h);
  if (t->c.edge_name.seen) max_index_note(&c->edge_name, t->c.edge_name.value, t->c.edge_name.at);
  if (t->c.max_target > c->max_target) c->max_target = t->c.max_target;
  return heap_scan_skip_to(c->s, t->end_at);
}

/* After the merge: takes over the members after the edges, if they parsed. */
int heap_split_take_tail(parse_ctx *c) {
  edge_half *t = c->half;
  if (!t->tail_ok) return 0;
  if (t->c.have_strings && !c->have_strings) take_strings(c->h, &t->strings);
  if (t->strings.locations.raw_records || t->strings.locations.raw_records_seen) {  /* the records it read in "locations" */
    heap_locations_free(&c->h->locations);
    c->h->locations = t->strings.locations;
    memset(&t->strings.locations, 0, sizeof t->strings.locations);
  }
  c->have_strings = t->c.have_strings;
  c->have_ints = t->c.have_ints;
  return heap_scan_skip_to(c->s, t->tail_end);
}

void heap_split_free(parse_ctx *c) {
  edge_half *t = c->half;
  if (!t) return;
  heap_split_join(c);
  if (t->fd >= 0) close(t->fd);
  heap_scan_close(&t->s);
  heap_wide_free(&t->wide);
  free(t->strings.soff);
  free(t->strings.soff32);
  free(t->strings.sdata);
  free(t->strings.reread.at);
  heap_locations_free(&t->strings.locations);
  free(t);
  c->half = NULL;
}
