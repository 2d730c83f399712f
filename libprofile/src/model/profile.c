/*
 * model/profile.c - the call-tree model: frames, nodes, values, events.
 *
 * Nodes live in one array; a node's children are a singly linked list
 * (first_child / next_sibling).  Most nodes have a few children, which a
 * walk of that list finds without leaving the cache lines just touched;
 * only the children of parents with more than LIST_LIMIT of them go into an
 * open-addressing index keyed by (parent, frame), whose slots hold a node id
 * and the key's hash (util/hash_index.h).  Deep, narrow trees (long stacks) thus
 * never pay a random access into a large hash table.  Frames are
 * interned the same way.  Values are two flat arrays, self and total, of
 * n_nodes x n_types int64; totals are filled by one reverse sweep because a
 * child's id is always greater than its parent's.
 */
#include <stdlib.h>
#include <string.h>

#include "platform/mapped_array.h"
#include "util/grow.h"
#include "util/hash.h"
#include "util/hash_index.h"
#include "model/profile_internal.h"

static uint32_t child_hash(pk_id parent, pk_id frame) {
  return (uint32_t)pk_hash_mix(((uint64_t)parent << 32) | frame);
}

static uint32_t frame_hash_value(const pk_frame *f) {
  uint64_t key[4] = {((uint64_t)f->name << 32) | f->file, ((uint64_t)f->module << 32) | f->kind,
                     ((uint64_t)(uint32_t)f->line << 32) | (uint32_t)f->column, f->address};
  return (uint32_t)pk_hash_bytes(key, sizeof key);
}

static bool frame_equal(const pk_frame *a, const pk_frame *b) {
  return a->name == b->name && a->file == b->file && a->module == b->module && a->kind == b->kind &&
         a->line == b->line && a->column == b->column && a->address == b->address;
}

pk_profile *pk_profile_new(void) {
  pk_profile *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->arena = pk_arena_new();
  if (!p->arena || pk_strtab_init(&p->strings, p->arena) != 0) goto fail;
  p->meta.default_type = -1;
  /* Frame 0 is the root's frame (empty name); node 0 the root. */
  pk_frame root_frame = {0};
  if (pk_profile_frame(p, &root_frame) != 0) goto fail;
  if (PK_BIGARRAY_GROW(p->nodes, p->node_capacity, 1) != 0) goto fail;
  p->nodes[0] = (pk_node){0, PK_NONE, PK_NONE, PK_NONE, 0, 0};
  p->node_count = 1;
  if (pk_idindex_resize(&p->children, 1024) != 0) goto fail;
  return p;
fail:
  pk_profile_free(p);
  return NULL;
}

void pk_profile_free(pk_profile *p) {
  if (!p) return;
  pk_strtab_release(&p->strings);
  free(p->types);
  free(p->frames);
  free(p->frame_index.slots);
  PK_BIGARRAY_FREE(p->nodes, p->node_capacity);
  free(p->children.slots);
  PK_BIGARRAY_FREE(p->self, p->value_capacity);
  PK_BIGARRAY_FREE(p->total, p->total_capacity);
  free(p->events);
  pk_arena_free(p->arena);
  free(p);
}

pk_id pk_profile_intern(pk_profile *p, const char *s, size_t len) {
  return pk_strtab_intern(&p->strings, s, len);
}

pk_id pk_profile_intern_cstr(pk_profile *p, const char *s) {
  return pk_strtab_intern(&p->strings, s, strlen(s));
}

const char *pk_profile_string(const pk_profile *p, pk_id id, size_t *len) {
  if (id >= p->strings.count) id = 0;
  if (len) *len = p->strings.strings[id].len;
  return p->strings.strings[id].data;
}

size_t pk_profile_string_count(const pk_profile *p) { return p->strings.count; }

/* ---- sample types ---- */

int pk_profile_add_sample_type(pk_profile *p, const char *type, const char *unit) {
  if (p->values_frozen) return PK_EINVAL;
  pk_id t = pk_profile_intern_cstr(p, type ? type : "");
  pk_id u = pk_profile_intern_cstr(p, unit ? unit : "");
  if (t == PK_NONE || u == PK_NONE) return PK_ENOMEM;
  if (PK_GROW(p->types, p->type_capacity, p->type_count + 1) != 0) return PK_ENOMEM;
  p->types[p->type_count] = (pk_sample_type){t, u};
  return (int)p->type_count++;
}

size_t pk_profile_type_count(const pk_profile *p) { return p->type_count; }

pk_sample_type pk_profile_type(const pk_profile *p, size_t index) { return p->types[index]; }

