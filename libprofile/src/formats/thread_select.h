/*
 * thread_select.h - which threads and processes of a multi-threaded
 * profile to read (--thread REGEX, --process REGEX), and whether to give
 * each its own base frame (the default) or merge them (--merge-threads).
 *
 * Readers of formats that know threads (trace events, speedscope files,
 * perf script) ask pk_thread_select_keep for each thread before adding its
 * stacks.  A pattern is a POSIX extended regex, the engine of the other
 * filters (frame_match.c), matched anywhere in the name when the thread or
 * process has one, and in its decimal id, so `--thread 1234` and `--thread
 * '^main$'` both work.
 */
#ifndef PROFKIT_THREAD_SELECT_H
#define PROFKIT_THREAD_SELECT_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "profkit/reader.h"

typedef struct pk_thread_select {
  regex_t thread, process;
  bool has_thread, has_process;
  bool merge; /* no base frame per thread */
} pk_thread_select;

/* Compiles the options' patterns; PK_EINVAL (naming the option) if one is
 * not a valid regex.  pk_thread_select_free must follow a success. */
int pk_thread_select_init(pk_thread_select *s, const pk_read_options *opts, const char *path, pk_error *err);
/* Names may be NULL (unknown); ids are always matched as text too. */
bool pk_thread_select_keep(const pk_thread_select *s, const char *process_name, int64_t pid,
                           const char *thread_name, int64_t tid);
void pk_thread_select_free(pk_thread_select *s);

#endif
