/*
 * profile.h - the one call-tree model every profile format becomes.
 *
 *   pk_profile
 *   +-- strings      interned byte strings, id 0 = ""            (strtab)
 *   +-- sample types [{type,unit}, ...]  e.g. {samples,count} {wall,microseconds}
 *   +-- frames       [{name,file,module,line,column,address,kind}]  interned
 *   +-- nodes        call tree, node 0 = root; parent id < child id always
 *   |                 node: {frame, parent, first_child, next_sibling, depth}
 *   +-- self[]       n_nodes x n_types int64   (value spent in the node itself)
 *   +-- total[]      n_nodes x n_types int64   (self + descendants; pk_profile_finish)
 *   +-- events       optional time order: [{leaf node, timestamp}] for flame charts
 *   +-- meta         period, duration, start time, default sample type
 *
 * A stack is added root-first; a child is found by walking its parent's few
 * children, or through a hash of (parent, frame) once the parent has many,
 * so adding a sample of depth d costs d short lookups and no allocation
 * once the path exists.  Because a child is always created after
 * its parent, totals are one reverse sweep over the node array: no recursion
 * anywhere, whatever the depth.
 *
 * Several sample types (pprof), time order (.cpuprofile), bytes and objects
 * (heap profiles) and before/after columns (differential graphs) are all just
 * more columns or the event list.
 *
 * Ownership: the profile owns everything reachable from it (one arena plus a
 * few growable arrays); pk_profile_free releases it all.  Pointers returned
 * by accessors stay valid until the next call that adds to the profile.
 */
#ifndef PROFKIT_PROFILE_H
#define PROFKIT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef uint32_t pk_id;
#define PK_NONE UINT32_MAX
#define PK_ROOT ((pk_id)0)

typedef enum pk_frame_kind {
  PK_FRAME_PLAIN = 0,
  PK_FRAME_KERNEL = 1,   /* folded suffix _[k] */
  PK_FRAME_JIT = 2,      /* _[j] */
  PK_FRAME_INLINED = 3,  /* _[i] */
  PK_FRAME_WAKER = 4     /* _[w] */
} pk_frame_kind;

typedef struct pk_frame {
  pk_id name;        /* string id of the name shown to users */
  pk_id file;        /* string id, 0 if unknown */
  pk_id module;      /* binary / mapping name, 0 if unknown */
  int32_t line;      /* 1-based, 0 if unknown */
  int32_t column;    /* 1-based, 0 if unknown */
  uint64_t address;  /* 0 if unknown */
  uint8_t kind;      /* pk_frame_kind */
} pk_frame;

typedef struct pk_node {
  pk_id frame;
  pk_id parent;        /* PK_NONE for the root */
  pk_id first_child;   /* PK_NONE for a leaf; children in no particular order */
  pk_id next_sibling;  /* PK_NONE for the last */
  uint32_t depth;      /* root = 0 */
  uint32_t child_count;
} pk_node;

typedef struct pk_sample_type {
  pk_id type;  /* string id, e.g. "cpu" */
  pk_id unit;  /* string id, e.g. "nanoseconds" */
} pk_sample_type;

/* Packed to 12 bytes: a 100 MB .cpuprofile holds ten million of them. */
typedef struct __attribute__((packed)) pk_event {
  pk_id node;    /* leaf of the sampled stack */
  int64_t time;  /* in meta.time_unit since meta.time_start */
} pk_event;

typedef struct pk_profile_meta {
  pk_id format;          /* string id of the reader's name ("folded", "pprof", ...) */
  int default_type;      /* index of the default sample type, -1 = last */
  int64_t period;        /* pprof period, 0 if unknown */
  pk_sample_type period_type;
  int64_t time_start;    /* in time_unit; 0 if unknown */
  int64_t duration;      /* in time_unit; 0 if unknown */
  pk_id time_unit;       /* string id, e.g. "microseconds"; 0 if no time order */
} pk_profile_meta;

typedef struct pk_profile pk_profile;

pk_profile *pk_profile_new(void);
/* Frees the profile and everything it owns; accepts NULL. */
void pk_profile_free(pk_profile *p);

