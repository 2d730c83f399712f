/*
 * check.c - failure counting, small file helpers and a profile builder for
 * the C unit tests.
 */
#include <stdlib.h>

#include "check.h"
#include "profkit/profile.h"

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

pk_profile *pk_check_profile(const char *const *stacks, const int64_t *values, size_t n) {
  pk_profile *p = pk_profile_new();
  CHECK(pk_profile_add_sample_type(p, "samples", "count") == 0);
  for (size_t i = 0; i < n; i++) {
    pk_id frames[8];
    size_t depth = 0;
    for (const char *s = stacks[i]; *s && depth < 8;) {
      const char *end = strchr(s, ';');
      size_t len = end ? (size_t)(end - s) : strlen(s);
      frames[depth++] = pk_profile_frame_named(p, s, len, PK_FRAME_PLAIN);
      s += len + (end ? 1 : 0);
    }
    CHECK(pk_profile_add_stack(p, frames, depth, &values[i], NULL) == 0);
  }
  CHECK(pk_profile_finish(p, NULL) == 0);
  return p;
}
