/*
 * sourcemap/apply.c - a profile with its JavaScript frames mapped back to
 * their sources (see profkit/sourcemap.h).
 *
 * Each source frame is looked up once (frames are interned, so a frame
 * shared by many nodes costs one lookup) and gets its destination frame:
 * the original name, file, line and column when a map applies, else a
 * plain copy.  The tree is then rebuilt in node id order, which visits a
 * parent before its children, so each node maps to
 * child(mapped parent, mapped frame) in one step: linear, no recursion.
 * Two frames that map to the same original merge, as speedscope merges
 * them.  Self values, sample types, metadata and the time order follow.
 */
#include <stdlib.h>
#include <string.h>

#include "sourcemap/sourcemap_internal.h"
#include "profkit/transform.h"

static int oom(pk_error *err) {
  return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
}

/* dst's frame for src frame `id`; *changed tells whether a map applied. */
static pk_id map_frame(pk_profile *dst, const pk_profile *src, pk_id id, const pk_source_maps *maps,
                       bool *changed) {
  const pk_frame *f = pk_profile_get_frame(src, id);
  pk_source_location loc;
  *changed = false;
  if (!f->file || f->line <= 0 || f->column <= 0 ||
      !pk_source_maps_lookup(&loc, maps, pk_profile_string(src, f->file, NULL), pk_profile_frame_name(src, id),
                             f->line, f->column))
    return pk_profile_import_frame(dst, src, id);
  pk_frame mapped = *f;
  size_t len;
  const char *bytes = pk_profile_string(src, f->module, &len);
  mapped.module = pk_profile_intern(dst, bytes, len);
  bytes = pk_profile_string(src, f->file, &len);
  mapped.file = pk_profile_intern(dst, bytes, len);
  size_t suffix = strlen(loc.name_suffix);
  char *name = malloc(loc.name_len + suffix + 1);
  if (!name) return PK_NONE;
  memcpy(name, loc.name, loc.name_len);
  memcpy(name + loc.name_len, loc.name_suffix, suffix);
  mapped.name = pk_profile_intern(dst, name, loc.name_len + suffix);
  free(name);
  if (loc.file) {
    mapped.file = pk_profile_intern_cstr(dst, loc.file);
    mapped.line = loc.line;
    mapped.column = loc.column;
  }
  if (mapped.name == PK_NONE || mapped.file == PK_NONE || mapped.module == PK_NONE) return PK_NONE;
  const char *old_name = pk_profile_frame_name(src, id), *new_name = pk_profile_string(dst, mapped.name, NULL);
  *changed = mapped.line != f->line || mapped.column != f->column || strcmp(old_name, new_name) != 0 ||
             strcmp(pk_profile_string(src, f->file, NULL), pk_profile_string(dst, mapped.file, NULL)) != 0;
  return pk_profile_frame(dst, &mapped);
}

int pk_profile_apply_source_maps(pk_profile **out, const pk_profile *src, const pk_source_maps *maps,
                                 size_t *mapped, pk_error *err) {
  *out = NULL;
  if (mapped) *mapped = 0;
  size_t frames = pk_profile_frame_count(src), nodes = pk_profile_node_count(src);
  size_t types = pk_profile_type_count(src);
  pk_profile *dst = pk_profile_new();
  pk_id *frame_to = malloc((frames ? frames : 1) * sizeof *frame_to);
  pk_id *node_to = malloc((nodes ? nodes : 1) * sizeof *node_to);
  int rc = PK_OK;
  if (!dst || !frame_to || !node_to || pk_profile_copy_shape(dst, src) != PK_OK) rc = oom(err);
  size_t count = 0;
  for (size_t i = 0; rc == PK_OK && i < frames; i++) {
    bool changed;
    frame_to[i] = map_frame(dst, src, (pk_id)i, maps, &changed);
    if (frame_to[i] == PK_NONE) rc = oom(err);
    count += changed;
  }
  for (size_t id = 0; rc == PK_OK && id < nodes; id++) {
    const pk_node *n = pk_profile_node(src, (pk_id)id);
    node_to[id] = id == PK_ROOT ? PK_ROOT : pk_profile_child(dst, node_to[n->parent], frame_to[n->frame]);
    if (node_to[id] == PK_NONE) {
      rc = oom(err);
      break;
    }
    const int64_t *self = pk_profile_self(src, (pk_id)id);
    bool any = false;
    for (size_t t = 0; t < types; t++) any |= self[t] != 0;
    if (!any) continue;
    int added = pk_profile_add_self(dst, node_to[id], self);
    if (added == PK_ELIMIT)
      rc = pk_error_set(err, added, NULL, PK_NO_POSITION, PK_NO_POSITION, "value exceeds 2^63-1");
    else if (added != PK_OK)
      rc = oom(err);
  }
  const pk_event *events = pk_profile_events(src);
  for (size_t i = 0; rc == PK_OK && i < pk_profile_event_count(src); i++) {
    if (events[i].node >= nodes) continue;
    if (pk_profile_add_event(dst, node_to[events[i].node], events[i].time) != PK_OK) rc = oom(err);
  }
  if (rc == PK_OK) rc = pk_profile_finish(dst, err);
  free(frame_to);
  free(node_to);
  if (rc != PK_OK) {
    pk_profile_free(dst);
    return rc;
  }
  if (mapped) *mapped = count;
  *out = dst;
  return PK_OK;
}
