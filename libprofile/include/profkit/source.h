/*
 * source.h - reading input files: plain or gzip, file or stdin, bounded.
 *
 * A pk_source yields the decompressed bytes of one input.  gzip is detected
 * from the magic bytes, never from the file name.  Decompression is bounded:
 * output may not exceed max(limits.min_bytes, compressed bytes read so far *
 * limits.max_ratio) nor limits.max_bytes, so a gzip bomb is a PK_ELIMIT
 * error naming the file, not an out-of-memory.
 *
 * Two ways to read: pk_source_read streams (heap snapshots of many GB), and
 * pk_source_slurp loads the whole input into one buffer (every other format).
 *
 * Ownership: pk_source_close frees the source; pk_buf_free frees a slurped
 * buffer.  The path string is copied.
 */
#ifndef PROFKIT_SOURCE_H
#define PROFKIT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "profkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_source pk_source;

typedef struct pk_source_limits {
  uint64_t max_bytes;   /* hard cap on decompressed bytes; 0 = no cap */
  uint64_t min_bytes;   /* always allowed, whatever the ratio */
  double max_ratio;     /* decompressed/compressed; 0 = no ratio check */
} pk_source_limits;

/* Defaults: no hard cap, 256 MiB always allowed, ratio 100. */
#define PK_SOURCE_LIMITS_INIT {.max_bytes = 0, .min_bytes = 256ull << 20, .max_ratio = 100.0}

typedef struct pk_buf {
  char *data;   /* NUL-terminated for the convenience of text parsers */
  size_t len;
} pk_buf;

/* path "-" (or NULL) reads standard input; the name "<stdin>" is used in errors. */
int pk_source_open(pk_source **out, const char *path, const pk_source_limits *limits, pk_error *err);
void pk_source_close(pk_source *src);
/* Reads up to n bytes; returns the count, 0 at end, or a negative pk_status. */
ssize_t pk_source_read(pk_source *src, void *buf, size_t n, pk_error *err);
/* Skips n bytes as pk_source_read would deliver them (a plain regular
 * file seeks; anything else reads and discards); 0 or a negative pk_status. */
int pk_source_skip(pk_source *src, uint64_t n, pk_error *err);
/* The name used in error messages. */
const char *pk_source_name(const pk_source *src);
bool pk_source_is_gzip(const pk_source *src);
/* Decompressed bytes delivered so far. */
uint64_t pk_source_offset(const pk_source *src);

/* Reads the rest of src into out (NUL-terminated).  Files are read, never
 * mapped (a mapping truncated under us would be SIGBUS); a regular file
 * that ends before the size it had at open is an error naming it. */
int pk_source_slurp(pk_source *src, pk_buf *out, pk_error *err);
/* Opens, slurps and closes path. */
int pk_read_file(const char *path, const pk_source_limits *limits, pk_buf *out, pk_error *err);
void pk_buf_free(pk_buf *buf);

/* Parses a size such as "512", "64K", "2M", "1.5G" into bytes; -1 if invalid. */
int64_t pk_parse_size(const char *text);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
