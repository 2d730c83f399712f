/*
 * platform/pages.h - mapping fresh memory on the other core.
 *
 * The first write to each 4 KB page of a new array costs a page fault
 * (about 0.08 s per 228 MB here).  When the parser knows how big an array
 * will get, it reserves it exactly and a helper thread asks the kernel to
 * map the pages (madvise MADV_POPULATE_WRITE, which leaves their contents
 * alone, so the parser may write to them meanwhile).  Where that is not
 * available, nothing happens and the parser's own writes fault as before.
 * The other way, heap_release_pages gives back the pages of an array part
 * that is dead but not yet freed.  pk_pages_advise_huge asks for huge pages
 * in a big malloc'd buffer about to be filled (an input read whole): a few
 * faults of 2 MB instead of one per 4 KB page.  The heap analysis allocates
 * the arrays it reads at random with pk_malloc_huge / pk_calloc_huge: with
 * 4 KB pages nearly every random read of an array of tens of MB also
 * misses the TLB (a nested page walk under a hypervisor), and 2 MB pages
 * took 20% off the DFS on the mix shape (docs/performance.md).
 */
#ifndef PK_HEAP_PREFAULT_H
#define PK_HEAP_PREFAULT_H

#include <pthread.h>
#include <stddef.h>

#define HEAP_PREFAULT_MAX 8

typedef struct heap_prefault {
  void *start[HEAP_PREFAULT_MAX];
  size_t len[HEAP_PREFAULT_MAX];
  size_t count;
  int running;
  pthread_t thread;
} heap_prefault;

/* Starts mapping the given ranges (NULL ones are skipped) on a helper thread
 * (no-op if threads < 2, the caller's option, or none can be started);
 * always pair with heap_prefault_wait. */
void heap_prefault_start(heap_prefault *p, int threads);
void heap_prefault_wait(heap_prefault *p);

/* Gives back the whole pages inside [p, p + len): they read as zeros after,
 * and take fresh pages only when written again. */
void heap_release_pages(const void *p, size_t len);

/* Asks for transparent huge pages inside [p, p + len) when it spans at
 * least 4 MiB (no-op without MADV_HUGEPAGE or with PK_NOHUGE set). */
void pk_pages_advise_huge(void *p, size_t len);

/* malloc / calloc, then pk_pages_advise_huge on the block. */
void *pk_malloc_huge(size_t bytes);
void *pk_calloc_huge(size_t count, size_t size);

#endif
