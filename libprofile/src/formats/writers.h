/*
 * formats/writers.h - the export formats' write functions (private).
 *
 * Each matches pk_writer.write in writer.h: it serialises a finished
 * profile to `out` (all sample types where the format holds several,
 * `type` marking the default), and fails with PK_ENOMEM or PK_EIO.
 */
#ifndef PROFKIT_WRITERS_H
#define PROFKIT_WRITERS_H

#include <stdio.h>

#include "profkit/profile.h"

int pk_pprof_write(const pk_profile *p, size_t type, FILE *out, pk_error *err);
int pk_speedscope_write(const pk_profile *p, size_t type, FILE *out, pk_error *err);

#endif
