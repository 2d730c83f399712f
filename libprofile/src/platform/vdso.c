/*
 * vdso.c - a copy of this process's vDSO (see vdso.h).
 *
 * The image starts at the auxiliary vector's AT_SYSINFO_EHDR; its length
 * is that of the "[vdso]" line of /proc/self/maps, the mapping that
 * starts there.
 */
#include "platform/vdso.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/auxv.h>
#endif

int pk_platform_vdso_copy(void **image, size_t *size) {
#ifdef __linux__
  uintptr_t base = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
  if (!base) return -1;
  FILE *f = fopen("/proc/self/maps", "re");
  if (!f) return -1;
  char line[512];
  size_t len = 0;
  while (fgets(line, sizeof line, f)) {
    unsigned long start, end;
    if (sscanf(line, "%lx-%lx", &start, &end) == 2 && start == base && strstr(line, "[vdso]")) {
      len = end - start;
      break;
    }
  }
  fclose(f);
  if (!len || !(*image = malloc(len))) return -1;
  memcpy(*image, (const void *)base, len);
  *size = len;
  return 0;
#else
  (void)image;
  (void)size;
  return -1;
#endif
}
