/*
 * model/transform.c - new profiles from old: frame import, reverse, merge.
 *
 * Frames move between profiles by value (their strings re-interned), with a
 * per-call map from source frame id to destination id so each frame is
 * imported once.  Merge walks the source nodes in id order, which visits
 * parents before children, mapping each node to its destination node in
 * one step: linear in the tree, no recursion.  Merging into a profile that
 * is still empty copies the tree wholesale instead (pk_profile_adopt_tree):
 * the first input of a diff or of a multi-file graph costs a memcpy.
 */
#include <stdlib.h>

#include "model/profile_internal.h"
#include "profkit/transform.h"

typedef struct frame_map {
  pk_id *to;
  size_t count;
} frame_map;

static int frame_map_init(frame_map *m, const pk_profile *src) {
  m->count = pk_profile_frame_count(src);
  m->to = malloc(m->count * sizeof *m->to);
  if (!m->to) return -1;
  for (size_t i = 0; i < m->count; i++) m->to[i] = PK_NONE;
  return 0;
}

static pk_id frame_map_get(frame_map *m, pk_profile *dst, const pk_profile *src, pk_id frame) {
  if (m->to[frame] == PK_NONE) m->to[frame] = pk_profile_import_frame(dst, src, frame);
  return m->to[frame];
}

pk_id pk_profile_import_frame(pk_profile *dst, const pk_profile *src, pk_id frame) {
  const pk_frame *f = pk_profile_get_frame(src, frame);
  pk_frame copy = *f;
  size_t len;
  const char *s;
  s = pk_profile_string(src, f->name, &len);
  copy.name = pk_profile_intern(dst, s, len);
  s = pk_profile_string(src, f->file, &len);
  copy.file = pk_profile_intern(dst, s, len);
  s = pk_profile_string(src, f->module, &len);
  copy.module = pk_profile_intern(dst, s, len);
  if (copy.name == PK_NONE || copy.file == PK_NONE || copy.module == PK_NONE) return PK_NONE;
  return pk_profile_frame(dst, &copy);
}

static pk_id intern_from(pk_profile *dst, const pk_profile *src, pk_id id) {
  size_t len;
  const char *s = pk_profile_string(src, id, &len);
  return pk_profile_intern(dst, s, len);
}

int pk_profile_copy_shape(pk_profile *dst, const pk_profile *src) {
  for (size_t t = 0; t < pk_profile_type_count(src); t++) {
    pk_sample_type st = pk_profile_type(src, t);
    if (pk_profile_add_sample_type(dst, pk_profile_string(src, st.type, NULL),
                                   pk_profile_string(src, st.unit, NULL)) < 0)
      return PK_ENOMEM;
  }
  const pk_profile_meta *from = pk_profile_meta_get(src);
  pk_profile_meta *meta = pk_profile_meta_of(dst);
  *meta = *from;
  meta->format = intern_from(dst, src, from->format);
  meta->time_unit = intern_from(dst, src, from->time_unit);
  meta->period_type.type = intern_from(dst, src, from->period_type.type);
  meta->period_type.unit = intern_from(dst, src, from->period_type.unit);
  if (meta->format == PK_NONE || meta->time_unit == PK_NONE || meta->period_type.type == PK_NONE ||
      meta->period_type.unit == PK_NONE)
    return PK_ENOMEM;
  return PK_OK;
}

static bool all_zero(const int64_t *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (v[i]) return false;
  return true;
}

static int oom(pk_error *err) {
  return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
}

