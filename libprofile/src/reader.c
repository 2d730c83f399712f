/*
 * reader.c - read any profile: decompress, detect, parse, finish.
 *
 * Detection sniffs the decompressed bytes with each format's probe in the
 * order of format_list.c; the first that says "mine" parses.  When none
 * does, the error names every format tried, so users see what we accept.
 * opts->format skips detection and uses the named reader.
 */
#include <stdio.h>
#include <string.h>

#include "profkit/reader.h"

typedef struct names_text {
  char text[256];
} names_text;

static names_text format_names(const pk_format *formats, size_t count) {
  names_text names = {""};
  for (size_t i = 0; i < count; i++) {
    size_t used = strlen(names.text);
    snprintf(names.text + used, sizeof names.text - used, "%s%s", i ? ", " : "", formats[i].name);
  }
  return names;
}

int pk_parse_profile(pk_profile **out, const char *buf, size_t len, const char *path,
                     const pk_read_options *opts, pk_error *err) {
  *out = NULL;
  pk_read_options defaults = PK_READ_OPTIONS_INIT;
  if (!opts) opts = &defaults;
  size_t count;
  const pk_format *formats = pk_formats(&count);
  size_t forced = count;
  if (opts->format) {
    for (size_t i = 0; i < count; i++)
      if (strcmp(formats[i].name, opts->format) == 0) forced = i;
    if (forced == count)
      return pk_error_set(err, PK_EINVAL, path, PK_NO_POSITION, PK_NO_POSITION,
                          "unknown input format '%s' (known: %s)", opts->format, format_names(formats, count).text);
  }
  for (size_t i = 0; i < count; i++) {
    if (forced < count ? i != forced : !formats[i].probe(buf, len)) continue;
    pk_profile *p = pk_profile_new();
    if (!p) return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
    int rc = formats[i].parse(p, buf, len, path, opts, err);
    if (rc == PK_OK && !opts->no_totals) {
      rc = pk_profile_finish(p, err);
      if (rc != PK_OK && err) snprintf(err->path, sizeof err->path, "%s", path);
    }
    if (rc != PK_OK) {
      pk_profile_free(p);
      return rc;
    }
    *out = p;
    return PK_OK;
  }
  if (len == 0)
    return pk_error_set(err, PK_EFORMAT, path, PK_NO_POSITION, PK_NO_POSITION, "empty input");
  return pk_error_set(err, PK_EFORMAT, path, PK_NO_POSITION, PK_NO_POSITION,
                      "unrecognised profile format (tried: %s); --input-format forces one",
                      format_names(formats, count).text);
}

int pk_read_profile(pk_profile **out, const char *path, const pk_read_options *opts, pk_error *err) {
  *out = NULL;
  pk_read_options defaults = PK_READ_OPTIONS_INIT;
  if (!opts) opts = &defaults;
  pk_buf buf;
  int rc = pk_read_file(path, &opts->limits, &buf, err);
  if (rc != PK_OK) return rc;
  const char *name = (!path || strcmp(path, "-") == 0) ? "<stdin>" : path;
  rc = pk_parse_profile(out, buf.data, buf.len, name, opts, err);
  pk_buf_free(&buf);
  return rc;
}
