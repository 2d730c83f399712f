/*
 * progress_tick.h - spacing out pk_progress calls inside a loop (internal).
 *
 * A tick remembers the next amount at which to call back; the check in the
 * loop is one compare.  The step is 1/256 of the total, at least 1 MiB
 * (or 1 MiB when the total is unknown).
 */
#ifndef PK_PROGRESS_TICK_H
#define PK_PROGRESS_TICK_H

#include <stddef.h>

#include "profkit/progress.h"

typedef struct pk_progress_tick {
  const pk_progress *progress;
  const char *path, *phase;
  uint64_t total, step, next;
} pk_progress_tick;

static inline void pk_progress_tick_init(pk_progress_tick *t, const pk_progress *progress, const char *path,
                                         const char *phase, uint64_t total) {
  t->progress = progress && progress->report ? progress : NULL;
  t->path = path;
  t->phase = phase;
  t->total = total;
  t->step = total / 256 > ((uint64_t)1 << 20) ? total / 256 : (uint64_t)1 << 20;
  t->next = t->step;
}

static inline void pk_progress_tick_at(pk_progress_tick *t, uint64_t done) {
  if (t->progress && done >= t->next) {
    t->progress->report(t->progress->payload, t->path, t->phase, done, t->total);
    t->next = done + t->step;
  }
}

#endif
