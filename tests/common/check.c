/*
 * check.c - failure counting and small file helpers for the C unit tests.
 */
#include <stdlib.h>

#include "check.h"

int pk_check_failures = 0;

int pk_check_exit(const char *test_name) {
  if (pk_check_failures) {
    fprintf(stderr, "%s: %d check(s) failed\n", test_name, pk_check_failures);
    return 1;
  }
  printf("%s: all checks passed\n", test_name);
  return 0;
}

char *pk_check_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n < 2) {
      char *bigger = realloc(buf, cap * 2);
      if (!bigger) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (!buf) return NULL;
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}
