/*
 * formats/folded_adapters.c - folded stacks as a detectable input format and as a
 * writer: adapters from pk_format / pk_writer to folded.h, which also
 * report skipped and fractional lines through the caller's warn hook.
 *
 * Almost any text has a few lines ending in a number, so folded stacks
 * are the last format tried and a file where most lines are no stack is
 * refused with PK_EFORMAT ("not folded stacks") rather than drawn from the
 * lines that happened to parse: reader.c then names the formats it tried.
 */
#include <stdio.h>

#include "formats/folded_adapters.h"
#include "profkit/folded.h"

static void warn(const pk_read_options *opts, const char *path, const char *message) {
  if (opts->warn) opts->warn(opts->warn_payload, path, message);
}

int pk_folded_format_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                           const pk_read_options *opts, pk_error *err) {
  pk_folded_stats stats;
  int rc = pk_folded_parse_bounded(p, buf, len, path, opts->max_depth, &stats, err);
  if (rc != PK_OK) return rc;
  if (stats.malformed > stats.lines)
    return pk_error_set(err, PK_EFORMAT, path, stats.first_malformed_line, PK_NO_POSITION,
                        "%llu of %llu lines are not \"frame;frame;... COUNT\" (first at line %llu)",
                        (unsigned long long)stats.malformed,
                        (unsigned long long)(stats.malformed + stats.lines),
                        (unsigned long long)stats.first_malformed_line);
  char message[256];
  if (stats.malformed) {
    snprintf(message, sizeof message, "ignored %llu malformed lines, first at %s:%llu",
             (unsigned long long)stats.malformed, path, (unsigned long long)stats.first_malformed_line);
    warn(opts, path, message);
  }
  if (stats.cut) {
    snprintf(message, sizeof message,
             "%llu stacks deeper than %zu frames were cut (the rest is one \"[N frames cut]\" frame; "
             "--max-depth changes the bound)",
             (unsigned long long)stats.cut, opts->max_depth ? opts->max_depth : (size_t)PK_FOLDED_MAX_DEPTH);
    warn(opts, path, message);
  }
  if (stats.fractional) {
    snprintf(message, sizeof message,
             "%llu lines have fractional sample counts; they were truncated to integers",
             (unsigned long long)stats.fractional);
    warn(opts, path, message);
  }
  return PK_OK;
}

int pk_folded_format_write(const pk_profile *p, size_t type, FILE *out, pk_error *err) {
  return pk_folded_write(p, type, 1, out, err);
}
