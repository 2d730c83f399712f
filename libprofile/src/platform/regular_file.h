/*
 * platform/regular_file.h - opening files a profile names, and where the
 * kernel lists its symbols.
 *
 * Readers of files named inside a profile (perf.data's ELF images and JIT
 * maps) open them with pk_file_open_regular: a FIFO or a device named there
 * must not block or feed the reader forever.  Inputs given on the command
 * line are read by io/source.c, never mapped (a file truncated under a
 * mapping would end the process with SIGBUS).
 */
#ifndef PK_PLATFORM_REGULAR_FILE_H
#define PK_PLATFORM_REGULAR_FILE_H

/* Opens path read-only if it is a regular file (never blocking, never a
 * terminal); the descriptor, or -1.  pk_file_close closes one. */
int pk_file_open_regular(const char *path);
void pk_file_close(int fd);
/* Where the running kernel lists its symbols (Linux: /proc/kallsyms). */
const char *pk_kernel_symbols_path(void);

#endif
