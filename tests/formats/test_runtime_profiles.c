/*
 * test_runtime_profiles.c - profiles written by the real runtimes on this
 * machine (testdata/formats/generate.sh: node --cpu-prof, node --heap-prof,
 * a Go program with runtime/pprof) are detected, typed and show their
 * known hot function as the widest leaf (largest self value of the default
 * sample type).
 */
#include "fmt_helpers.h"

static void check_hot(const char *file, const char *format, const char *default_type, const char *hot) {
  char path[512];
  const char *dir = getenv("PK_TESTDATA");
  snprintf(path, sizeof path, "%s/formats/%s", dir ? dir : "testdata", file);
  pk_profile *p = NULL;
  pk_error err;
  pk_error_clear(&err);
  int rc = pk_read_profile(&p, path, NULL, &err);
  CHECK_EQ_INT(rc, PK_OK);
  if (rc) {
    fprintf(stderr, "%s: %s\n", path, err.message);
    return;
  }
  CHECK_STR(fmt_name(p), format);
  size_t t = pk_profile_default_type(p);
  CHECK_STR(pk_profile_string(p, pk_profile_type(p, t).type, NULL), default_type);
  pk_id best = PK_NONE;
  int64_t best_v = 0;
  for (pk_id n = 1; n < pk_profile_node_count(p); n++) {
    int64_t v = pk_profile_self(p, n)[t];
    if (v > best_v) {
      best_v = v;
      best = n;
    }
  }
  CHECK(best != PK_NONE);
  if (best != PK_NONE) CHECK_STR(pk_profile_frame_name(p, pk_profile_node(p, best)->frame), hot);
  /* the hot leaf holds most of the profile */
  CHECK(best_v * 2 > pk_profile_total(p, PK_ROOT)[t]);
  pk_profile_free(p);
}

int main(void) {
  check_hot("node-cpu.cpuprofile", "cpuprofile", "wall", "hotLoop");
  check_hot("node-heap.heapprofile", "heapprofile", "space", "allocHot");
  check_hot("go-cpu.pb.gz", "pprof", "cpu", "main.hotSpin");
  check_hot("go-heap.pb.gz", "pprof", "alloc_space", "main.allocHeavy");
  return pk_check_exit("test_runtime_profiles");
}
