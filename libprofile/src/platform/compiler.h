/*
 * platform/compiler.h - the compiler's extensions, named once.
 *
 * Everything outside platform/ that wants a GCC/Clang attribute or a
 * prefetch writes one of these macros instead (tests/arch checks it), so a
 * port to another compiler changes this file alone.  On a compiler without
 * them the attributes vanish, the prefetches do nothing and the bit count
 * is a loop: correct, only slower.
 *
 * PK_PREFETCH_AHEAD is the heap passes' one prefetch distance (edges or
 * nodes ahead of the current one): far enough to cover a DRAM miss at the
 * rate those loops consume edges, measured in docs/performance.md.
 */
#ifndef PK_PLATFORM_COMPILER_H
#define PK_PLATFORM_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
#define PK_ALWAYS_INLINE inline __attribute__((always_inline))
#define PK_NOINLINE __attribute__((noinline))
#define PK_PRINTF_FORMAT(fmt, args) __attribute__((format(printf, fmt, args)))
#define PK_PREFETCH(p) __builtin_prefetch(p)
#define PK_PREFETCH_WRITE(p) __builtin_prefetch((p), 1)
#define PK_POPCOUNT64(x) ((unsigned)__builtin_popcountll(x))
#else
#define PK_ALWAYS_INLINE inline
#define PK_NOINLINE
#define PK_PRINTF_FORMAT(fmt, args)
#define PK_PREFETCH(p) ((void)(p))
#define PK_PREFETCH_WRITE(p) ((void)(p))
#define PK_POPCOUNT64(x) pk_popcount64_portable(x)
static inline unsigned pk_popcount64_portable(unsigned long long x) {
  unsigned n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
#endif

#define PK_PREFETCH_AHEAD 32

#endif
