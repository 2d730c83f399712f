/*
 * model/dump.c - a profile as canonical text, for golden tests (see
 * pk_profile_dump in profile.h).
 *
 * Everything the model holds, in id order, one record a line: meta, sample
 * types, frames, nodes (parent, depth, frame, self and total per type) and
 * events.  Strings are JSON-quoted (util/json_escape), so any name prints on
 * one line as valid UTF-8.  Like the .string files of pprof's testdata, a diff of
 * two dumps says what a reader now builds differently.
 */
#include <inttypes.h>
#include <string.h>

#include "profkit/profile.h"
#include "util/json_escape.h"

static void str(FILE *out, const pk_profile *p, pk_id id) {
  size_t len;
  const char *s = pk_profile_string(p, id, &len);
  fputc(' ', out);
  pk_json_write_string(out, s, len);
}

static void values(FILE *out, const char *what, const int64_t *v, size_t n) {
  fprintf(out, " %s", what);
  for (size_t t = 0; t < n; t++) fprintf(out, " %" PRId64, v[t]);
}

int pk_profile_dump(FILE *out, const pk_profile *p) {
  const pk_profile_meta *m = pk_profile_meta_get(p);
  size_t types = pk_profile_type_count(p);
  fputs("format", out);
  str(out, p, m->format);
  fprintf(out, "\nperiod %" PRId64, m->period);
  str(out, p, m->period_type.type);
  str(out, p, m->period_type.unit);
  fprintf(out, "\ntime start %" PRId64 " duration %" PRId64 " unit", m->time_start, m->duration);
  str(out, p, m->time_unit);
  fprintf(out, "\nsample_types %zu default %zu\n", types, pk_profile_default_type(p));
  for (size_t t = 0; t < types; t++) {
    pk_sample_type st = pk_profile_type(p, t);
    fprintf(out, "type %zu", t);
    str(out, p, st.type);
    str(out, p, st.unit);
    fputc('\n', out);
  }
  static const char *const kinds[] = {"plain", "kernel", "jit", "inlined", "waker"};
  size_t frames = pk_profile_frame_count(p);
  fprintf(out, "frames %zu\n", frames);
  for (pk_id f = 0; f < frames; f++) {
    const pk_frame *fr = pk_profile_get_frame(p, f);
    fprintf(out, "frame %" PRIu32 " %s", f, fr->kind < 5 ? kinds[fr->kind] : "?");
    str(out, p, fr->name);
    fputs(" file", out);
    str(out, p, fr->file);
    fprintf(out, " line %" PRId32 " column %" PRId32 " module", fr->line, fr->column);
    str(out, p, fr->module);
    fprintf(out, " address 0x%" PRIx64 "\n", fr->address);
  }
  size_t nodes = pk_profile_node_count(p);
  fprintf(out, "nodes %zu\n", nodes);
  for (pk_id n = 0; n < nodes; n++) {
    const pk_node *node = pk_profile_node(p, n);
    fprintf(out, "node %" PRIu32 " parent %" PRId64 " depth %" PRIu32 " frame %" PRIu32, n,
            node->parent == PK_NONE ? (int64_t)-1 : (int64_t)node->parent, node->depth, node->frame);
    values(out, "self", pk_profile_self(p, n), types);
    if (pk_profile_is_finished(p)) values(out, "total", pk_profile_total(p, n), types);
    fputc('\n', out);
  }
  size_t events = pk_profile_event_count(p);
  const pk_event *ev = pk_profile_events(p);
  fprintf(out, "events %zu\n", events);
  for (size_t i = 0; i < events; i++) {
    pk_event e;
    memcpy(&e, &ev[i], sizeof e);
    fprintf(out, "event %" PRIu32 " %" PRId64 "\n", e.node, e.time);
  }
  return ferror(out) ? PK_EIO : PK_OK;
}
