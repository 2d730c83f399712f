/*
 * platform/memory_release.c - see platform/memory_release.h: glibc's
 * M_MMAP_THRESHOLD, set once.
 */
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "platform/memory_release.h"

static void set_threshold(void) {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

void pk_release_big_frees(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, set_threshold);
}
