/*
 * format_list.c - the input formats in detection order.
 *
 * More specific probes come first (binary and JSON formats), folded stacks
 * last because almost any text with a trailing number could be folded.
 */
#include "folded_format.h"
#include "profkit/folded.h"

static const pk_format formats[] = {
    {"folded", pk_folded_probe, pk_folded_format_parse},
};

const pk_format *pk_formats(size_t *count) {
  *count = sizeof formats / sizeof formats[0];
  return formats;
}
