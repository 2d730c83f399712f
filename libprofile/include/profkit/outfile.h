/*
 * outfile.h - output files written atomically.
 *
 * pk_outfile_open("x.svg") writes into a temporary file beside x.svg;
 * pk_outfile_commit renames it into place; pk_outfile_abort deletes it.  So
 * a failed run never leaves a half-written output.  A symlink is followed
 * (its target is replaced); a target that is not a regular file (device,
 * FIFO, terminal, anything under /dev/ or /proc/) is written in place.
 * Path NULL or "-" means standard output (written directly).  Write errors
 * (ENOSPC, EPIPE) are returned by commit.
 *
 * Ownership: commit and abort both free the pk_outfile.
 */
#ifndef PROFKIT_OUTFILE_H
#define PROFKIT_OUTFILE_H

#include <stdio.h>

#include "profkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_outfile pk_outfile;

int pk_outfile_open(pk_outfile **out, const char *path, pk_error *err);
FILE *pk_outfile_stream(pk_outfile *f);
/* Flushes, checks for write errors, renames into place. */
int pk_outfile_commit(pk_outfile *f, pk_error *err);
/* Discards the output; accepts NULL. */
void pk_outfile_abort(pk_outfile *f);
/* Ends an output by the status of the writing: commits when rc is PK_OK,
 * else aborts (NULL accepted); returns the final status. */
int pk_outfile_close(pk_outfile *f, int rc, pk_error *err);
/* For programs: SIGINT, SIGTERM and SIGHUP remove the temporary files of
 * open outputs, then end the process by that signal (128+N); SIGPIPE is
 * ignored so that a closed pipe is a write error.  Call once, early. */
void pk_outfile_guard_signals(void);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
