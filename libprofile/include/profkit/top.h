/*
 * top.h - the pprof -top table: functions by self ("flat") and total ("cum").
 *
 *   Showing 3 of 120 functions, 100.00% of 4521 samples
 *         flat  flat%   sum%          cum   cum%
 *         1200 26.54% 26.54%         3100 68.57%  parse
 *
 * Rows are functions (frames summed by name, see functions.h), sorted by
 * flat or by cum, largest first.  Names are written as plain text with
 * control characters replaced (escape.h).
 */
#ifndef PROFKIT_TOP_H
#define PROFKIT_TOP_H

#include <stdbool.h>
#include <stdio.h>

#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

#define PK_TOP_OPTIONS_VERSION 1

typedef struct pk_top_options {
  unsigned version;     /* PK_TOP_OPTIONS_VERSION, set by PK_TOP_OPTIONS_INIT */
  size_t type;     /* sample type column */
  size_t limit;    /* rows; 0 = all */
  bool by_total;   /* sort by cum instead of flat */
} pk_top_options;

#define PK_TOP_OPTIONS_INIT {.version = PK_TOP_OPTIONS_VERSION, .type = 0, .limit = 10, .by_total = false}

/* Writes the table for a finished profile.  PK_EINVAL for a missing column,
 * PK_ENOMEM, PK_EIO on a write error. */
int pk_top_write(FILE *out, const pk_profile *p, const pk_top_options *opts, pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
