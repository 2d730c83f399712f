/*
 * io/writer_lookup.c - looking writers up by name or by output file extension.
 */
#include <string.h>

#include "profkit/writer.h"

const pk_writer *pk_writer_by_name(const char *name) {
  size_t count;
  const pk_writer *w = pk_writers(&count);
  for (size_t i = 0; i < count; i++)
    if (strcmp(w[i].name, name) == 0) return &w[i];
  return NULL;
}

static bool ends_with(const char *s, size_t len, const char *suffix, size_t suffix_len) {
  return len >= suffix_len && memcmp(s + len - suffix_len, suffix, suffix_len) == 0;
}

const pk_writer *pk_writer_by_path(const char *path) {
  size_t count, len = strlen(path);
  const pk_writer *w = pk_writers(&count);
  for (size_t i = 0; i < count; i++) {
    const char *ext = w[i].extensions;
    while (*ext) {
      size_t n = strcspn(ext, " ");
      if (ends_with(path, len, ext, n)) return &w[i];
      ext += n;
      while (*ext == ' ') ext++;
    }
  }
  return NULL;
}
