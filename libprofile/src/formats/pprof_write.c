/*
 * formats/pprof_write.c - export a profile as gzip'd pprof (profile.proto).
 *
 * The model maps onto pprof's tables almost one to one:
 *   string table  = the model's strings (id 0 is "" in both), plus the
 *                   names of two pseudo-mappings appended at the end;
 *   function f+1  = frame f (name, file);
 *   location f+1  = frame f alone (one line, its address and mapping);
 *   sample        = one per call-tree node with a nonzero self value, all
 *                   columns, location ids leaf first.
 * An inlined frame shares a location with its caller (lines innermost
 * first), the way pprof expresses inlining, so reading the file back
 * gives the same frames; such multi-line locations are interned by their
 * frame sequence.  Kernel and JIT frames without a module get the
 * mappings "[kernel]" and "[jit]", which the reader turns back into frame
 * kinds.  The message is built with protobuf-c, packed, and gzip'd.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/grow.h"
#include "util/hash.h"
#include "util/hash_index.h"
#include "profile.pb-c.h"
#include "formats/writers.h"

typedef Perftools__Profiles__Profile pb_profile;
typedef Perftools__Profiles__Location pb_location;
typedef Perftools__Profiles__Line pb_line;

typedef struct seq_table {
  pk_id *frames;        /* concatenated sequences */
  size_t n_frames, cap_frames;
  uint32_t *start, *len;
  size_t n, cap;
  pk_idindex index;     /* sequences by hash */
} seq_table;

typedef struct writer {
  const pk_profile *p;
  size_t n_frames, n_strings;
  pb_location **locations;
  size_t n_locations, cap_locations;
  seq_table seqs;
  uint64_t *mapping_of_module;  /* string id -> mapping id, 0 = none */
  Perftools__Profiles__Mapping **mappings;
  size_t n_mappings;
  uint64_t kernel_mapping, jit_mapping;  /* pseudo-mappings, 0 if unused */
  uint64_t *sample_ids;  /* location ids of all samples */
  int64_t *sample_values;
} writer;

static pb_location *new_location(writer *w, uint64_t id, const pk_id *frames, size_t n);

/* The location id for frames[0..n) (leaf first, all but the last inlined). */
static int64_t location_for(writer *w, const pk_id *frames, size_t n) {
  if (n == 1) return (int64_t)frames[0] + 1;
  seq_table *t = &w->seqs;
  if (pk_idindex_reserve(&t->index)) return -1;
  uint32_t hash = (uint32_t)pk_hash_bytes(frames, n * sizeof *frames);
  size_t mask = t->index.slot_count - 1, h = hash & mask;
  for (; t->index.slots[h]; h = (h + 1) & mask) {
    if (PK_IDX_HASH(t->index.slots[h]) != hash) continue;
    uint32_t i = PK_IDX_ID(t->index.slots[h]);
    if (t->len[i] == n && memcmp(t->frames + t->start[i], frames, n * sizeof *frames) == 0)
      return (int64_t)(w->n_frames + 1 + i);
  }
  if (pk_grow((void **)&t->frames, &t->cap_frames, t->n_frames + n, sizeof *frames) ||
      pk_grow((void **)&t->start, &t->cap, t->n + 1, sizeof *t->start))
    return -1;
  size_t cap_len = t->cap;
  uint32_t *len = realloc(t->len, cap_len * sizeof *len);
  if (!len) return -1;
  t->len = len;
  memcpy(t->frames + t->n_frames, frames, n * sizeof *frames);
  t->start[t->n] = (uint32_t)t->n_frames;
  t->len[t->n] = (uint32_t)n;
  t->n_frames += n;
  pk_idindex_put(&t->index, h, hash, (uint32_t)t->n);
  uint64_t id = w->n_frames + 1 + t->n;
  t->n++;
  return new_location(w, id, frames, n) ? (int64_t)id : -1;
}

static uint64_t mapping_for(writer *w, const pk_frame *f) {
  if (f->module) return w->mapping_of_module[f->module];
  if (f->kind == PK_FRAME_KERNEL) return w->kernel_mapping;
  if (f->kind == PK_FRAME_JIT) return w->jit_mapping;
  return 0;
}

