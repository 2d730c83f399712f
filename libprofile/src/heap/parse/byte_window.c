/*
 * heap/parse/byte_window.c - the streamed byte window heap/parse/snapshot_reader.c reads through.
 *
 * One buffer of WINDOW bytes plus a small slack; a fill moves the unread
 * tail (at most a token's worth) to the front and reads after it.  Memory
 * input needs no copying: the window is the whole buffer and already at end.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "heap/parse/byte_window.h"
#include "util/error_va.h"

#define WINDOW ((size_t)1 << 20)
#define SLACK 256

/* An empty window of its own (streamed input). */
static int open_window(heap_scan *s, size_t window, const char *name, pk_error *err) {
  s->name = name;
  s->err = err;
  s->cap = window + SLACK;
  s->buf = malloc(s->cap);
  if (!s->buf) return pk_error_set(err, PK_ENOMEM, s->name, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  s->start = s->p = s->end = s->buf;
  return 0;
}

int heap_scan_open_source(heap_scan *s, pk_source *src, const pk_heap_options *opts, pk_error *err) {
  memset(s, 0, sizeof *s);
  s->src = src;
  s->opts = opts;
  pk_progress_tick_init(&s->tick, opts ? &opts->progress : NULL, pk_source_name(src), "reading", 0);
  return open_window(s, WINDOW, pk_source_name(src), err);
}

void heap_scan_open_memory(heap_scan *s, const char *buf, size_t len, const char *name, pk_error *err) {
  memset(s, 0, sizeof *s);
  s->name = name ? name : "<memory>";
  s->err = err;
  s->start = s->p = buf;
  s->end = buf + len;
  s->eof = 1;
}

int heap_scan_open_fd(heap_scan *s, int fd, uint64_t offset, size_t window, const char *name, pk_error *err) {
  memset(s, 0, sizeof *s);
  s->fd = fd;
  s->fd_next = s->base = offset;
  return open_window(s, window ? window : WINDOW, name, err);
}

void heap_scan_close(heap_scan *s) {
  free(s->buf);
  s->buf = NULL;
}

int heap_scan_fill(heap_scan *s, size_t need) {
  if ((size_t)(s->end - s->p) >= need || s->eof) return 0;
  if (s->status) return s->status;
  size_t keep = (size_t)(s->end - s->p);
  memmove(s->buf, s->p, keep);
  s->base += (uint64_t)(s->p - s->start);
  s->start = s->p = s->buf;
  while (!s->eof && keep < need) {
    ssize_t got;
    if (s->src) {
      got = pk_source_read(s->src, s->buf + keep, s->cap - keep, s->err);
    } else {
      do got = pread(s->fd, s->buf + keep, s->cap - keep, (off_t)s->fd_next);
      while (got < 0 && errno == EINTR);
      if (got < 0) got = pk_error_set(s->err, PK_EIO, s->name, PK_NO_POSITION, s->fd_next, "cannot read: %s", strerror(errno));
      else s->fd_next += (uint64_t)got;
    }
    if (got < 0) {
      s->status = (int)got;
      s->end = s->buf + keep;
      return s->status;
    }
    if (got == 0) s->eof = 1;
    keep += (size_t)got;
  }
  s->end = s->buf + keep;
  uint64_t read_so_far = s->base + keep;
  pk_progress_tick_at(&s->tick, read_so_far);
  return 0;
}

int heap_scan_skip_to(heap_scan *s, uint64_t offset) {
  uint64_t window_end = s->base + (uint64_t)(s->end - s->start);
  if (offset <= window_end) {
    s->p = s->start + (offset - s->base);
    return 0;
  }
  if (!s->src) return heap_scan_error(s, window_end, "unexpected end of input");
  int rc = pk_source_skip(s->src, offset - window_end, s->err);
  if (rc < 0) return s->status = rc;
  s->base = offset;
  s->start = s->p = s->end = s->buf;
  return 0;
}

int heap_scan_peek(heap_scan *s) {
  for (;;) {
    while (s->p < s->end) {
      char c = *s->p;
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return (unsigned char)c;
      s->p++;
    }
    if (heap_scan_fill(s, 1) < 0 || s->p == s->end) return -1;
  }
}

int heap_scan_error(heap_scan *s, uint64_t offset, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pk_error_setv(s->err, PK_EPARSE, s->name, PK_NO_POSITION, offset, fmt, ap);
  va_end(ap);
  return PK_EPARSE;
}
