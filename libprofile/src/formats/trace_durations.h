/*
 * trace_durations.h - duration events (B/E/X) of Chrome / Perfetto JSON
 * traces, as speedscope reads them (private; used by trace_events.c).
 *
 * trace_events.c scans the events and hands each B, E or X event here with
 * its frame already interned (name plus the args as JSON.stringify writes
 * them, or name, url, line and column for Hermes traces), and the
 * process_name / thread_name metadata.  pk_trace_durations_build then
 * replays each thread's events into the call tree, one profile per
 * process and thread as speedscope does, each under a base frame named as
 * speedscope names its profiles when there are several.
 */
#ifndef PROFKIT_TRACE_DURATIONS_H
#define PROFKIT_TRACE_DURATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "formats/thread_select.h"
#include "profkit/reader.h"

typedef struct pk_trace_duration {
  int64_t pid, tid;
  int64_t ts;     /* nanoseconds */
  int64_t dur;    /* nanoseconds, X events */
  pk_id frame;    /* identity of the event (speedscope's key) */
  pk_id name;     /* event name, for the name-only match of E events */
  uint32_t order; /* position in the file */
  char ph;        /* 'B', 'E' or 'X' */
} pk_trace_duration;

typedef struct pk_trace_name {
  int64_t pid, tid; /* tid unused for process names */
  pk_id name;
} pk_trace_name;

typedef struct pk_trace_durations {
  pk_trace_duration *events;
  size_t n_events, cap_events;
  pk_trace_name *processes, *threads;
  size_t n_processes, cap_processes, n_threads, cap_threads;
} pk_trace_durations;

/* Appends one event (ph B, E or X); PK_ENOMEM on failure. */
int pk_trace_durations_add(pk_trace_durations *d, const pk_trace_duration *ev);
/* Records process_name (is_thread false) or thread_name metadata. */
int pk_trace_durations_name(pk_trace_durations *d, bool is_thread, int64_t pid, int64_t tid, pk_id name);

/* Adds the sample type {wall, nanoseconds} and replays the events of every
 * thread `select` keeps into p; errors name path. */
int pk_trace_durations_build(pk_trace_durations *d, pk_profile *p, const pk_thread_select *select, const char *path,
                             pk_error *err);

void pk_trace_durations_free(pk_trace_durations *d);

/* A thread's base frame, named as speedscope names its profiles from the
 * process_name / thread_name metadata in d; PK_NONE on OOM. */
pk_id pk_trace_thread_frame(const pk_trace_durations *d, pk_profile *p, int64_t pid, int64_t tid);
/* Whether `select` keeps the thread, by those names and the ids. */
bool pk_trace_keep_thread(const pk_trace_durations *d, const pk_profile *p, const pk_thread_select *select,
                          int64_t pid, int64_t tid);

/* JSON.stringify of the JSON value in buf[start, end): whitespace outside
 * strings dropped, numbers in JavaScript's shortest form.  Returns a
 * malloc'd NUL-terminated string (length in *out_len) or NULL on OOM. */
char *pk_trace_json_compact(const char *buf, size_t start, size_t end, size_t *out_len);

#endif
