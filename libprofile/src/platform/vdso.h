/*
 * vdso.h - the kernel's vDSO image as this process sees it (private).
 *
 * perf symbolises [vdso] frames from its own copy of the vDSO, since every
 * process of one kernel maps the same image; perf.data reading does the
 * same.  Linux only: elsewhere there is none.
 */
#ifndef PROFKIT_PLATFORM_VDSO_H
#define PROFKIT_PLATFORM_VDSO_H

#include <stddef.h>

/* A malloc'd copy of the vDSO (ELF image) in *image, its size in *size;
 * -1 when there is none.  The caller frees *image. */
int pk_platform_vdso_copy(void **image, size_t *size);

#endif
