/*
 * model/profile_internal.h - the layout of pk_profile (internal to libprofile).
 */
#ifndef PK_PROFILE_INTERNAL_H
#define PK_PROFILE_INTERNAL_H

#include "profkit/arena.h"
#include "profkit/profile.h"
#include "util/hash_index.h"
#include "util/strtab.h"

struct pk_profile {
  pk_arena *arena;
  pk_strtab strings;
  pk_sample_type *types;
  size_t type_count, type_capacity;
  pk_frame *frames;
  size_t frame_count, frame_capacity;
  pk_idindex frame_index;
  pk_node *nodes;
  size_t node_count, node_capacity;
  pk_idindex children;
  int64_t *self;   /* node_count x type_count; nodes, self, total are bigarrays */
  size_t value_capacity;
  int64_t *total;  /* filled by pk_profile_finish */
  size_t total_capacity;
  bool values_frozen, finished;
  pk_event *events;
  size_t event_count, event_capacity;
  pk_profile_meta meta;
};

/* Gives an empty profile (root only) the tree of src, node ids unchanged,
 * frames translated through frame_to (src frame id -> dst frame id), and
 * src's column src_type as dst's column dst_type.  Linear copies, no
 * lookups: the fast path of pk_profile_merge into a fresh profile. */
int pk_profile_adopt_tree(pk_profile *dst, size_t dst_type, const pk_profile *src, size_t src_type,
                          const pk_id *frame_to);

static inline int64_t *pk_profile_self_mutable(pk_profile *p, pk_id node) {
  return p->self + (size_t)node * p->type_count;
}

/* Gives p `count` new sample types (type and unit names) whose column i
 * holds old column from[i], or zeros where from[i] < 0: a profile becomes
 * a diff's tree in place, its nodes kept.  Totals are stale until the next
 * pk_profile_finish, events are dropped and meta is reset.  PK_ENOMEM leaves
 * p unusable except for pk_profile_free. */
/* Renames sample type `index` (a reader that learns what its values are
 * only after the samples, e.g. perf's period-weighted events). */
int pk_profile_rename_type(pk_profile *p, size_t index, const char *type, const char *unit);

int pk_profile_recolumn(pk_profile *p, size_t count, const char *const *types,
                        const char *const *units, const int *from);

#endif
