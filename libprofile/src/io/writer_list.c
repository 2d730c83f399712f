/*
 * io/writer_list.c - the export formats (names and file extensions).
 *
 * Extensions are matched against the end of the -o path, so the longer
 * ".speedscope.json" is listed and ".pb.gz" comes before any bare ".gz".
 */
#include "formats/folded_adapters.h"
#include "profkit/writer.h"
#include "formats/writers.h"

static const pk_writer writers[] = {
    {"folded", ".folded .collapsed", pk_folded_format_write},
    {"pprof", ".pb.gz .pprof .pb", pk_pprof_write},
    {"speedscope", ".speedscope.json", pk_speedscope_write},
};

const pk_writer *pk_writers(size_t *count) {
  *count = sizeof writers / sizeof writers[0];
  return writers;
}
