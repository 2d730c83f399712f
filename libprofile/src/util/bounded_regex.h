/*
 * bounded_regex.h - regular expressions that come from input files,
 * compiled and matched under fixed bounds.
 *
 * A pattern read from a profile (pprof's drop_frames/keep_frames) is data
 * from whoever wrote the file: glibc's regcomp expands counted repetitions
 * without limit, so `((((a{200}){200}){200}){200})` (182 bytes of pprof)
 * takes all memory.  These patterns go to PCRE2 instead, with every bound
 * set: pattern length, nesting depth, memory used while compiling (a
 * counting allocator), the compiled size (PCRE2's own), and the work and
 * heap of each match.  A bound exceeded is an error the caller reports
 * with the file and field; a pattern that is merely invalid is reported as
 * such, so the caller can choose to ignore it.
 *
 * The syntax is PCRE2's, which agrees with Go's RE2 (pprof's engine) on
 * everything but RE2's few extensions.  Subjects are bytes (no UTF mode):
 * frame names may be invalid UTF-8.
 */
#ifndef PK_BOUNDED_REGEX_H
#define PK_BOUNDED_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#define PK_RX_MAX_PATTERN 4096             /* bytes of pattern text */
#define PK_RX_MAX_COMPILE_MEMORY (8u << 20) /* bytes PCRE2 may allocate to compile */
#define PK_RX_MAX_NESTING 64               /* parentheses */
#define PK_RX_MATCH_LIMIT 1000000u         /* PCRE2 match() calls per match */
#define PK_RX_HEAP_LIMIT_KIB 8192u         /* backtracking heap per match */

typedef struct pk_bounded_rx pk_bounded_rx;

typedef enum pk_rx_status {
  PK_RX_OK = 0,
  PK_RX_INVALID = -1,  /* a syntax error: *why says which */
  PK_RX_TOO_BIG = -2,  /* a bound was exceeded: *why says which */
  PK_RX_NOMEM = -3
} pk_rx_status;

/* Compiles pattern[0..len) anchored at both ends (the whole subject must
 * match, as pprof's "^(" + re + ")$").  On failure *out is NULL and why
 * holds a sentence. */
pk_rx_status pk_bounded_rx_compile(pk_bounded_rx **out, const char *pattern, size_t len, char *why,
                                   size_t why_size);
/* 1 if subject matches, 0 if not, PK_RX_TOO_BIG when a match bound was hit. */
int pk_bounded_rx_match(pk_bounded_rx *rx, const char *subject, size_t len);
void pk_bounded_rx_free(pk_bounded_rx *rx);

#endif