int pk_profile_find_type(const pk_profile *p, const char *name) {
  for (size_t i = 0; i < p->type_count; i++)
    if (strcmp(pk_profile_string(p, p->types[i].type, NULL), name) == 0) return (int)i;
  char *end;
  long index = strtol(name, &end, 10);
  if (*name && !*end && index >= 0 && (size_t)index < p->type_count) return (int)index;
  return -1;
}

size_t pk_profile_default_type(const pk_profile *p) {
  if (p->meta.default_type >= 0 && (size_t)p->meta.default_type < p->type_count)
    return (size_t)p->meta.default_type;
  return p->type_count ? p->type_count - 1 : 0;
}

/* ---- frames ---- */

pk_id pk_profile_frame(pk_profile *p, const pk_frame *frame) {
  if (pk_idindex_reserve(&p->frame_index) != 0) return PK_NONE;
  uint32_t h = frame_hash_value(frame);
  size_t mask = p->frame_index.slot_count - 1;
  size_t j = h & mask;
  const uint64_t *slots = p->frame_index.slots;
  while (slots[j]) {
    if (PK_IDX_HASH(slots[j]) == h && frame_equal(&p->frames[PK_IDX_ID(slots[j])], frame))
      return PK_IDX_ID(slots[j]);
    j = (j + 1) & mask;
  }
  if (p->frame_count >= PK_NONE - 1) return PK_NONE;
  if (PK_GROW(p->frames, p->frame_capacity, p->frame_count + 1) != 0) return PK_NONE;
  pk_id id = (pk_id)p->frame_count++;
  p->frames[id] = *frame;
  pk_idindex_put(&p->frame_index, j, h, id);
  return id;
}

pk_id pk_profile_frame_named(pk_profile *p, const char *name, size_t len, pk_frame_kind kind) {
  pk_frame f = {0};
  f.name = pk_profile_intern(p, name, len);
  if (f.name == PK_NONE) return PK_NONE;
  f.kind = (uint8_t)kind;
  return pk_profile_frame(p, &f);
}

const pk_frame *pk_profile_get_frame(const pk_profile *p, pk_id id) { return &p->frames[id]; }

size_t pk_profile_frame_count(const pk_profile *p) { return p->frame_count; }

const char *pk_profile_frame_name(const pk_profile *p, pk_id frame) {
  return pk_profile_string(p, p->frames[frame].name, NULL);
}

/* ---- nodes ---- */

static int ensure_values(pk_profile *p, size_t node_count) {
  p->values_frozen = true;
  size_t n = p->type_count ? p->type_count : 1;
  if (node_count > SIZE_MAX / n) return -1;
  return PK_BIGARRAY_GROW(p->self, p->value_capacity, node_count * n);
}

#define LIST_LIMIT 8

/* The slot holding (parent, frame), or the empty slot where it would go. */
static size_t find_child_slot(const pk_profile *p, pk_id parent, pk_id frame, uint32_t h) {
  size_t mask = p->children.slot_count - 1;
  size_t j = h & mask;
  const uint64_t *slots = p->children.slots;
  while (slots[j]) {
    if (PK_IDX_HASH(slots[j]) == h) {
      const pk_node *n = &p->nodes[PK_IDX_ID(slots[j])];
      if (n->parent == parent && n->frame == frame) break;
    }
    j = (j + 1) & mask;
  }
  return j;
}

static pk_id find_in_list(const pk_profile *p, pk_id parent, pk_id frame) {
  for (pk_id c = p->nodes[parent].first_child; c != PK_NONE; c = p->nodes[c].next_sibling)
    if (p->nodes[c].frame == frame) return c;
  return PK_NONE;
}

pk_id pk_profile_find_child(const pk_profile *p, pk_id parent, pk_id frame) {
  if (p->nodes[parent].child_count <= LIST_LIMIT) return find_in_list(p, parent, frame);
  uint64_t slot = p->children.slots[find_child_slot(p, parent, frame, child_hash(parent, frame))];
  return slot ? PK_IDX_ID(slot) : PK_NONE;
}

static int index_child(pk_profile *p, pk_id node) {
  if (pk_idindex_reserve(&p->children) != 0) return -1;
  pk_id parent = p->nodes[node].parent, frame = p->nodes[node].frame;
  uint32_t h = child_hash(parent, frame);
  pk_idindex_put(&p->children, find_child_slot(p, parent, frame, h), h, node);
  return 0;
}

