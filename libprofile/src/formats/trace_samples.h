/*
 * trace_samples.h - traces with a `samples` array and a `stackFrames`
 * table (private; used by trace_events.c, rules in trace_samples.c).
 */
#ifndef PROFKIT_TRACE_SAMPLES_H
#define PROFKIT_TRACE_SAMPLES_H

#include "formats/trace_durations.h"
#include "util/json_tokenizer.h"

typedef struct pk_trace_sample {
  int64_t pid, tid;
  int64_t ts; /* nanoseconds */
  int64_t sf; /* stack frame id, -1 none */
  uint32_t order;
} pk_trace_sample;

typedef struct pk_trace_stack_frame {
  int64_t id, parent; /* parent -1: none */
  pk_id name, category;
} pk_trace_stack_frame;

typedef struct pk_trace_samples {
  pk_trace_sample *samples;
  size_t n_samples, cap_samples;
  pk_trace_stack_frame *frames;
  size_t n_frames, cap_frames;
  bool have_frames;
} pk_trace_samples;

/* Scans the value of `samples` (an array) / of `stackFrames` (an object). */
int pk_trace_samples_scan(pk_json *js, pk_trace_samples *s);
int pk_trace_frames_scan(pk_json *js, pk_profile *p, pk_trace_samples *s);
/* Adds {wall, nanoseconds} and the kept threads' samples, named from `names`. */
int pk_trace_samples_build(pk_trace_samples *s, const pk_trace_durations *names, pk_profile *p,
                           const pk_thread_select *select, const char *path, pk_error *err);
void pk_trace_samples_free(pk_trace_samples *s);

#endif
