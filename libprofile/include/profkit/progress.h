/*
 * progress.h - how long work tells the caller how far it got.
 *
 * The library never prints.  Readers and analyses that may run for seconds
 * call the callback of a pk_progress found in their options (pk_read_options,
 * pk_heap_options) with a phase name ("reading", "parsing", "analyzing"),
 * the amount done and the total (in bytes unless the phase says otherwise;
 * 0 when unknown).  Calls are spaced out by the library (about every
 * 1/256 of the total, at least every MiB), so a callback may do a little
 * work each time; it may be called from several threads at once when a
 * tool reads several inputs in parallel.  The tools' printer is
 * tools/common/progress.c.
 */
#ifndef PROFKIT_PROGRESS_H
#define PROFKIT_PROGRESS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_progress {
  /* path: the input's name; phase: a short word; total 0 = unknown */
  void (*report)(void *payload, const char *path, const char *phase, uint64_t done, uint64_t total);
  void *payload;
} pk_progress;

#define PK_PROGRESS_INIT {NULL, NULL}

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