pk_id pk_profile_child(pk_profile *p, pk_id parent, pk_id frame) {
  pk_id found = pk_profile_find_child(p, parent, frame);
  if (found != PK_NONE) return found;
  if (p->node_count >= PK_NONE - 1) return PK_NONE;
  if (PK_BIGARRAY_GROW(p->nodes, p->node_capacity, p->node_count + 1) != 0) return PK_NONE;
  if (ensure_values(p, p->node_count + 1) != 0) return PK_NONE;
  pk_id id = (pk_id)p->node_count++;
  pk_node *parent_node = &p->nodes[parent];
  p->nodes[id] = (pk_node){frame, parent, PK_NONE, parent_node->first_child, parent_node->depth + 1, 0};
  parent_node->first_child = id;
  parent_node->child_count++;
  /* Touch the new row by writing (see util/hash_index.h on reads of fresh pages). */
  memset(p->self + (size_t)id * p->type_count, 0, p->type_count * sizeof *p->self);
  p->finished = false;
  if (parent_node->child_count == LIST_LIMIT + 1) {
    /* The parent just outgrew its list: index all its children. */
    for (pk_id c = parent_node->first_child; c != PK_NONE; c = p->nodes[c].next_sibling)
      if (index_child(p, c) != 0) return PK_NONE;
  } else if (parent_node->child_count > LIST_LIMIT + 1 && index_child(p, id) != 0) {
    return PK_NONE;
  }
  return id;
}

int pk_profile_adopt_tree(pk_profile *dst, size_t dst_type, const pk_profile *src, size_t src_type,
                          const pk_id *frame_to) {
  size_t n = src->node_count, dst_types = dst->type_count, src_types = src->type_count;
  if (dst->node_count != 1 || dst->nodes[0].first_child != PK_NONE) return PK_EINVAL;
  if (PK_BIGARRAY_GROW(dst->nodes, dst->node_capacity, n) != 0 || ensure_values(dst, n) != 0)
    return PK_ENOMEM;
  memcpy(dst->nodes, src->nodes, n * sizeof *dst->nodes);
  dst->node_count = n;
  for (size_t id = 1; id < n; id++) dst->nodes[id].frame = frame_to[src->nodes[id].frame];
  for (size_t id = 1; id < n; id++)
    if (dst->nodes[dst->nodes[id].parent].child_count > LIST_LIMIT && index_child(dst, (pk_id)id) != 0)
      return PK_ENOMEM;
  /* Rows past the root are fresh, zero-filled pages (platform/mapped_array.h). */
  memset(dst->self, 0, dst_types * sizeof *dst->self);
  for (size_t id = 0; id < n; id++) dst->self[id * dst_types + dst_type] = src->self[id * src_types + src_type];
  dst->finished = false;
  return PK_OK;
}

/* Rows move in place: backward when rows widen, forward when they narrow,
 * so no row is overwritten before it is read. */
static void move_rows(pk_profile *p, size_t old_width, size_t width, const int *from, int64_t *row) {
  size_t n = p->node_count;
  for (size_t step = 0; step < n; step++) {
    size_t id = width >= old_width ? n - 1 - step : step;
    const int64_t *old = p->self + id * old_width;
    for (size_t t = 0; t < width; t++) row[t] = from[t] >= 0 ? old[from[t]] : 0;
    memcpy(p->self + id * width, row, width * sizeof *row);
  }
}

int pk_profile_rename_type(pk_profile *p, size_t index, const char *type, const char *unit) {
  if (index >= p->type_count) return PK_EINVAL;
  pk_id t = pk_profile_intern_cstr(p, type), u = pk_profile_intern_cstr(p, unit);
  if (t == PK_NONE || u == PK_NONE) return PK_ENOMEM;
  p->types[index] = (pk_sample_type){t, u};
  return PK_OK;
}

int pk_profile_recolumn(pk_profile *p, size_t count, const char *const *types,
                        const char *const *units, const int *from) {
  size_t old_width = p->type_count ? p->type_count : 1;
  pk_sample_type *new_types = malloc(count * sizeof *new_types);
  int64_t *row = malloc(count * sizeof *row);
  int rc = new_types && row && ensure_values(p, p->node_count) == 0 ? PK_OK : PK_ENOMEM;
  for (size_t t = 0; t < count && rc == PK_OK; t++) {
    new_types[t].type = pk_profile_intern_cstr(p, types[t]);
    new_types[t].unit = pk_profile_intern_cstr(p, units[t]);
    if (new_types[t].type == PK_NONE || new_types[t].unit == PK_NONE) rc = PK_ENOMEM;
  }
  if (rc == PK_OK && count > old_width &&
      (p->node_count > SIZE_MAX / count || PK_BIGARRAY_GROW(p->self, p->value_capacity, p->node_count * count) != 0))
    rc = PK_ENOMEM;
  if (rc != PK_OK) {
    free(new_types);
    free(row);
    return rc;
  }
  move_rows(p, old_width, count, from, row);
  free(row);
  free(p->types);
  p->types = new_types;
  p->type_count = p->type_capacity = count;
  /* The old totals' pages are kept: pk_profile_finish grows them in place. */
  free(p->events);
  p->events = NULL;
  p->event_count = p->event_capacity = 0;
  memset(&p->meta, 0, sizeof p->meta);
  p->meta.default_type = -1;
  p->finished = false;
  return PK_OK;
}