static pb_location *new_location(writer *w, uint64_t id, const pk_id *frames, size_t n) {
  if (pk_grow((void **)&w->locations, &w->cap_locations, w->n_locations + 1, sizeof *w->locations)) return NULL;
  pb_location *loc = malloc(sizeof *loc + n * (sizeof(pb_line *) + sizeof(pb_line)));
  if (!loc) return NULL;
  perftools__profiles__location__init(loc);
  pb_line **line_ptrs = (pb_line **)(loc + 1);
  pb_line *lines = (pb_line *)(line_ptrs + n);
  const pk_frame *outer = pk_profile_get_frame(w->p, frames[n - 1]);
  loc->id = id;
  loc->address = outer->address;
  loc->mapping_id = mapping_for(w, outer);
  loc->n_line = n;
  loc->line = line_ptrs;
  for (size_t i = 0; i < n; i++) {
    const pk_frame *f = pk_profile_get_frame(w->p, frames[i]);
    perftools__profiles__line__init(&lines[i]);
    lines[i].function_id = frames[i] + 1;
    lines[i].line = f->line;
    lines[i].column = f->column;
    line_ptrs[i] = &lines[i];
  }
  w->locations[w->n_locations++] = loc;
  return loc;
}

static int add_mappings(writer *w, pb_profile *pb, ProtobufCBinaryData *strings) {
  w->mapping_of_module = calloc(w->n_strings, sizeof *w->mapping_of_module);
  size_t n_modules = 0;
  if (!w->mapping_of_module) return PK_ENOMEM;
  bool kernel = false, jit = false;
  for (size_t f = 0; f < w->n_frames; f++) {
    const pk_frame *fr = pk_profile_get_frame(w->p, (pk_id)f);
    if (fr->module && !w->mapping_of_module[fr->module]) w->mapping_of_module[fr->module] = ++n_modules;
    kernel |= !fr->module && fr->kind == PK_FRAME_KERNEL;
    jit |= !fr->module && fr->kind == PK_FRAME_JIT;
  }
  /* module mappings first: pprof calls the first mapping the main binary */
  w->n_mappings = n_modules + kernel + jit;
  w->mappings = calloc(w->n_mappings + 1, sizeof *w->mappings + sizeof **w->mappings);
  if (!w->mappings) return PK_ENOMEM;
  Perftools__Profiles__Mapping *store = (Perftools__Profiles__Mapping *)(w->mappings + w->n_mappings + 1);
  for (size_t i = 0; i < w->n_mappings; i++) {
    perftools__profiles__mapping__init(&store[i]);
    store[i].id = i + 1;
    store[i].has_functions = true;
    w->mappings[i] = &store[i];
  }
  for (size_t s = 0; s < w->n_strings; s++)
    if (w->mapping_of_module[s]) w->mappings[w->mapping_of_module[s] - 1]->filename = (int64_t)s;
  static const char kernel_name[] = "[kernel]", jit_name[] = "[jit]";
  strings[w->n_strings] = (ProtobufCBinaryData){sizeof kernel_name - 1, (uint8_t *)kernel_name};
  strings[w->n_strings + 1] = (ProtobufCBinaryData){sizeof jit_name - 1, (uint8_t *)jit_name};
  size_t next = n_modules;
  if (kernel) {
    w->kernel_mapping = next + 1;
    w->mappings[next++]->filename = (int64_t)w->n_strings;
  }
  if (jit) {
    w->jit_mapping = next + 1;
    w->mappings[next++]->filename = (int64_t)w->n_strings + 1;
  }
  pb->mapping = w->mappings;
  pb->n_mapping = w->n_mappings;
  return 0;
}

/* Samples: one per node with a nonzero self value (the root's, an empty
 * stack, too). */
