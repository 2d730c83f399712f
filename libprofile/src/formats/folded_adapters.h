/*
 * formats/folded_adapters.h - the folded reader/writer adapters (internal).
 */
#ifndef PK_FOLDED_FORMAT_H
#define PK_FOLDED_FORMAT_H

#include <stdio.h>

#include "profkit/reader.h"

int pk_folded_format_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                           const pk_read_options *opts, pk_error *err);
int pk_folded_format_write(const pk_profile *p, size_t type, FILE *out, pk_error *err);

#endif
