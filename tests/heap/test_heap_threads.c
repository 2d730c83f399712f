/*
 * test_heap_threads.c - pk_heap_options.threads: a snapshot loaded and
 * analysed with no helper threads (0) gives exactly what the default (2)
 * gives, with the two-thread edge parse forced on (PK_HEAP_SPLIT_MIN=1) so
 * the threaded side really splits: same graph, same dominators, retained
 * sizes, distances, classes and statistics.  With 0, the process never
 * has a second thread while the load reports progress.
 */
#include "check.h"
#include "profkit/heap.h"
#include "profkit/source.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int most_threads;

static int thread_count(void) {
  int n = 0;
  DIR *d = opendir("/proc/self/task");
  if (!d) return 1;
  for (struct dirent *e; (e = readdir(d));) n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

static void on_progress(void *payload, const char *path, const char *phase, uint64_t done, uint64_t total) {
  (void)payload, (void)path, (void)phase, (void)done, (void)total;
  int n = thread_count();
  if (n > most_threads) most_threads = n;
}

static pk_heap *load(const char *path, int threads) {
  pk_heap_options o = PK_HEAP_OPTIONS_INIT;
  o.threads = threads;
  o.progress.report = on_progress;
  pk_heap *h = NULL;
  pk_error err = {0};
  most_threads = 0;
  CHECK_EQ_INT(pk_heap_load(&h, path, &o, &err), 0);
  if (h) CHECK_EQ_INT(pk_heap_analyze(h, &err), 0);
  return h;
}

static void same(const char *path) {
  pk_heap *one = load(path, 0);
  int one_threads = most_threads;
  pk_heap *two = load(path, 2);
  if (!one || !two) {
    CHECK(one && two);
    return;
  }
  CHECK(one_threads <= 1);
  size_t n = pk_heap_node_count(one);
  CHECK_EQ_INT(n, pk_heap_node_count(two));
  CHECK_EQ_INT(pk_heap_edge_count(one), pk_heap_edge_count(two));
  CHECK_EQ_INT(pk_heap_class_count(one), pk_heap_class_count(two));
  size_t differ = 0;
  for (uint32_t v = 0; v < n && n == pk_heap_node_count(two); v++)
    differ += pk_heap_retained_size(one, v) != pk_heap_retained_size(two, v) ||
              pk_heap_dominator(one, v) != pk_heap_dominator(two, v) ||
              pk_heap_distance(one, v) != pk_heap_distance(two, v) ||
              pk_heap_shallow_size(one, v) != pk_heap_shallow_size(two, v) ||
              strcmp(pk_heap_class_name(one, pk_heap_node_class(one, v)),
                     pk_heap_class_name(two, pk_heap_node_class(two, v))) != 0;
  CHECK_EQ_INT(differ, 0);
  pk_heap_stats a, b;
  pk_heap_statistics(one, &a);
  pk_heap_statistics(two, &b);
  CHECK(memcmp(&a, &b, sizeof a) == 0);
  pk_heap_free(one);
  pk_heap_free(two);
}

int main(void) {
  const char *dir = getenv("PK_TESTDATA");
  char path[4096];
  setenv("PK_HEAP_SPLIT_MIN", "1", 1);
  const char *names[] = {"leak-2.heapsnapshot.gz", "mixed-2.heapsnapshot.gz"};
  for (size_t i = 0; i < 2; i++) {
    /* a plain file: gzip input is always parsed on one thread */
    snprintf(path, sizeof path, "%s/heap/%s", dir ? dir : "testdata", names[i]);
    pk_source_limits limits = PK_SOURCE_LIMITS_INIT;
    pk_buf buf;
    pk_error err = {0};
    CHECK_EQ_INT(pk_read_file(path, &limits, &buf, &err), 0);
    char plain[] = "/tmp/pk_threads_XXXXXX";
    int fd = mkstemp(plain);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    CHECK(f != NULL);
    if (!f) continue;
    CHECK_EQ_INT(fwrite(buf.data, 1, buf.len, f), buf.len);
    fclose(f);
    pk_buf_free(&buf);
    same(plain);
    unlink(plain);
  }
  return pk_check_exit("test_heap_threads");
}
