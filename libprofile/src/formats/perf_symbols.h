/*
 * perf_symbols.h - symbol tables for perf.data: ELF files, /proc/kallsyms,
 * /tmp/perf-PID.map (private).
 *
 * A pk_perf_dsos is the set of objects one perf.data names, by name (the
 * path of an mmap, "[kernel.kallsyms]", "/tmp/perf-PID.map").  Each object's
 * symbols are loaded on first lookup and kept as one array sorted by start
 * address, with perf's own rules, so that names match `perf script`:
 *
 *   ELF      .symtab of the file, else of its separate debug file (build id
 *            under /usr/lib/debug/.build-id, or .gnu_debuglink), else
 *            .dynsym; functions and objects; a size 0 ends at the next
 *            symbol, then of several at one address the best is kept (sized,
 *            not weak, global, fewer leading '_', longer name); C++ names
 *            demangled without parameters (cplus_demangle, no options).
 *            Addresses are looked up by file offset, mapped to the virtual
 *            address through the PT_LOAD segment that holds it.
 *   kallsyms text and data symbols (T W D B, any case), sizes to the next
 *            symbol, moved by the difference between the recorded and the
 *            current address of _text (KASLR across a reboot).
 *   [vdso]   this process's vDSO image, read as an ELF file (perf does so).
 *   perf map "START SIZE name" lines (hex); of two entries at one start the
 *            later wins (the JIT reused the address).
 *
 * Ownership: pk_perf_dsos_free frees everything; names returned by lookups
 * live until then.
 */
#ifndef PROFKIT_PERF_SYMBOLS_H
#define PROFKIT_PERF_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum pk_perf_dso_kind {
  PK_DSO_ELF,       /* a file mapped from disk: offsets are file offsets */
  PK_DSO_KERNEL,    /* [kernel.kallsyms]: addresses are absolute */
  PK_DSO_PERF_MAP,  /* JIT code described by /tmp/perf-PID.map: absolute */
  PK_DSO_VDSO,      /* [vdso]: this process's copy, offsets as for ELF */
  PK_DSO_NONE       /* [unknown], [vdso] and other names without symbols here */
} pk_perf_dso_kind;

typedef struct pk_perf_dsos pk_perf_dsos;

typedef struct pk_perf_sym {
  const char *name;
  size_t name_len;
  uint64_t start;   /* in the object's lookup space (vaddr, or absolute) */
  uint32_t index;   /* dense per object, for caches */
} pk_perf_sym;

pk_perf_dsos *pk_perf_dsos_new(const char *kallsyms_path);
void pk_perf_dsos_free(pk_perf_dsos *d);
/* The object named name (interned); kind decides how it is loaded.  -1 on
 * allocation failure. */
int32_t pk_perf_dso_get(pk_perf_dsos *d, const char *name, size_t len, pk_perf_dso_kind kind);
const char *pk_perf_dso_name(const pk_perf_dsos *d, int32_t dso, size_t *len);
pk_perf_dso_kind pk_perf_dso_kind_of(const pk_perf_dsos *d, int32_t dso);
/* The recorded address of _text, when the kernel mmap gives it. */
void pk_perf_dsos_set_kernel_text(pk_perf_dsos *d, uint64_t recorded_text);
/* Finds the symbol holding addr (a file offset for ELF objects, an
 * absolute address otherwise); sets *vaddr to the address the symbol's
 * offset is taken from.  False when there is none (or the object could
 * not be read: see pk_perf_dsos_problem). */
bool pk_perf_dso_lookup(pk_perf_dsos *d, int32_t dso, uint64_t addr, pk_perf_sym *out, uint64_t *vaddr);
/* The first object that could not be read, for one warning; NULL if none. */
const char *pk_perf_dsos_problem(const pk_perf_dsos *d);

#endif
