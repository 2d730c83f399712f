/*
 * util/arena.c - chunked bump allocator.
 *
 * Blocks come from chunks of at least 64 KiB that double in size as the
 * arena grows (capped at 64 MiB), so a profile of any size needs few
 * mallocs and one walk to free.  A request larger than a chunk gets a chunk
 * of its own.  PK_ARENA_DEBUG turns every allocation into its own chunk so
 * AddressSanitizer can see overruns.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profkit/arena.h"

typedef struct chunk {
  struct chunk *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
} chunk;

struct pk_arena {
  chunk *head;
  size_t next_size;
  size_t used;
};

#define ARENA_MIN_CHUNK ((size_t)64 << 10)
#define ARENA_MAX_CHUNK ((size_t)64 << 20)

pk_arena *pk_arena_new(void) {
  pk_arena *a = calloc(1, sizeof *a);
  if (a) a->next_size = ARENA_MIN_CHUNK;
  return a;
}

void pk_arena_free(pk_arena *a) {
  if (!a) return;
  chunk *c = a->head;
  while (c) {
    chunk *next = c->next;
    free(c);
    c = next;
  }
  free(a);
}

static chunk *add_chunk(pk_arena *a, size_t need) {
  size_t size = a->next_size;
#ifdef PK_ARENA_DEBUG
  size = need;
#endif
  if (size < need) size = need;
  if (size > SIZE_MAX - sizeof(chunk)) return NULL;
  chunk *c = malloc(sizeof(chunk) + size);
  if (!c) return NULL;
  c->size = size;
  c->used = 0;
  c->next = a->head;
  a->head = c;
  if (a->next_size < ARENA_MAX_CHUNK) a->next_size *= 2;
  return c;
}

void *pk_arena_alloc(pk_arena *a, size_t size) {
  if (size > SIZE_MAX - 15) return NULL;
  size_t rounded = (size + 15) & ~(size_t)15;
  if (rounded == 0) rounded = 16;
  chunk *c = a->head;
#ifdef PK_ARENA_DEBUG
  c = NULL;
#endif
  if (!c || c->size - c->used < rounded) {
    c = add_chunk(a, rounded);
    if (!c) return NULL;
  }
  void *p = c->data + c->used;
  c->used += rounded;
  a->used += rounded;
  return p;
}

void *pk_arena_calloc(pk_arena *a, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  void *p = pk_arena_alloc(a, count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

char *pk_arena_strndup(pk_arena *a, const char *s, size_t len) {
  if (len == SIZE_MAX) return NULL;
  char *p = pk_arena_alloc(a, len + 1);
  if (!p) return NULL;
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

size_t pk_arena_used(const pk_arena *a) { return a->used; }
