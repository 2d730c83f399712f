/*
 * transform.h - operations that make a new profile from others.
 *
 * Each operation builds a fresh profile (the input is left untouched), so
 * they compose: read -> filter -> reverse -> layout.  Frames and strings are
 * re-interned into the destination through a per-call frame map.
 *
 * Ownership: the returned profile belongs to the caller (pk_profile_free).
 */
#ifndef PROFKIT_TRANSFORM_H
#define PROFKIT_TRANSFORM_H

#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

/* Copies frame `frame` of src into dst, returning its id in dst. */
pk_id pk_profile_import_frame(pk_profile *dst, const pk_profile *src, pk_id frame);

/* Gives the empty profile dst src's sample types and metadata (strings
 * re-interned): the start of every operation that rebuilds a profile. */
int pk_profile_copy_shape(pk_profile *dst, const pk_profile *src);

/* Stacks merged leaf-first (flamegraph.pl --reverse): every stack is reversed. */
int pk_profile_reverse(pk_profile **out, const pk_profile *src, pk_error *err);

/* Adds src's column src_type into dst's column dst_type, matching stacks by
 * frame.  dst keeps its own sample types; used to build before/after
 * profiles and to merge several inputs. */
int pk_profile_merge(pk_profile *dst, size_t dst_type, const pk_profile *src, size_t src_type,
                     pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
