/*
 * sourcemap.h - JavaScript source maps (v3): minified frames back to the
 * names, files and lines of the original sources, as DevTools and
 * speedscope show them.
 *
 *   pk_source_maps *maps = pk_source_maps_new();
 *   pk_source_maps_add_path(maps, "dist/", &err);         // every *.map in it
 *   pk_source_maps_add_path(maps, "dist/app.js", &err);   // its sourceMappingURL
 *   pk_profile_apply_source_maps(&mapped, profile, maps, &count, &err);
 *
 * A map applies to a frame when the frame's file (a URL or path) ends in
 * the name the map is filed under: the map's own "file" field, its file
 * name without ".map", or the bundle whose sourceMappingURL led to it.
 * The frame's position (1-based line and column, as pk_frame holds them)
 * is looked up as speedscope does: browsers put a function's column at
 * the parenthesis of its argument list, so the mapping taken is the last
 * one that starts before the frame's column.  Frames no map applies to
 * are left as they are.
 *
 * Ownership: the set owns every map and every string a lookup returns;
 * they stay valid until pk_source_maps_free.  Lookups only read the set,
 * so several threads may share one.
 */
#ifndef PROFKIT_SOURCEMAP_H
#define PROFKIT_SOURCEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profkit/error.h"
#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef struct pk_source_maps pk_source_maps;

/* NULL on allocation failure. */
pk_source_maps *pk_source_maps_new(void);
/* Accepts NULL. */
void pk_source_maps_free(pk_source_maps *maps);
size_t pk_source_maps_count(const pk_source_maps *maps);

/* Decodes one source map (plain or index map with "sections") held in
 * buf.  path names it in errors; key is the file name frames are matched
 * by (NULL: path's last component without ".map").  A malformed map is
 * PK_EPARSE naming path and the byte offset; nothing is added then. */
int pk_source_maps_add_buffer(pk_source_maps *maps, const char *path, const char *key, const char *buf,
                              size_t len, pk_error *err);

/* Adds what path holds: a source map, a directory (each *.map file in
 * it, not recursing), or a JavaScript bundle whose last
 * "//# sourceMappingURL=" comment names its map (a path relative to the
 * bundle, or a data: URL in base64).  Errors name the file. */
int pk_source_maps_add_path(pk_source_maps *maps, const char *path, pk_error *err);

typedef struct pk_source_location {
  const char *name;         /* original name (name_len bytes, not NUL-terminated);
                               may be the frame's own name */
  size_t name_len;
  const char *name_suffix;  /* "" or " constructor" (speedscope's rule) */
  const char *file;         /* original source (sourceRoot applied), NULL if the mapping has none */
  int32_t line, column;     /* 1-based, 0 when file is NULL */
} pk_source_location;

/* Looks up a frame named name (NUL-terminated) at 1-based line and column
 * of file.  True with *out filled when a map applies and holds a mapping
 * before that position; false otherwise (the frame stays as it is). */
bool pk_source_maps_lookup(pk_source_location *out, const pk_source_maps *maps, const char *file, const char *name,
                           int32_t line, int32_t column);

/* A new finished profile where every frame a map applies to has its
 * original name, file, line and column (frames that become equal merge);
 * samples, sample types, metadata and time order are carried over.
 * *mapped (may be NULL) gets how many of src's frames a map changed. */
int pk_profile_apply_source_maps(pk_profile **out, const pk_profile *src, const pk_source_maps *maps,
                                 size_t *mapped, pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
