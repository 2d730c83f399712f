/*
 * sourcemap/sourcemap_internal.h - the decoded form of a source map, shared
 * by the decoder (decode.c), the lookup (lookup.c) and the profile rewrite
 * (apply.c); private.
 *
 * A map is kept as flat arrays (its strings in one arena): its sources (sourceRoot applied), their
 * sourcesContent (NULL where absent), its names, and every mapping segment
 * as six 0-based int32 fields sorted by generated position.  An index map
 * ("sections") is flattened into one such map with its sections' lines and
 * columns shifted and their source and name indices rebased.
 */
#ifndef PK_SOURCEMAP_INTERNAL_H
#define PK_SOURCEMAP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "profkit/arena.h"
#include "profkit/sourcemap.h"

typedef struct pk_sm_mapping {
  int32_t gen_line, gen_column;    /* 0-based */
  int32_t source;                  /* index in sources, -1 for a 1-field segment */
  int32_t orig_line, orig_column;  /* 0-based, meaningful when source >= 0 */
  int32_t name;                    /* index in names, -1 if none */
} pk_sm_mapping;

typedef struct pk_sm_map {
  pk_arena *arena; /* every string below */
  char *path;      /* where it came from, for errors */
  char *key;       /* the file name frames are matched by */
  char *file;      /* the map's "file" field, NULL if absent */
  char **sources, **contents;  /* n_sources each; contents[i] may be NULL */
  size_t n_sources, cap_sources;
  char **names;
  size_t n_names, cap_names;
  pk_sm_mapping *mappings;
  size_t n_mappings, cap_mappings;
} pk_sm_map;

struct pk_source_maps {
  pk_sm_map **maps;
  size_t count, cap;
};

/* Base64 VLQ, as the mappings field holds it: decodes one value at
 * text[*pos..len) and advances *pos past it.  Returns 0, or one of the
 * PK_VLQ_ errors below (*pos then at the offending digit). */
enum { PK_VLQ_OK = 0, PK_VLQ_TRUNCATED = -1, PK_VLQ_BAD_DIGIT = -2, PK_VLQ_TOO_LARGE = -3 };
int pk_vlq_decode(const char *text, size_t len, size_t *pos, int32_t *out);
/* Writes value's digits to out (room for 7) and returns their count;
 * values are -(2^31 - 1) .. 2^31 - 1, what pk_vlq_decode accepts. */
size_t pk_vlq_encode(int32_t value, char *out);

/* Frees one map; accepts NULL. */
void pk_sm_map_free(pk_sm_map *m);

/* The map frames of `file` are matched to, or NULL. */
const pk_sm_map *pk_sm_find(const pk_source_maps *maps, const char *file);

#endif
