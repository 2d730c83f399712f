/*
 * writer_list.c - the export formats (names and file extensions).
 */
#include "folded_format.h"
#include "profkit/writer.h"

static const pk_writer writers[] = {
    {"folded", ".folded .collapsed", pk_folded_format_write},
};

const pk_writer *pk_writers(size_t *count) {
  *count = sizeof writers / sizeof writers[0];
  return writers;
}
