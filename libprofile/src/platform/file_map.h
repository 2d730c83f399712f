/*
 * platform/file_map.h - a whole file mapped read-only, and the page size.
 *
 * io/source.c maps a plain file instead of reading it when that saves a
 * copy; the mapping is populated up front and advised sequential (one pass
 * from the start).
 */
#ifndef PK_PLATFORM_FILE_MAP_H
#define PK_PLATFORM_FILE_MAP_H

#include <stddef.h>

/* The page size, or 0 if the system does not say. */
size_t pk_page_size(void);
/* Maps `size` bytes of the open file fd; NULL if it cannot. */
void *pk_file_map(int fd, size_t size);
void pk_file_unmap(void *data, size_t size);

#endif
