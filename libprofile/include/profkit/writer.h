/*
 * writer.h - export a profile to another tool's format.
 *
 * A writer serialises a finished profile (folded text, pprof, speedscope
 * JSON, ...).  Tools look writers up by name (--format) or by the output
 * file's extension; drawing formats (svg, png) are renderers, not writers.
 */
#ifndef PROFKIT_WRITER_H
#define PROFKIT_WRITER_H

#include <stdio.h>

#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_writer {
  const char *name;        /* "folded", "pprof", "speedscope" */
  const char *extensions;  /* space-separated, longest first: ".pb.gz .pprof" */
  /* Writes column `type` of p (or all columns, where the format holds several). */
  int (*write)(const pk_profile *p, size_t type, FILE *out, pk_error *err);
} pk_writer;

const pk_writer *pk_writers(size_t *count);
const pk_writer *pk_writer_by_name(const char *name);
/* The writer whose extension ends path; NULL if none. */
const pk_writer *pk_writer_by_path(const char *path);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
