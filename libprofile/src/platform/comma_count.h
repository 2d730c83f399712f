/*
 * platform/comma_count.h - counting commas in a JSON number array, with
 * SIMD where the compiler offers SSE2.
 *
 * The heap snapshot parser's second thread seeks to edge number k of the
 * "edges" array by counting k commas; 64 bytes at a time this runs at
 * memory speed.  Without SSE2 the byte loop does the same work.
 */
#ifndef PK_PLATFORM_COMMA_COUNT_H
#define PK_PLATFORM_COMMA_COUNT_H

#include <stddef.h>
#include <stdint.h>

/* Commas in [p, p + n), stopping once `want` are found (*at: the byte after
 * the last one counted); -1 at a ']'. */
int64_t pk_count_commas(const char *p, size_t n, uint64_t want, size_t *at);

#endif
