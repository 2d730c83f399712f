/*
 * io/read_profile.c - read any profile: decompress, detect, parse, finish.
 *
 * Detection sniffs the decompressed bytes with each format's probe in the
 * order of io/format_list.c; the first that says "mine" parses.  Detection
 * never guesses: a probe looks for its format's own markers, and a parser
 * that finds the content is mostly not its format after all (folded stacks
 * where most lines are no stack) returns PK_EFORMAT, which sends detection
 * on to the next probe instead of drawing the few lines that happened to
 * parse.  When no format takes the content, the error names every format
 * tried, and the reason the last claimant gave up, so users see what we
 * accept and why their file was refused.  opts->format (--input-format)
 * skips detection and uses the named reader.
 */
#include <stdio.h>
#include <string.h>

#include "profkit/reader.h"

static void tried_list(char *names, size_t cap) {
  size_t count;
  const pk_format *formats = pk_formats(&count);
  names[0] = 0;
  for (size_t i = 0; i < count; i++) {
    size_t used = strlen(names);
    snprintf(names + used, cap - used, "%s%s", i ? ", " : "", formats[i].name);
  }
}

int pk_parse_profile(pk_profile **out, const char *buf, size_t len, const char *path,
                     const pk_read_options *opts, pk_error *err) {
  *out = NULL;
  pk_read_options defaults = PK_READ_OPTIONS_INIT;
  if (!opts) opts = &defaults;
  int version_rc = pk_error_check_version(err, "pk_read_options", opts->version, PK_READ_OPTIONS_VERSION);
  if (version_rc != PK_OK) return version_rc;
  size_t count;
  const pk_format *formats = pk_formats(&count);
  pk_error refusal;
  pk_error_clear(&refusal);
  const char *refused_by = NULL;
  char names[256];
  tried_list(names, sizeof names);
  size_t forced = count; /* opts->format skips detection */
  if (opts->format) {
    for (size_t i = 0; i < count; i++)
      if (strcmp(formats[i].name, opts->format) == 0) forced = i;
    if (forced == count)
      return pk_error_set(err, PK_EINVAL, path, PK_NO_POSITION, PK_NO_POSITION,
                          "unknown input format '%s' (known: %s)", opts->format, names);
  }
  for (size_t i = 0; i < count; i++) {
    if (forced < count ? i != forced : !formats[i].probe(buf, len)) continue;
    pk_profile *p = pk_profile_new();
    if (!p) return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
    pk_error local;
    pk_error_clear(&local);
    int rc = formats[i].parse(p, buf, len, path, opts, &local);
    if (rc == PK_OK && !opts->no_totals) {
      rc = pk_profile_finish(p, &local);
      if (rc != PK_OK) snprintf(local.path, sizeof local.path, "%s", path);
    }
    if (rc == PK_EFORMAT) { /* claimed, then found not to be this format: try the others */
      pk_profile_free(p);
      refusal = local;
      refused_by = formats[i].name;
      continue;
    }
    if (rc != PK_OK) {
      pk_profile_free(p);
      if (err) *err = local;
      return rc;
    }
    *out = p;
    return PK_OK;
  }
  if (len == 0)
    return pk_error_set(err, PK_EFORMAT, path, PK_NO_POSITION, PK_NO_POSITION, "empty input");
  if (refused_by)
    return pk_error_set(err, PK_EFORMAT, path, refusal.line, refusal.offset,
                        "unrecognised profile format (tried: %s); not %s: %s", names, refused_by,
                        refusal.message);
  return pk_error_set(err, PK_EFORMAT, path, PK_NO_POSITION, PK_NO_POSITION,
                      "unrecognised profile format (tried: %s); --input-format forces one", names);
}

int pk_read_profile(pk_profile **out, const char *path, const pk_read_options *opts, pk_error *err) {
  *out = NULL;
  pk_read_options defaults = PK_READ_OPTIONS_INIT;
  if (!opts) opts = &defaults;
  int version_rc = pk_error_check_version(err, "pk_read_options", opts->version, PK_READ_OPTIONS_VERSION);
  if (version_rc != PK_OK) return version_rc;
  pk_buf buf;
  const char *name = (!path || strcmp(path, "-") == 0) ? "<stdin>" : path;
  if (opts->progress.report) opts->progress.report(opts->progress.payload, name, "reading", 0, 0);
  int rc = pk_read_file(path, &opts->limits, &buf, err);
  if (rc != PK_OK) return rc;
  rc = pk_parse_profile(out, buf.data, buf.len, name, opts, err);
  pk_buf_free(&buf);
  return rc;
}
