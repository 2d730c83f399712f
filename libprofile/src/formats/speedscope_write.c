/*
 * formats/speedscope_write.c - export a profile as a speedscope JSON file.
 *
 * Follows speedscope's file format schema
 * (https://www.speedscope.app/file-format-schema.json): shared.frames
 * holds one entry per model frame (name, file, line, col), and there is one
 * "sampled" profile per sample type whose samples are the call-tree nodes
 * with a positive self value (stack of frame indices, root first) weighted
 * by that value; endValue is the sum of those weights.  activeProfileIndex is the requested type, so
 * `speedscope file.json` opens on the same view as the flame graph.
 * Every string goes through pk_json_write_string (escaped, valid UTF-8).
 */
#include <stdlib.h>
#include <string.h>

#include "util/json_escape.h"
#include "formats/writers.h"

static const char *speedscope_unit(const char *unit) {
  static const char *known[] = {"nanoseconds", "microseconds", "milliseconds", "seconds", "bytes"};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(unit, known[i]) == 0) return known[i];
  return "none";
}

static void write_frames(const pk_profile *p, FILE *out) {
  size_t n = pk_profile_frame_count(p);
  fputs("\"shared\":{\"frames\":[", out);
  for (size_t f = 0; f < n; f++) {
    const pk_frame *fr = pk_profile_get_frame(p, (pk_id)f);
    size_t len;
    const char *name = pk_profile_string(p, fr->name, &len);
    fputs(f ? ",{\"name\":" : "{\"name\":", out);
    pk_json_write_string(out, name, len);
    if (fr->file) {
      const char *file = pk_profile_string(p, fr->file, &len);
      fputs(",\"file\":", out);
      pk_json_write_string(out, file, len);
    }
    if (fr->line) fprintf(out, ",\"line\":%d", fr->line);
    if (fr->column) fprintf(out, ",\"col\":%d", fr->column);
    fputc('}', out);
  }
  fputs("]}", out);
}

static void write_profile(const pk_profile *p, size_t t, pk_id *path, FILE *out) {
  pk_sample_type st = pk_profile_type(p, t);
  size_t len, n_nodes = pk_profile_node_count(p);
  fputs("{\"type\":\"sampled\",\"name\":", out);
  const char *type = pk_profile_string(p, st.type, &len);
  pk_json_write_string(out, type, len);
  int64_t end = 0; /* the sum of the weights written (delta profiles have negative values) */
  for (pk_id n = 1; n < n_nodes; n++) {
    int64_t v = pk_profile_self(p, n)[t];
    if (v > 0) end = v > INT64_MAX - end ? INT64_MAX : end + v;
  }
  fprintf(out, ",\"unit\":\"%s\",\"startValue\":0,\"endValue\":%lld,\"samples\":[",
          speedscope_unit(pk_profile_string(p, st.unit, NULL)), (long long)end);
  bool first = true;
  for (pk_id n = 1; n < n_nodes; n++) {
    if (pk_profile_self(p, n)[t] <= 0) continue;
    uint32_t depth = pk_profile_node(p, n)->depth;
    pk_profile_stack(p, n, path);
    fputs(first ? "[" : ",[", out);
    for (uint32_t i = 0; i < depth; i++) fprintf(out, i ? ",%u" : "%u", path[i]);
    fputc(']', out);
    first = false;
  }
  fputs("],\"weights\":[", out);
  first = true;
  for (pk_id n = 1; n < n_nodes; n++) {
    int64_t v = pk_profile_self(p, n)[t];
    if (v <= 0) continue;
    fprintf(out, first ? "%lld" : ",%lld", (long long)v);
    first = false;
  }
  fputs("]}", out);
}

int pk_speedscope_write(const pk_profile *p, size_t type, FILE *out, pk_error *err) {
  size_t n_nodes = pk_profile_node_count(p), n_types = pk_profile_type_count(p);
  uint32_t max_depth = 0;
  for (pk_id n = 0; n < n_nodes; n++)
    if (pk_profile_node(p, n)->depth > max_depth) max_depth = pk_profile_node(p, n)->depth;
  pk_id *path = malloc(((size_t)max_depth + 1) * sizeof *path);
  if (!path) return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  fputs("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\"exporter\":\"profkit\","
        "\"name\":\"profile\",",
        out);
  fprintf(out, "\"activeProfileIndex\":%zu,", type < n_types ? type : 0);
  write_frames(p, out);
  fputs(",\"profiles\":[", out);
  for (size_t t = 0; t < n_types; t++) {
    if (t) fputc(',', out);
    write_profile(p, t, path, out);
  }
  fputs("]}\n", out);
  free(path);
  if (ferror(out)) return pk_error_set(err, PK_EIO, NULL, PK_NO_POSITION, PK_NO_POSITION, "write error");
  return 0;
}
