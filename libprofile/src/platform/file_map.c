/*
 * platform/file_map.c - see platform/file_map.h: mmap with MAP_POPULATE,
 * then MADV_SEQUENTIAL.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/file_map.h"

size_t pk_page_size(void) {
  long page = sysconf(_SC_PAGESIZE);
  return page > 0 ? (size_t)page : 0;
}

void *pk_file_map(int fd, size_t size) {
  void *data = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (data == MAP_FAILED) return NULL;
  madvise(data, size, MADV_SEQUENTIAL);
  return data;
}

void pk_file_unmap(void *data, size_t size) { munmap(data, size); }

int pk_file_open_regular(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  struct stat st;
  if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
    close(fd);
    fd = -1;
  }
  return fd;
}

void pk_file_close(int fd) {
  if (fd >= 0) close(fd);
}

const char *pk_kernel_symbols_path(void) { return "/proc/kallsyms"; }
