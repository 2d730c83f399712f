/*
 * platform/compiler.h - the compiler's extensions, named once.
 *
 * Everything outside platform/ that wants a GCC/Clang attribute or a
 * prefetch writes one of these macros instead (tests/arch checks it), so a
 * port to another compiler changes this file alone.  On a compiler without
 * them the attributes vanish and the prefetches do nothing: correct, only
 * slower.
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
#else
#define PK_ALWAYS_INLINE inline
#define PK_NOINLINE
#define PK_PRINTF_FORMAT(fmt, args)
#define PK_PREFETCH(p) ((void)(p))
#define PK_PREFETCH_WRITE(p) ((void)(p))
#endif

/* Bits set in a 64-bit word: the instruction where the target has it,
 * else the branch-free sum of bit fields, inline (the compiler's builtin
 * is a call into libgcc then, a few times slower in the heap's hot loops). */
#if defined(__POPCNT__) && (defined(__GNUC__) || defined(__clang__))
#define PK_POPCOUNT64(x) ((unsigned)__builtin_popcountll(x))
#else
#define PK_POPCOUNT64(x) pk_popcount64_fields(x)
#endif
static inline unsigned pk_popcount64_fields(unsigned long long x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

#define PK_PREFETCH_AHEAD 32

#endif
