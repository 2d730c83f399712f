/*
 * dir_list.h - the entries of one directory, sorted by name (private).
 */
#ifndef PROFKIT_IO_DIR_LIST_H
#define PROFKIT_IO_DIR_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pk_dir_entry {
  char *path;      /* dir + "/" + name, malloc'd */
  bool is_dir;     /* else a regular file (others are left out) */
  uint64_t size;   /* of a file */
} pk_dir_entry;

/* Lists dir (hidden names left out), sorted by name (strcmp); -1 with
 * errno set when it cannot be read. */
int pk_dir_list(const char *dir, pk_dir_entry **out, size_t *count);
void pk_dir_list_free(pk_dir_entry *entries, size_t count);
/* 1 directory, 0 other, -1 missing; *size gets a regular file's size. */
int pk_path_kind(const char *path, uint64_t *size);

#endif
