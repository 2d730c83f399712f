/*
 * heap/parse/string_reread.c - the values of string nodes, left in the file
 * and read back when asked for.
 *
 * A snapshot's strings table holds every string the heap held, and most of
 * it (often 20-25% of the file) is the text of string nodes, which the
 * analysis never reads: classes, distances, tags and retainer paths read
 * the names of other nodes and of edges.  When the snapshot is a plain
 * file, the parse notes the file offset of every 64th string
 * (heap_reread_note) and this file, once nodes, edges and strings are all
 * read, keeps in sdata only the strings that some node of another kind or
 * some named edge uses, moving them down in place, and their offsets in
 * soff32, indexed by their rank among the kept (pk_heap.kept holds a bit
 * and a count per 64 strings); sdata and soff32 shrink, and the tags are
 * made for the kept strings only.  heap_str then finds a string has no
 * slot and calls heap_reread_string, which
 * opens a small window on the file at the checkpoint before the string,
 * skips to it, and unescapes it exactly as the parse did; the text is kept
 * for the heap's lifetime (so the pointer stays valid) in a table guarded
 * by a mutex.  The file descriptor is the one opened before the parse, so
 * a file renamed over since still reads as it was parsed; one truncated or
 * rewritten in place reads back as "" (the string is then unknown, never a
 * signal or a wrong offset).
 *
 * A snapshot that cannot be read again (gzip'd, piped, parsed from memory)
 * with more string bytes than PK_HEAP_SPILL_MIN_DEFAULT gets a file of its
 * own first: heap_reread_spill writes the whole strings table, as JSON, to
 * an unnamed scratch file (platform/temp_files.h) and notes its
 * checkpoints, and the values are then dropped and read back from there
 * exactly as from the snapshot.  Only '"' and '\' are escaped: the parse
 * reads every other byte as it is, so each string reads back byte for
 * byte.  If the file cannot be made or written, every string stays in
 * memory, as before.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "heap/heap_internal.h"
#include "heap/parse/snapshot_json.h"
#include "platform/env_knobs.h"
#include "platform/temp_files.h"
#include "util/grow.h"

#define REREAD_EVERY 64
#define REREAD_WINDOW ((size_t)64 << 10)
#define PK_HEAP_SPILL_MIN_DEFAULT ((uint64_t)64 << 20)
#define SPILL_BUFFER ((size_t)1 << 20)

/* A string read back: its length, then its bytes and a NUL. */
typedef struct heap_reread_text {
  size_t len;
  char text[];
} heap_reread_text;

void heap_reread_init(heap_reread *r) {
  memset(r, 0, sizeof *r);
  r->fd = -1;
  r->lock = (pk_mutex)PK_MUTEX_INIT;
}

int heap_reread_open(heap_reread *r, const char *path) {
  r->fd = open(path, O_RDONLY | O_CLOEXEC);
  return r->fd >= 0 ? 0 : -1;
}

int heap_reread_note(heap_reread *r, size_t index, uint64_t at) {
  if (index % REREAD_EVERY) return 0;
  if (PK_GROW(r->at, r->at_cap, r->at_len + 1) < 0) return -1;
  r->at[r->at_len++] = at;
  return 0;
}

void heap_reread_free(heap_reread *r) {
  if (r->fd >= 0) close(r->fd);
  free(r->at);
  for (size_t i = 0; i < r->loaded.len; i++) free((void *)(uintptr_t)r->loaded.entries[i].value);
  heap_wide_free(&r->loaded);
  heap_reread_init(r);
}

/* The strings some node of a non-string kind or some named edge uses, as
 * bits.  One plain pass: a helper thread for the edges and branch-free
 * marking were tried and measured no faster on a loaded machine. */
static uint8_t *used_strings(const pk_heap *h) {
  uint8_t *used = calloc(h->n_strings / 8 + 1, 1);
  if (!used) return NULL;
  for (uint32_t n = 0; n < h->n_nodes; n++) {
    pk_heap_node_kind k = heap_nkind(h, n);
    if (k == PK_HEAP_NODE_STRING || k == PK_HEAP_NODE_CONS_STRING || k == PK_HEAP_NODE_SLICED_STRING) continue;
    uint32_t s = heap_nname(h, n);
    if (s < h->n_strings) heap_bit_set(used, s);
  }
  for (uint32_t e = 0; e < h->n_edges; e++) {
    if (!heap_edge_named(heap_ekind(h, e))) continue;
    uint32_t s = heap_ename(h, e);
    if (s < h->n_strings) heap_bit_set(used, s);
  }
  return used;
}