/* ---- strings ---- */
/* Interns len bytes (may contain NUL); returns PK_NONE on allocation failure. */
pk_id pk_profile_intern(pk_profile *p, const char *s, size_t len);
pk_id pk_profile_intern_cstr(pk_profile *p, const char *s);
/* The bytes of string id (NUL-terminated); *len gets the length if len != NULL. */
const char *pk_profile_string(const pk_profile *p, pk_id id, size_t *len);
size_t pk_profile_string_count(const pk_profile *p);

/* ---- sample types: add all of them before the first sample ---- */
/* Returns the new index, or PK_EINVAL once samples exist, or PK_ENOMEM. */
int pk_profile_add_sample_type(pk_profile *p, const char *type, const char *unit);
size_t pk_profile_type_count(const pk_profile *p);
pk_sample_type pk_profile_type(const pk_profile *p, size_t index);
/* Finds a sample type by its type name or by its decimal index; -1 if none. */
int pk_profile_find_type(const pk_profile *p, const char *name_or_index);
/* The index to show when the user did not choose: meta.default_type, else the last. */
size_t pk_profile_default_type(const pk_profile *p);

/* ---- frames ---- */
/* Interns a frame (all fields compared); returns its id or PK_NONE on OOM. */
pk_id pk_profile_frame(pk_profile *p, const pk_frame *frame);
/* Shorthand for a frame with only a name and a kind. */
pk_id pk_profile_frame_named(pk_profile *p, const char *name, size_t len, pk_frame_kind kind);
const pk_frame *pk_profile_get_frame(const pk_profile *p, pk_id id);
size_t pk_profile_frame_count(const pk_profile *p);
/* The frame's name as a C string. */
const char *pk_profile_frame_name(const pk_profile *p, pk_id frame);

/* ---- the call tree ---- */
/* The child of parent for frame, created if absent; PK_NONE on OOM. */
pk_id pk_profile_child(pk_profile *p, pk_id parent, pk_id frame);
/* Looks up without creating; PK_NONE if absent. */
pk_id pk_profile_find_child(const pk_profile *p, pk_id parent, pk_id frame);
/* Adds values[0..n_types) to the node's self values.  PK_ELIMIT on int64 overflow. */
int pk_profile_add_self(pk_profile *p, pk_id node, const int64_t *values);
/* Adds a stack given root-first; *leaf gets its node (may be NULL).  depth 0 adds to the root. */
int pk_profile_add_stack(pk_profile *p, const pk_id *frames, size_t depth, const int64_t *values,
                         pk_id *leaf);
size_t pk_profile_node_count(const pk_profile *p);
const pk_node *pk_profile_node(const pk_profile *p, pk_id id);
/* n_types values; valid until the next addition. */
const int64_t *pk_profile_self(const pk_profile *p, pk_id node);
/* Writes the frames of node's stack root-first into out (capacity node->depth). */
void pk_profile_stack(const pk_profile *p, pk_id node, pk_id *out);

/* Computes total values for every node (PK_ELIMIT on overflow).  Call after
 * the last addition; pk_profile_total is valid until the next addition. */
int pk_profile_finish(pk_profile *p, pk_error *err);
const int64_t *pk_profile_total(const pk_profile *p, pk_id node);
bool pk_profile_is_finished(const pk_profile *p);

/* ---- time order (optional) ---- */
int pk_profile_add_event(pk_profile *p, pk_id node, int64_t time);
size_t pk_profile_event_count(const pk_profile *p);
const pk_event *pk_profile_events(const pk_profile *p);

/* ---- metadata ---- */
pk_profile_meta *pk_profile_meta_of(pk_profile *p);
const pk_profile_meta *pk_profile_meta_get(const pk_profile *p);

/* Bytes owned by the profile (for memory reports and benchmarks). */
size_t pk_profile_memory(const pk_profile *p);

/* Everything the profile holds as canonical text, one record a line, in id
 * order (meta, sample types, frames, nodes with self and total, events;
 * strings JSON-quoted): what golden tests compare (tests/model). */
int pk_profile_dump(FILE *out, const pk_profile *p);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
