/*
 * io/source_map_files.c - pk_source_maps_add_path: what --source-map names,
 * read from disk and handed to the decoder (sourcemap/decode.c).
 *
 *   DIR         every regular *.map file in it (sorted, not recursing),
 *               each filed under its name without ".map"
 *   FILE        a source map when its first non-blank byte is '{' (or it
 *               starts with the ")]}'" guard), filed under its name
 *               without ".map"
 *   BUNDLE.js   anything else: its last "//# sourceMappingURL=URL" (or the
 *               older "//@") comment names the map, a path relative to the
 *               bundle, a file:// URL, or a base64 data: URL; the map is
 *               filed under the bundle's own name, which is what frames
 *               carry in their URLs
 *
 * Files are read whole (gzip too) through pk_read_file, so the map's
 * memory follows its real size.  Errors name the file.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/dir_list.h"
#include "profkit/source.h"
#include "profkit/sourcemap.h"
#include "util/base64.h"

static int add_file(pk_source_maps *maps, const char *path, const char *key, pk_error *err) {
  pk_source_limits limits = PK_SOURCE_LIMITS_INIT;
  pk_buf buf = {0};
  int rc = pk_read_file(path, &limits, &buf, err);
  if (rc == PK_OK) rc = pk_source_maps_add_buffer(maps, path, key, buf.data, buf.len, err);
  pk_buf_free(&buf);
  return rc;
}

static int add_dir(pk_source_maps *maps, const char *dir, pk_error *err) {
  pk_dir_entry *entries;
  size_t count, added = 0;
  if (pk_dir_list(dir, &entries, &count) != 0)
    return pk_error_set(err, PK_EIO, dir, PK_NO_POSITION, PK_NO_POSITION, "cannot list this directory");
  int rc = PK_OK;
  for (size_t i = 0; rc == PK_OK && i < count; i++) {
    size_t len = strlen(entries[i].path);
    if (entries[i].is_dir || len < 4 || strcmp(entries[i].path + len - 4, ".map") != 0) continue;
    rc = add_file(maps, entries[i].path, NULL, err);
    added++;
  }
  pk_dir_list_free(entries, count);
  if (rc == PK_OK && added == 0)
    rc = pk_error_set(err, PK_EINVAL, dir, PK_NO_POSITION, PK_NO_POSITION, "no *.map file in this directory");
  return rc;
}

static bool looks_like_map(const pk_buf *buf) {
  size_t i = 0;
  if (buf->len >= 3 && memcmp(buf->data, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < buf->len && strchr(" \t\r\n", buf->data[i])) i++;
  return (i < buf->len && buf->data[i] == '{') || (buf->len - i >= 4 && memcmp(buf->data + i, ")]}'", 4) == 0);
}

/* The URL of the bundle's last sourceMappingURL comment, or NULL. */
static const char *mapping_url(const pk_buf *buf, size_t *len) {
  static const char marker[] = "sourceMappingURL=";
  const char *found = NULL;
  for (const char *p = buf->data; (p = strstr(p, marker)) != NULL; p += sizeof marker - 1) {
    /* "//# " or "//@ " right before it */
    if (p - buf->data >= 4 && p[-4] == '/' && p[-3] == '/' && (p[-2] == '#' || p[-2] == '@') && p[-1] == ' ')
      found = p + sizeof marker - 1;
  }
  if (!found) return NULL;
  *len = strcspn(found, " \t\r\n*");
  return *len ? found : NULL;
}

static int add_inline(pk_source_maps *maps, const char *bundle, const char *key, const char *url, size_t len,
                      pk_error *err) {
  static const char b64[] = ";base64,";
  const char *comma = memchr(url, ',', len);
  if (!comma || (size_t)(comma - url) < sizeof b64 - 2 || memcmp(comma - (sizeof b64 - 2), b64, sizeof b64 - 1) != 0)
    return pk_error_set(err, PK_EPARSE, bundle, PK_NO_POSITION, PK_NO_POSITION,
                        "sourceMappingURL: only base64 data: URLs are read");
  const char *text = comma + 1;
  size_t text_len = len - (size_t)(text - url), bad = 0;
  unsigned char *json = malloc(text_len / 4 * 3 + 4);
  if (!json) return pk_error_set(err, PK_ENOMEM, bundle, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  long n = pk_base64_decode(text, text_len, json, &bad);
  int rc;
  if (n < 0) {
    rc = pk_error_set(err, PK_EPARSE, bundle, PK_NO_POSITION, (uint64_t)(text - url) + bad,
                      "sourceMappingURL: the data: URL is not base64");
  } else {
    char name[1100];
    snprintf(name, sizeof name, "%s (inline source map)", bundle);
    rc = pk_source_maps_add_buffer(maps, name, key, (const char *)json, (size_t)n, err);
  }
  free(json);
  return rc;
}

/* "http:", "webpack:", ...: a URL this tool cannot open. */
static bool has_scheme(const char *url, size_t len) {
  size_t i = 0;
  while (i < len && (isalnum((unsigned char)url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')) i++;
  return i > 1 && i < len && url[i] == ':' && isalpha((unsigned char)url[0]);
}

static int add_bundle(pk_source_maps *maps, const char *bundle, const pk_buf *buf, pk_error *err) {
  size_t len;
  const char *url = mapping_url(buf, &len);
  if (!url)
    return pk_error_set(err, PK_EPARSE, bundle, PK_NO_POSITION, PK_NO_POSITION,
                        "neither a source map nor a bundle with a sourceMappingURL comment");
  const char *slash = strrchr(bundle, '/');
  const char *key = slash ? slash + 1 : bundle;
  if (len > 5 && memcmp(url, "data:", 5) == 0) return add_inline(maps, bundle, key, url, len, err);
  if (len > 7 && memcmp(url, "file://", 7) == 0) url += 7, len -= 7;
  else if (has_scheme(url, len))
    return pk_error_set(err, PK_EINVAL, bundle, PK_NO_POSITION, PK_NO_POSITION,
                        "sourceMappingURL %.*s is not a local file; give the map with --source-map", (int)len, url);
  size_t dir = url[0] == '/' || !slash ? 0 : (size_t)(slash - bundle) + 1;
  char *path = malloc(dir + len + 1);
  if (!path) return pk_error_set(err, PK_ENOMEM, bundle, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  memcpy(path, bundle, dir);
  memcpy(path + dir, url, len);
  path[dir + len] = '\0';
  int rc = add_file(maps, path, key, err);
  free(path);
  return rc;
}

int pk_source_maps_add_path(pk_source_maps *maps, const char *path, pk_error *err) {
  int kind = pk_path_kind(path, NULL);
  if (kind < 0) return pk_error_set(err, PK_EIO, path, PK_NO_POSITION, PK_NO_POSITION, "no such file or directory");
  if (kind == 1) return add_dir(maps, path, err);
  pk_source_limits limits = PK_SOURCE_LIMITS_INIT;
  pk_buf buf = {0};
  int rc = pk_read_file(path, &limits, &buf, err);
  if (rc == PK_OK)
    rc = looks_like_map(&buf) ? pk_source_maps_add_buffer(maps, path, NULL, buf.data, buf.len, err)
                              : add_bundle(maps, path, &buf, err);
  pk_buf_free(&buf);
  return rc;
}