void heap_reread_drop_values(pk_heap *h) {
  heap_reread *r = &h->reread;
  if (r->fd < 0 || !h->soff32 || r->at_len != (h->n_strings + REREAD_EVERY - 1) / REREAD_EVERY) return;
  uint8_t *used = used_strings(h);
  heap_kept_block *kept = used ? calloc(h->n_strings / 64 + 1, sizeof *kept) : NULL;
  if (!kept) {  /* keep them all */
    free(used);
    return;
  }
  /* slot <= i: soff32[i + 1] is read before anything is written over it */
  uint32_t to = 0, from = h->soff32[0], slot = 0;
  for (uint32_t i = 0; i < h->n_strings; i++) {
    uint32_t next = h->soff32[i + 1], len = next - from;
    if (i % 64 == 0) kept[i / 64].before = slot;
    if (heap_bit(used, i)) {
      memmove(h->sdata + to, h->sdata + from, len);
      h->soff32[slot++] = to;
      kept[i / 64].bits |= UINT64_C(1) << (i % 64);
      to += len;
    } else {
      r->dropped++;
    }
    from = next;
  }
  if (h->n_strings % 64 == 0) kept[h->n_strings / 64].before = slot;
  h->soff32[slot] = to;
  free(used);
  h->kept = kept;
  h->n_kept = slot;
  uint32_t *fewer = realloc(h->soff32, ((size_t)slot + 1) * sizeof *fewer);
  if (fewer) h->soff32 = fewer;
  char *smaller = realloc(h->sdata, to ? to : 1);
  if (smaller) h->sdata = smaller;
  h->sdata_len = to;
}

/* Buffered writes to the scratch file; `failed` once one did not complete. */
typedef struct spill_out {
  int fd, failed;
  uint64_t at;   /* bytes written or buffered */
  char *buf;
  size_t len;
} spill_out;

static void spill_flush(spill_out *o) {
  for (size_t done = 0; done < o->len && !o->failed;) {
    ssize_t n = write(o->fd, o->buf + done, o->len - done);
    if (n > 0) done += (size_t)n;
    else if (n < 0 && errno == EINTR) continue;
    else o->failed = 1;
  }
  o->len = 0;
}

static void spill_put(spill_out *o, const char *p, size_t n) {
  o->at += n;
  while (n) {
    if (o->len == SPILL_BUFFER) spill_flush(o);
    size_t k = SPILL_BUFFER - o->len < n ? SPILL_BUFFER - o->len : n;
    memcpy(o->buf + o->len, p, k);
    o->len += k;
    p += k;
    n -= k;
  }
}

void heap_reread_spill(pk_heap *h) {
  heap_reread *r = &h->reread;
  if (r->fd >= 0 || !h->soff32 || h->kept || h->sdata_len < pk_knob_heap_spill_min(PK_HEAP_SPILL_MIN_DEFAULT)) return;
  spill_out o = {.fd = pk_temp_file_unnamed(), .buf = malloc(SPILL_BUFFER)};
  r->at_len = 0;
  for (uint32_t i = 0; i < h->n_strings && o.fd >= 0 && o.buf && !o.failed; i++) {
    const char *s = h->sdata + h->soff32[i], *end = s + heap_slot_len(h, i);
    if (i) spill_put(&o, ",", 1);
    if (heap_reread_note(r, i, o.at) < 0) o.failed = 1;  /* at the opening quote */
    spill_put(&o, "\"", 1);
    for (const char *q = s; q < end; s = q) {  /* runs of plain bytes, then the escaped one */
      while (q < end && *q != '"' && *q != '\\') q++;
      spill_put(&o, s, (size_t)(q - s));
      if (q < end) {
        spill_put(&o, "\\", 1);
        spill_put(&o, q++, 1);
      }
    }
    spill_put(&o, "\"", 1);
  }
  if (o.fd >= 0 && o.buf) {
    spill_put(&o, "]", 1);
    spill_flush(&o);
  }
  free(o.buf);
  if (o.fd < 0 || !o.buf || o.failed) {
    if (o.fd >= 0) close(o.fd);
    free(r->at);
    r->at = NULL;
    r->at_len = r->at_cap = 0;
    return;
  }
  r->fd = o.fd;
}

/* Reads string i from the file into a new heap_reread_text, or NULL. */
static heap_reread_text *read_back(const pk_heap *h, uint32_t i) {
  const heap_reread *r = &h->reread;
  pk_error err;
  heap_scan s;
  if (heap_scan_open_fd(&s, r->fd, r->at[i / REREAD_EVERY], REREAD_WINDOW, h->path, &err) < 0) return NULL;
  heap_bytes b = {NULL, 0, 0, 0};
  int rc = 0;
  for (uint32_t k = i / REREAD_EVERY * REREAD_EVERY; rc == 0; k++) {
    b.len = 0;
    if (heap_scan_peek(&s) != '"' || heap_json_string(&s, &b) < 0) rc = -1;
    if (k == i) break;
    if (rc == 0 && heap_scan_peek(&s) != ',') rc = -1;
    if (rc == 0) s.p++;
  }
  heap_scan_close(&s);
  heap_reread_text *t = rc == 0 ? malloc(sizeof *t + b.len + 1) : NULL;
  if (t) {
    t->len = b.len;
    if (b.len) memcpy(t->text, b.data, b.len);
    t->text[b.len] = '\0';
  }
  free(b.data);
  return t;
}

const char *heap_reread_string(const pk_heap *h, uint32_t i, size_t *len) {
  heap_reread *r = (heap_reread *)&h->reread;  /* what was read back is a cache, not the heap's value */
  pk_mutex_lock(&r->lock);
  heap_reread_text *t = (heap_reread_text *)(uintptr_t)heap_wide_get(&r->loaded, i);
  if (!t && (t = read_back(h, i)) && heap_wide_set(&r->loaded, i, (uint64_t)(uintptr_t)t) < 0) {
    free(t);
    t = NULL;
  }
  pk_mutex_unlock(&r->lock);
  if (len) *len = t ? t->len : 0;
  return t ? t->text : "";
}