int pk_profile_reverse(pk_profile **out, const pk_profile *src, pk_error *err) {
  *out = NULL;
  pk_profile *dst = pk_profile_new();
  frame_map map = {0};
  pk_id *stack = NULL;
  uint32_t max_depth = 0;
  size_t nodes = pk_profile_node_count(src), types = pk_profile_type_count(src);
  for (size_t id = 0; id < nodes; id++)
    if (pk_profile_node(src, (pk_id)id)->depth > max_depth) max_depth = pk_profile_node(src, (pk_id)id)->depth;
  if (!dst || pk_profile_copy_shape(dst, src) != PK_OK || frame_map_init(&map, src) != 0 ||
      !(stack = malloc(((size_t)max_depth + 1) * sizeof *stack)))
    goto fail;
  for (size_t id = 0; id < nodes; id++) {
    const int64_t *self = pk_profile_self(src, (pk_id)id);
    if (all_zero(self, types)) continue;
    uint32_t depth = pk_profile_node(src, (pk_id)id)->depth;
    pk_id node = (pk_id)id;
    for (uint32_t i = 0; i < depth; i++) {
      stack[i] = frame_map_get(&map, dst, src, pk_profile_node(src, node)->frame);
      if (stack[i] == PK_NONE) goto fail;
      node = pk_profile_node(src, node)->parent;
    }
    int rc = pk_profile_add_stack(dst, stack, depth, self, NULL);
    if (rc == PK_ELIMIT) {
      pk_error_set(err, rc, NULL, PK_NO_POSITION, PK_NO_POSITION, "value exceeds 2^63-1");
      goto cleanup;
    }
    if (rc != PK_OK) goto fail;
  }
  if (pk_profile_finish(dst, err) != PK_OK) goto cleanup;
  free(map.to);
  free(stack);
  *out = dst;
  return PK_OK;
fail:
  oom(err);
cleanup:
  free(map.to);
  free(stack);
  pk_profile_free(dst);
  return err ? err->code : PK_ENOMEM;
}

int pk_profile_merge(pk_profile *dst, size_t dst_type, const pk_profile *src, size_t src_type,
                     pk_error *err) {
  size_t nodes = pk_profile_node_count(src);
  size_t dst_types = pk_profile_type_count(dst), src_types = pk_profile_type_count(src);
  if (dst_type >= dst_types || src_type >= src_types)
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "no sample type %zu to merge", dst_type >= dst_types ? dst_type : src_type);
  frame_map map = {0};
  if (dst->node_count == 1 && dst->nodes[0].first_child == PK_NONE &&
      (!dst->self || dst->self[dst_type] == 0)) {
    if (frame_map_init(&map, src) != 0) return oom(err);
    for (size_t f = 0; f < map.count; f++)
      if (frame_map_get(&map, dst, src, (pk_id)f) == PK_NONE) {
        free(map.to);
        return oom(err);
      }
    int rc = pk_profile_adopt_tree(dst, dst_type, src, src_type, map.to);
    free(map.to);
    return rc == PK_OK ? PK_OK : oom(err);
  }
  pk_id *node_to = malloc(nodes * sizeof *node_to);
  int64_t *values = calloc(dst_types, sizeof *values);
  if (!node_to || !values || frame_map_init(&map, src) != 0) goto fail;
  node_to[0] = PK_ROOT;
  for (size_t id = 0; id < nodes; id++) {
    const pk_node *n = pk_profile_node(src, (pk_id)id);
    if (id > 0) {
      pk_id frame = frame_map_get(&map, dst, src, n->frame);
      if (frame == PK_NONE) goto fail;
      node_to[id] = pk_profile_child(dst, node_to[n->parent], frame);
      if (node_to[id] == PK_NONE) goto fail;
    }
    values[dst_type] = pk_profile_self(src, (pk_id)id)[src_type];
    if (!values[dst_type]) continue;
    int rc = pk_profile_add_self(dst, node_to[id], values);
    if (rc == PK_ELIMIT) {
      free(map.to);
      free(node_to);
      free(values);
      return pk_error_set(err, rc, NULL, PK_NO_POSITION, PK_NO_POSITION, "value exceeds 2^63-1");
    }
    if (rc != PK_OK) goto fail;
  }
  free(map.to);
  free(node_to);
  free(values);
  return PK_OK;
fail:
  free(map.to);
  free(node_to);
  free(values);
  return oom(err);
}
