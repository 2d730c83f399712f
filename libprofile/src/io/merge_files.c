/*
 * merge_files.c - many inputs merged one at a time (see merge_files.h).
 *
 * First the inputs are expanded: directories are walked with an explicit
 * stack (no recursion, however deep the tree), each level in name order,
 * so the order -- and with it the merged profile's node order -- does not
 * depend on the file system.  Then each file is read (pk_read_profile,
 * unfinished: only self values are merged), its column added into the
 * merged profile with pk_profile_merge, and freed before the next is read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "io/dir_list.h"
#include "profkit/merge_files.h"
#include "profkit/transform.h"

bool pk_path_is_directory(const char *path) { return path && strcmp(path, "-") != 0 && pk_path_kind(path, NULL) == 1; }

typedef struct file_list {
  char **paths;
  size_t n, cap;
  uint64_t bytes;
} file_list;

static int add_file(file_list *l, const char *path, uint64_t size) {
  char *copy = strdup(path);
  if (!copy || PK_GROW(l->paths, l->cap, l->n + 1)) {
    free(copy);
    return PK_ENOMEM;
  }
  l->paths[l->n++] = copy;
  l->bytes += size;
  return 0;
}

/* Appends path, or the files under it when it is a directory. */
static int expand(file_list *l, const char *path, pk_error *err) {
  uint64_t size = 0;
  if (pk_path_kind(path, &size) != 1) return add_file(l, path, size) ? pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory") : 0;
  char **stack = NULL; /* directories still to list, the next on top */
  size_t depth = 0, cap = 0;
  int rc = 0;
  char *first = strdup(path);
  if (!first || PK_GROW(stack, cap, 1)) {
    free(first);
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  stack[depth++] = first;
  while (depth > 0 && rc == 0) {
    char *dir = stack[--depth];
    pk_dir_entry *e;
    size_t n;
    if (pk_dir_list(dir, &e, &n) != 0) {
      rc = pk_error_set(err, PK_EIO, dir, PK_NO_POSITION, PK_NO_POSITION, "cannot list the directory: %s", strerror(errno));
      free(dir);
      break;
    }
    /* files of this level now, in order; subdirectories after them, also in order */
    size_t subdirs = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
      if (!e[i].is_dir) rc = add_file(l, e[i].path, e[i].size);
      else subdirs++;
    }
    if (rc == 0 && PK_GROW(stack, cap, depth + subdirs)) rc = PK_ENOMEM;
    for (size_t i = n; i-- > 0 && rc == 0;) {
      if (!e[i].is_dir) continue;
      stack[depth++] = e[i].path; /* reversed: the first pops first */
      e[i].path = NULL;
    }
    pk_dir_list_free(e, n);
    if (rc == PK_ENOMEM) rc = pk_error_set(err, PK_ENOMEM, dir, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
    free(dir);
  }
  while (depth > 0) free(stack[--depth]);
  free(stack);
  return rc;
}

int pk_profile_merge_files(pk_profile **out, const char *const *paths, size_t count, const pk_read_options *read,
                           const char *sample_type, pk_error *err) {
  *out = NULL;
  pk_read_options ro = PK_READ_OPTIONS_INIT;
  if (read) ro = *read;
  pk_progress progress = ro.progress;
  ro.progress = (pk_progress)PK_PROGRESS_INIT; /* the merge reports for the whole run */
  ro.no_totals = true;
  file_list l = {0};
  int rc = 0;
  for (size_t i = 0; i < count && rc == 0; i++) rc = expand(&l, paths[i], err);
  if (rc == 0 && l.n == 0)
    rc = pk_error_set(err, PK_EINVAL, count ? paths[0] : "", PK_NO_POSITION, PK_NO_POSITION, "no profiles found");
  pk_profile *merged = NULL;
  const char *type_name = NULL;
  uint64_t done = 0;
  for (size_t i = 0; i < l.n && rc == 0; i++) {
    if (progress.report) progress.report(progress.payload, l.paths[i], "merging", done, l.bytes);
    uint64_t size = 0;
    pk_path_kind(l.paths[i], &size);
    done += size;
    pk_profile *p;
    if ((rc = pk_read_profile(&p, l.paths[i], &ro, err)) != PK_OK) break;
    int t = -1;
    if (!merged) {
      t = sample_type ? pk_profile_find_type(p, sample_type) : (int)pk_profile_default_type(p);
      if (t >= 0) {
        pk_sample_type st = pk_profile_type(p, (size_t)t);
        merged = pk_profile_new();
        if (!merged || pk_profile_add_sample_type(merged, pk_profile_string(p, st.type, NULL),
                                                  pk_profile_string(p, st.unit, NULL)) < 0)
          rc = pk_error_set(err, PK_ENOMEM, l.paths[i], PK_NO_POSITION, PK_NO_POSITION, "out of memory");
        else
          type_name = pk_profile_string(merged, pk_profile_type(merged, 0).type, NULL);
      }
    } else {
      t = pk_profile_find_type(p, type_name);
    }
    if (rc == 0 && t < 0)
      rc = pk_error_set(err, PK_EINVAL, l.paths[i], PK_NO_POSITION, PK_NO_POSITION, "no sample type '%s' in this profile",
                        merged ? type_name : sample_type);
    if (rc == 0) rc = pk_profile_merge(merged, 0, p, (size_t)t, err);
    pk_profile_free(p);
  }
  if (rc == 0) rc = pk_profile_finish(merged, err);
  for (size_t i = 0; i < l.n; i++) free(l.paths[i]);
  free(l.paths);
  if (rc != 0) {
    pk_profile_free(merged);
    return rc;
  }
  *out = merged;
  return 0;
}
