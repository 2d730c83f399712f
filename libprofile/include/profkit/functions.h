/*
 * functions.h - a profile summed by function name (pprof's "flat" and "cum").
 *
 * A function's self value is the sum of the self values of every node whose
 * frame has its name; its total is the value of every sample whose stack
 * passes through it, counted once per sample however often the function
 * recurses.  Every sample-type column is summed at once.  Rows are in no
 * particular order; pk_functions_sort orders them.
 *
 * The tables this makes back `--top` (top.h) and the per-function part of
 * differential reports (diff.h).
 *
 * Ownership: pk_functions_free releases the table; it holds string ids of
 * the profile, which must outlive it to print names.
 */
#ifndef PROFKIT_FUNCTIONS_H
#define PROFKIT_FUNCTIONS_H

#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_function_row {
  pk_id name;       /* string id in the profile */
  int64_t *self;    /* n_types values */
  int64_t *total;   /* n_types values */
} pk_function_row;

typedef struct pk_functions {
  pk_function_row *rows;
  size_t count;
  size_t n_types;
  int64_t *storage;  /* every row's values, one block */
} pk_functions;

/* Sums a finished profile by function name.  PK_EINVAL if p is not
 * finished, PK_ENOMEM on allocation failure. */
int pk_functions_build(pk_functions **out, const pk_profile *p, pk_error *err);
void pk_functions_free(pk_functions *f);

/* Orders rows by self (by_total false) or total of column `type`, largest
 * first; ties by name bytes so the order is deterministic. */
void pk_functions_sort(pk_functions *f, const pk_profile *p, size_t type, bool by_total);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