static int add_samples(writer *w, pb_profile *pb) {
  const pk_profile *p = w->p;
  size_t n_types = pk_profile_type_count(p), n_nodes = pk_profile_node_count(p);
  size_t n_samples = 0, n_ids = 0;
  uint32_t max_depth = 0;
  for (pk_id n = 0; n < n_nodes; n++) {
    const int64_t *self = pk_profile_self(p, n);
    bool any = false;
    for (size_t t = 0; t < n_types; t++) any |= self[t] != 0;
    if (!any) continue;
    uint32_t d = pk_profile_node(p, n)->depth;
    n_samples++;
    n_ids += d;
    if (d > max_depth) max_depth = d;
  }
  Perftools__Profiles__Sample **samples = calloc(n_samples ? n_samples : 1, sizeof *samples + sizeof **samples);
  uint64_t *ids = malloc((n_ids ? n_ids : 1) * sizeof *ids);
  int64_t *values = malloc((n_samples * n_types + 1) * sizeof *values);
  pk_id *path = malloc(((size_t)max_depth + 1) * sizeof *path);
  pb->sample = samples;
  pb->n_sample = n_samples;
  w->sample_ids = ids;
  w->sample_values = values;
  if (!samples || !ids || !values || !path) {
    free(path);
    return PK_ENOMEM;
  }
  Perftools__Profiles__Sample *store = (Perftools__Profiles__Sample *)(samples + n_samples);
  size_t k = 0, used = 0;
  int rc = 0;
  for (pk_id n = 0; n < n_nodes && !rc; n++) {
    const int64_t *self = pk_profile_self(p, n);
    bool any = false;
    for (size_t t = 0; t < n_types; t++) any |= self[t] != 0;
    if (!any) continue;
    Perftools__Profiles__Sample *s = &store[k];
    perftools__profiles__sample__init(s);
    samples[k] = s;
    memcpy(values + k * n_types, self, n_types * sizeof *values);
    s->value = values + k * n_types;
    s->n_value = n_types;
    s->location_id = ids + used;
    uint32_t depth = pk_profile_node(p, n)->depth;
    pk_profile_stack(p, n, path);
    /* leaf first; an inlined frame joins its caller's location */
    for (size_t end = depth; end > 0 && !rc;) {
      size_t start = end - 1; /* path[start] is the innermost of the group */
      size_t outer = start;
      while (outer > 0 && pk_profile_get_frame(p, path[outer])->kind == PK_FRAME_INLINED) outer--;
      pk_id group[64];
      size_t g = 0;
      if (end - outer > 64) outer = end - 64;
      for (size_t i = end; i-- > outer;) group[g++] = path[i];
      int64_t id = location_for(w, group, g);
      if (id < 0) rc = PK_ENOMEM;
      else ids[used + s->n_location_id++] = (uint64_t)id;
      end = outer;
    }
    used += s->n_location_id;
    k++;
  }
  free(path);
  return rc;
}

static int pack_gzip(const pb_profile *pb, FILE *out, pk_error *err) {
  size_t size = perftools__profiles__profile__get_packed_size(pb);
  uint8_t *buf = malloc(size ? size : 1);
  if (!buf) return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  perftools__profiles__profile__pack(pb, buf);
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    free(buf);
    return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "cannot start gzip");
  }
  unsigned char chunk[65536];
  z.next_in = buf;
  z.avail_in = (uInt)size; /* pprof files are far below 4 GiB */
  int zr;
  do {
    z.next_out = chunk;
    z.avail_out = sizeof chunk;
    zr = deflate(&z, Z_FINISH);
    fwrite(chunk, 1, sizeof chunk - z.avail_out, out);
  } while (zr == Z_OK);
  deflateEnd(&z);
  free(buf);
  if (zr != Z_STREAM_END || ferror(out))
    return pk_error_set(err, PK_EIO, NULL, PK_NO_POSITION, PK_NO_POSITION, "write error");
  return 0;
}

static int64_t to_nanos(const pk_profile *p, int64_t v) {
  const char *unit = pk_profile_string(p, pk_profile_meta_get(p)->time_unit, NULL);
  if (strcmp(unit, "nanoseconds") == 0) return v;
  if (strcmp(unit, "microseconds") == 0 && v < INT64_MAX / 1000 && v > INT64_MIN / 1000) return v * 1000;
  return 0;
}

/* time_nanos is wall-clock time since the epoch: only pprof input has it
 * (V8's startTime is a monotonic clock). */
