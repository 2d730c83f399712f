/*
 * platform/regular_file.c - see platform/regular_file.h: open with
 * O_NONBLOCK | O_NOCTTY, then fstat to keep regular files only.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/regular_file.h"

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
