/*
 * platform/memory_release.h - making freed per-node arrays go back to the
 * kernel.
 *
 * The heap analysis frees per-node arrays as it goes.  glibc raises its
 * mmap threshold after the first such free (up to 32 MB), so later arrays
 * would come from arenas that keep their pages; a fixed threshold of 4 MB
 * keeps every array that size or more in its own mapping, returned when
 * freed (peak RSS on a 5 M node snapshot: 555 MB -> 505 MB).  Called when a
 * snapshot load starts; once per process; nothing on other C libraries.
 */
#ifndef PK_PLATFORM_MEMORY_RELEASE_H
#define PK_PLATFORM_MEMORY_RELEASE_H

void pk_release_big_frees(void);

#endif
