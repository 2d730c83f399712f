/*
 * platform/file_map.h - a whole file mapped read-only, and the page size.
 *
 * io/source.c maps a plain file instead of reading it when that saves a
 * copy; the mapping is populated up front and advised sequential (one pass
 * from the start).  Readers of files a profile names (perf.data's ELF
 * images and JIT maps) open them with pk_file_open_regular: a FIFO or a
 * device named there must not block or feed the reader forever.
 */
#ifndef PK_PLATFORM_FILE_MAP_H
#define PK_PLATFORM_FILE_MAP_H

#include <stddef.h>

/* The page size, or 0 if the system does not say. */
size_t pk_page_size(void);
/* Maps `size` bytes of the open file fd; NULL if it cannot. */
void *pk_file_map(int fd, size_t size);
void pk_file_unmap(void *data, size_t size);
/* Opens path read-only if it is a regular file (never blocking, never a
 * terminal); the descriptor, or -1.  pk_file_close closes one. */
int pk_file_open_regular(const char *path);
void pk_file_close(int fd);
/* Where the running kernel lists its symbols (Linux: /proc/kallsyms). */
const char *pk_kernel_symbols_path(void);

#endif