int pk_profile_add_self(pk_profile *p, pk_id node, const int64_t *values) {
  if (ensure_values(p, p->node_count) != 0) return PK_ENOMEM;
  int64_t *self = p->self + (size_t)node * p->type_count;
  int64_t sum;
  for (size_t t = 0; t < p->type_count; t++)
    if (__builtin_add_overflow(self[t], values[t], &sum)) return PK_ELIMIT;
  for (size_t t = 0; t < p->type_count; t++) self[t] += values[t];
  p->finished = false;
  return PK_OK;
}

int pk_profile_add_stack(pk_profile *p, const pk_id *frames, size_t depth, const int64_t *values,
                         pk_id *leaf) {
  pk_id node = PK_ROOT;
  for (size_t i = 0; i < depth; i++) {
    node = pk_profile_child(p, node, frames[i]);
    if (node == PK_NONE) return PK_ENOMEM;
  }
  if (leaf) *leaf = node;
  return pk_profile_add_self(p, node, values);
}

size_t pk_profile_node_count(const pk_profile *p) { return p->node_count; }

const pk_node *pk_profile_node(const pk_profile *p, pk_id id) { return &p->nodes[id]; }

const int64_t *pk_profile_self(const pk_profile *p, pk_id node) {
  return p->self + (size_t)node * p->type_count;
}

void pk_profile_stack(const pk_profile *p, pk_id node, pk_id *out) {
  for (uint32_t d = p->nodes[node].depth; d > 0; d--) {
    out[d - 1] = p->nodes[node].frame;
    node = p->nodes[node].parent;
  }
}

int pk_profile_finish(pk_profile *p, pk_error *err) {
  size_t n = p->type_count;
  if (ensure_values(p, p->node_count) != 0)
    return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  if (n) {
    if (PK_BIGARRAY_GROW(p->total, p->total_capacity, p->node_count * n) != 0)
      return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
    memcpy(p->total, p->self, p->node_count * n * sizeof *p->total);
  }
  for (size_t id = p->node_count; id-- > 1;) {
    int64_t *child = p->total + id * n;
    int64_t *parent = p->total + (size_t)p->nodes[id].parent * n;
    for (size_t t = 0; t < n; t++)
      if (__builtin_add_overflow(parent[t], child[t], &parent[t]))
        return pk_error_set(err, PK_ELIMIT, NULL, PK_NO_POSITION, PK_NO_POSITION,
                            "total of sample type %zu exceeds 2^63-1", t);
  }
  p->finished = true;
  return PK_OK;
}

const int64_t *pk_profile_total(const pk_profile *p, pk_id node) {
  return p->total + (size_t)node * p->type_count;
}

bool pk_profile_is_finished(const pk_profile *p) { return p->finished; }

/* ---- events and metadata ---- */

int pk_profile_add_event(pk_profile *p, pk_id node, int64_t time) {
  if (PK_GROW(p->events, p->event_capacity, p->event_count + 1) != 0) return PK_ENOMEM;
  p->events[p->event_count++] = (pk_event){node, time};
  return PK_OK;
}

size_t pk_profile_event_count(const pk_profile *p) { return p->event_count; }

const pk_event *pk_profile_events(const pk_profile *p) { return p->events; }

pk_profile_meta *pk_profile_meta_of(pk_profile *p) { return &p->meta; }

const pk_profile_meta *pk_profile_meta_get(const pk_profile *p) { return &p->meta; }

size_t pk_profile_memory(const pk_profile *p) {
  return pk_arena_used(p->arena) + pk_strtab_memory(&p->strings) +
         p->frame_capacity * sizeof(pk_frame) + p->frame_index.slot_count * 8 +
         p->node_capacity * sizeof(pk_node) + p->children.slot_count * 8 +
         p->value_capacity * 8 + p->total_capacity * 8 +
         p->event_capacity * sizeof(pk_event);
}
