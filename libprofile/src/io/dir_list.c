/*
 * dir_list.c - one directory's entries, sorted (see dir_list.h): POSIX
 * opendir/readdir, then stat for the kind and size of each entry
 * (following symbolic links, as a shell glob would).
 */
#include "io/dir_list.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/grow.h"

int pk_path_kind(const char *path, uint64_t *size) {
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  if (size) *size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
  return S_ISDIR(st.st_mode) ? 1 : 0;
}

static int by_path(const void *a, const void *b) {
  return strcmp(((const pk_dir_entry *)a)->path, ((const pk_dir_entry *)b)->path);
}

int pk_dir_list(const char *dir, pk_dir_entry **out, size_t *count) {
  *out = NULL;
  *count = 0;
  DIR *d = opendir(dir);
  if (!d) return -1;
  pk_dir_entry *list = NULL;
  size_t n = 0, cap = 0;
  size_t dlen = strlen(dir);
  while (dlen > 1 && dir[dlen - 1] == '/') dlen--;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    size_t len = dlen + 1 + strlen(e->d_name) + 1;
    char *path = malloc(len);
    if (!path || PK_GROW(list, cap, n + 1)) {
      free(path);
      rc = -1;
      errno = ENOMEM;
      break;
    }
    snprintf(path, len, "%.*s/%s", (int)dlen, dir, e->d_name);
    uint64_t size = 0;
    int kind = pk_path_kind(path, &size);
    struct stat st;
    if (kind < 0 || (kind == 0 && (stat(path, &st) != 0 || !S_ISREG(st.st_mode)))) {
      free(path);
      continue;
    }
    list[n++] = (pk_dir_entry){path, kind == 1, size};
  }
  closedir(d);
  if (rc) {
    pk_dir_list_free(list, n);
    return rc;
  }
  qsort(list, n, sizeof *list, by_path);
  *out = list;
  *count = n;
  return 0;
}

void pk_dir_list_free(pk_dir_entry *entries, size_t count) {
  for (size_t i = 0; i < count; i++) free(entries[i].path);
  free(entries);
}
