/*
 * heap/parse/byte_window.h - a byte window over a streamed input, for heap/parse/snapshot_reader.c.
 *
 * The scanner holds a 1 MiB window over the decompressed input (or points
 * straight at an in-memory buffer).  heap_scan_fill(s, n) guarantees n bytes
 * after s->p unless the input ends first, moving the unread tail to the
 * front before reading more, so a token never has to be reassembled from two
 * pieces as long as it fits in n bytes.  Longer things (strings, the
 * snapshot header) are consumed piecewise by their readers.  Positions are
 * 64-bit offsets in the decompressed text.
 */
#ifndef PK_HEAP_SCAN_H
#define PK_HEAP_SCAN_H

#include <stdint.h>

#include "profkit/heap.h"
#include "platform/compiler.h"
#include "util/progress_tick.h"

typedef struct heap_scan {
  pk_source *src;          /* NULL when scanning memory or a file descriptor */
  int fd;                  /* with src NULL and eof 0: read with pread from fd_next */
  uint64_t fd_next;
  char *buf;               /* window storage (streamed input only) */
  size_t cap;
  const char *start;       /* byte at offset `base` */
  const char *p, *end;     /* unread bytes */
  uint64_t base;
  int eof;
  int status;              /* first read failure (negative pk_status), else 0 */
  const char *name;
  pk_error *err;
  const pk_heap_options *opts;
  pk_progress_tick tick;  /* "reading" reports; total set once the size is known */
} heap_scan;

int heap_scan_open_source(heap_scan *s, pk_source *src, const pk_heap_options *opts, pk_error *err);
void heap_scan_open_memory(heap_scan *s, const char *buf, size_t len, const char *name, pk_error *err);
/* Reads fd (not owned) from byte `offset` on, through a window of its own
 * of `window` bytes (0: the default, 1 MiB), for a second thread reading
 * another part of the same file or a string read back on demand. */
int heap_scan_open_fd(heap_scan *s, int fd, uint64_t offset, size_t window, const char *name, pk_error *err);
void heap_scan_close(heap_scan *s);

/* Moves to byte `offset` (at or after the current position): within the
 * window, or by skipping the source. */
int heap_scan_skip_to(heap_scan *s, uint64_t offset);

/* Makes `need` bytes available after s->p (fewer only at end of input). */
int heap_scan_fill(heap_scan *s, size_t need);

static inline uint64_t heap_scan_pos(const heap_scan *s) {
  return s->base + (uint64_t)(s->p - s->start);
}

/* Skips whitespace; returns the next byte (not consumed), or -1 at the end
 * of input or on a read failure (then s->status is set and err filled). */
int heap_scan_peek(heap_scan *s);

/* Reports a parse error at offset and returns PK_EPARSE. */
int heap_scan_error(heap_scan *s, uint64_t offset, const char *fmt, ...)
    PK_PRINTF_FORMAT(3, 4);

#endif
