/*
 * platform/pages.c - see platform/pages.h.  Each range is trimmed to whole
 * pages; errors from madvise are ignored (the pages then fault on use).
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "platform/env_knobs.h"
#include "platform/pages.h"

/* madvise on the whole pages inside [p, p + len). */
static void advise_pages(const void *p, size_t len, int advice) {
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1), to = ((uintptr_t)p + len) & ~(page - 1);
  if (to > from) (void)madvise((void *)from, to - from, advice);
}

/* madvise on every page that holds a byte of [p, p + len), for advice
 * that only sets a flag of the mapping (a neighbour's bytes in the first
 * or last page are left as they are).  The flag then covers the whole
 * mapping of a block malloc gave from mmap, which stays one mapping: one
 * advised from its second page on is split in two, and realloc's mremap
 * fails on it (EFAULT), so glibc copied the block instead (a 21 MB copy
 * and 20 MB more at the peak in the dominator pass's reverse graph). */
static void advise_flag(const void *p, size_t len, int advice) {
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t from = (uintptr_t)p & ~(page - 1), to = ((uintptr_t)p + len + page - 1) & ~(page - 1);
  if (len) (void)madvise((void *)from, to - from, advice);
}

static void *populate(void *arg) {
#ifdef MADV_POPULATE_WRITE
  heap_prefault *p = arg;
  for (size_t i = 0; i < p->count; i++)
    if (p->start[i]) advise_pages(p->start[i], p->len[i], MADV_POPULATE_WRITE);
#else
  (void)arg;
#endif
  return NULL;
}

void heap_prefault_start(heap_prefault *p, int threads) {
  p->running = threads >= 2 && p->count > 0 && pthread_create(&p->thread, NULL, populate, p) == 0;
}

void heap_prefault_wait(heap_prefault *p) {
  if (p->running) pthread_join(p->thread, NULL);
  p->running = 0;
}

void heap_release_pages(const void *p, size_t len) { advise_pages(p, len, MADV_DONTNEED); }

void pk_pages_advise_huge(void *p, size_t len) {
#ifdef MADV_HUGEPAGE
  if (len >= ((size_t)4 << 20) && !pk_knob_no_huge_pages()) advise_flag(p, len, MADV_HUGEPAGE);
#else
  (void)p, (void)len;
#endif
}

void *pk_malloc_huge(size_t bytes) {
  void *p = malloc(bytes);
  if (p) pk_pages_advise_huge(p, bytes);
  return p;
}

void *pk_calloc_huge(size_t count, size_t size) {
  void *p = calloc(count, size);
  if (p) pk_pages_advise_huge(p, count * size);  /* calloc checked the product */
  return p;
}
