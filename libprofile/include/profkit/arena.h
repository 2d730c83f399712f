/*
 * arena.h - a chunked bump allocator freed in one call.
 *
 * Everything parsed from one file lives in one arena (or in growable arrays
 * owned by the same object), so freeing a profile is one call whatever its
 * size.  Allocations are 16-byte aligned.  With PK_ARENA_DEBUG defined at
 * build time (the sanitizer build), every allocation is its own malloc so
 * AddressSanitizer sees overruns between them.
 *
 * Ownership: the arena owns every block it returns; pk_arena_free releases
 * all of them.  Blocks are never freed one by one.
 */
#ifndef PROFKIT_ARENA_H
#define PROFKIT_ARENA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_arena pk_arena;

pk_arena *pk_arena_new(void);
/* Frees every block; accepts NULL. */
void pk_arena_free(pk_arena *arena);
/* Returns NULL on allocation failure or size overflow.  Memory is not zeroed. */
void *pk_arena_alloc(pk_arena *arena, size_t size);
void *pk_arena_calloc(pk_arena *arena, size_t count, size_t size);
/* Copies len bytes and appends a NUL. */
char *pk_arena_strndup(pk_arena *arena, const char *s, size_t len);
/* Bytes handed out so far (for memory reports). */
size_t pk_arena_used(const pk_arena *arena);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
