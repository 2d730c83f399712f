/*
 * check.h - minimal assertions for profkit's C unit tests.
 *
 * A failed CHECK prints file:line and the expression and counts a failure;
 * the test keeps going so one run shows every failure.  pk_check_exit()
 * returns the process status for main.
 */
#ifndef PK_CHECK_H
#define PK_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern int pk_check_failures;

#define CHECK(cond)                                                               \
  do {                                                                            \
    if (!(cond)) {                                                                \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);    \
      pk_check_failures++;                                                        \
    }                                                                             \
  } while (0)

#define CHECK_EQ_INT(a, b)                                                                     \
  do {                                                                                         \
    long long check_a_ = (long long)(a), check_b_ = (long long)(b);                            \
    if (check_a_ != check_b_) {                                                                \
      fprintf(stderr, "%s:%d: CHECK_EQ_INT failed: %s == %lld, %s == %lld\n", __FILE__,        \
              __LINE__, #a, check_a_, #b, check_b_);                                           \
      pk_check_failures++;                                                                     \
    }                                                                                          \
  } while (0)

#define CHECK_STR(a, b)                                                                        \
  do {                                                                                         \
    const char *check_a_ = (a), *check_b_ = (b);                                               \
    if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {                           \
      fprintf(stderr, "%s:%d: CHECK_STR failed: %s == \"%s\", expected \"%s\"\n", __FILE__,    \
              __LINE__, #a, check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");   \
      pk_check_failures++;                                                                     \
    }                                                                                          \
  } while (0)

/* Returns 0 if no check failed, 1 otherwise, after printing a summary. */
int pk_check_exit(const char *test_name);

/* A finished profile of one column ("samples") from stacks written
 * "a;b;c" (at most 8 frames each) with their values. */
struct pk_profile *pk_check_profile(const char *const *stacks, const int64_t *values, size_t n);

/* Reads a whole file into a malloc'd NUL-terminated buffer (NULL on failure). */
char *pk_check_read_file(const char *path, size_t *len);

#endif