static int64_t epoch_nanos(const pk_profile *p) {
  const pk_profile_meta *meta = pk_profile_meta_get(p);
  return strcmp(pk_profile_string(p, meta->format, NULL), "pprof") == 0 ? meta->time_start : 0;
}

int pk_pprof_write(const pk_profile *p, size_t type, FILE *out, pk_error *err) {
  writer w = {0};
  w.p = p;
  w.n_frames = pk_profile_frame_count(p);
  w.n_strings = pk_profile_string_count(p);
  pb_profile pb;
  perftools__profiles__profile__init(&pb);
  size_t n_types = pk_profile_type_count(p);
  ProtobufCBinaryData *strings = calloc(w.n_strings + 2, sizeof *strings);
  Perftools__Profiles__ValueType *types = calloc(n_types + 1, sizeof *types);
  Perftools__Profiles__ValueType **type_ptrs = calloc(n_types + 1, sizeof *type_ptrs);
  Perftools__Profiles__Function *funcs = calloc(w.n_frames + 1, sizeof *funcs);
  Perftools__Profiles__Function **func_ptrs = calloc(w.n_frames + 1, sizeof *func_ptrs);
  int rc = strings && types && type_ptrs && funcs && func_ptrs ? 0 : PK_ENOMEM;
  for (size_t i = 0; !rc && i < w.n_strings; i++) {
    size_t len;
    const char *s = pk_profile_string(p, (pk_id)i, &len);
    strings[i] = (ProtobufCBinaryData){len, (uint8_t *)s};
  }
  if (!rc) {
    pb.string_table = strings;
    pb.n_string_table = w.n_strings + 2;
    for (size_t t = 0; t < n_types; t++) {
      pk_sample_type st = pk_profile_type(p, t);
      perftools__profiles__value_type__init(&types[t]);
      types[t].type = st.type;
      types[t].unit = st.unit;
      type_ptrs[t] = &types[t];
    }
    pb.sample_type = type_ptrs;
    pb.n_sample_type = n_types;
    if (type < n_types) pb.default_sample_type = pk_profile_type(p, type).type;
    const pk_profile_meta *meta = pk_profile_meta_get(p);
    pb.period = meta->period;
    if (meta->period_type.type || meta->period_type.unit) {
      perftools__profiles__value_type__init(&types[n_types]);
      types[n_types].type = meta->period_type.type;
      types[n_types].unit = meta->period_type.unit;
      pb.period_type = &types[n_types];
    }
    pb.time_nanos = epoch_nanos(p);
    pb.duration_nanos = to_nanos(p, meta->duration);
    for (size_t f = 0; f < w.n_frames; f++) {
      const pk_frame *fr = pk_profile_get_frame(p, (pk_id)f);
      perftools__profiles__function__init(&funcs[f]);
      funcs[f].id = f + 1;
      funcs[f].name = funcs[f].system_name = fr->name;
      funcs[f].filename = fr->file;
      funcs[f].start_line = fr->line;
      func_ptrs[f] = &funcs[f];
    }
    pb.function = func_ptrs;
    pb.n_function = w.n_frames;
    rc = add_mappings(&w, &pb, strings);
  }
  for (size_t f = 0; !rc && f < w.n_frames; f++) {
    pk_id id = (pk_id)f;
    if (!new_location(&w, f + 1, &id, 1)) rc = PK_ENOMEM;
  }
  if (!rc) rc = add_samples(&w, &pb);
  if (!rc) {
    pb.location = w.locations;
    pb.n_location = w.n_locations;
    rc = pack_gzip(&pb, out, err);
  } else {
    rc = pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  free(pb.sample);
  free(w.sample_ids);
  free(w.sample_values);
  for (size_t i = 0; i < w.n_locations; i++) free(w.locations[i]);
  free(w.locations);
  free(w.seqs.frames);
  free(w.seqs.start);
  free(w.seqs.len);
  free(w.seqs.index.slots);
  free(w.mapping_of_module);
  free(w.mappings);
  free(strings);
  free(types);
  free(type_ptrs);
  free(funcs);
  free(func_ptrs);
  return rc;
}
