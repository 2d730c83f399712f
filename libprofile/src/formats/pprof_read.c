/*
 * formats/pprof_read.c - reader for pprof profiles (profile.proto, gzip or raw).
 *
 * protobuf-c decodes the message (generated from proto/profile.proto);
 * this file validates every cross reference before using it: string
 * indexes against the string table, location, function and mapping ids
 * through util/file_id_map.c, one value per sample type.  Each location is turned
 * into model frames once (its lines, innermost first: all but the last are
 * inlined frames; a location without lines becomes `module+0xOFFSET`), so
 * a sample costs one pass over its location ids.  drop_frames/keep_frames
 * prune stacks as pprof does (anchored regexps on function names; the
 * matched frame and its callees go).  Labels are not kept: the model has
 * no place for them yet.
 *
 * protobuf-c keeps no byte offsets, so the probe's wire walker (which
 * checks the top-level framing) is rerun to name the first broken field,
 * and semantic errors name the element (sample #i, ...) and the byte
 * where that element starts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file_id_map.h"
#include "util/bounded_regex.h"
#include "profile.pb-c.h"
#include "formats/readers.h"
#include "util/grow.h"

typedef Perftools__Profiles__Profile pb_profile;

/* ---- probe: walk the top-level fields ---- */

static bool read_varint(const uint8_t *b, size_t len, size_t *pos, uint64_t *out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64 && *pos < len; shift += 7) {
    uint8_t c = b[(*pos)++];
    v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) {
      *out = v;
      return true;
    }
  }
  return false;
}

/* Wire type each Profile field must have (packed scalars are length
 * delimited; comment may be either). */
static bool wire_ok(uint64_t field, unsigned wt) {
  switch (field) {
  case 1: case 2: case 3: case 4: case 5: case 6: case 11: case 15: return wt == 2;
  case 7: case 8: case 9: case 10: case 12: case 14: return wt == 0;
  case 13: return wt == 0 || wt == 2;
  default: return field > 15 && (wt == 0 || wt == 1 || wt == 2 || wt == 5);
  }
}

/* Returns the number of complete fields; *bad gets the offset where the
 * framing breaks (len if it does not), *truncated whether it breaks only
 * because the input ends inside a field. */
static size_t walk_fields(const uint8_t *b, size_t len, size_t *bad, bool *truncated) {
  size_t pos = 0, fields = 0;
  *truncated = false;
  while (pos < len) {
    size_t start = pos;
    uint64_t tag, v = 0;
    if (!read_varint(b, len, &pos, &tag) || tag >> 3 == 0 || !wire_ok(tag >> 3, tag & 7)) {
      *bad = start;
      return fields;
    }
    switch (tag & 7) {
    case 0:
      if (!read_varint(b, len, &pos, &v)) { *bad = start; return fields; }
      break;
    case 1: if (len - pos < 8) { *bad = start; return fields; } pos += 8; break;
    case 5: if (len - pos < 4) { *bad = start; return fields; } pos += 4; break;
    default:
      if (!read_varint(b, len, &pos, &v) || v > len - pos) {
        *truncated = pos >= len || v > len - pos;
        *bad = start;
        return fields;
      }
      pos += v;
    }
    fields++;
  }
  *bad = len;
  return fields;
}

bool pk_pprof_probe(const char *buf, size_t len) {
  size_t bad;
  bool truncated;
  size_t fields = walk_fields((const uint8_t *)buf, len, &bad, &truncated);
  /* a cut-off file is still recognised (after a few sound fields), so that
   * it fails as a truncated pprof rather than as an unknown format */
  return len > 0 && ((bad == len && fields >= 1) || (truncated && fields >= 3));
}

/* ---- conversion ---- */

typedef struct loc_frames {
  uint32_t start, count;  /* range in frames[], leaf first */
  bool prune, prune_beneath;
} loc_frames;

typedef struct pprof_reader {
  const uint8_t *buf;  /* the raw message, for error offsets */
  size_t len;
  pk_profile *p;
  const pb_profile *pb;
  const char *path;
  pk_error *err;
  pk_id *strings;  /* string index -> model string id */
  pk_id_index functions, locations, mappings;
  pk_id *frames;
  size_t n_frames, cap_frames;
  loc_frames *locs;
  pk_bounded_rx *drop, *keep;  /* NULL when absent or invalid */
} pprof_reader;

/* Byte offset of the index-th top-level field `field` (Profile.sample is
 * field 2, ...), found by walking the framing again: protobuf-c keeps no
 * positions, and errors must say where. */
static uint64_t field_offset(const uint8_t *b, size_t len, uint64_t field, size_t index) {
  size_t pos = 0;
  while (pos < len) {
    size_t start = pos;
    uint64_t tag, v = 0;
    if (!read_varint(b, len, &pos, &tag)) break;
    if (tag >> 3 == field && index-- == 0) return start;
    switch (tag & 7) {
    case 0: if (!read_varint(b, len, &pos, &v)) return PK_NO_POSITION; break;
    case 1: pos += 8; break;
    case 5: pos += 4; break;
    case 2: if (!read_varint(b, len, &pos, &v) || v > len - pos) return PK_NO_POSITION; pos += v; break;
    default: return PK_NO_POSITION;
    }
  }
  return PK_NO_POSITION;
}

static int fail(pprof_reader *r, int code, const char *fmt, const char *what, size_t i, long long v) {
  static const struct { const char *what; uint64_t field; } fields[] = {
      {"sample_type", 1}, {"sample", 2}, {"mapping", 3}, {"location", 4}, {"function", 5}, {"period_type", 11}};
  uint64_t offset = PK_NO_POSITION;
  for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
    if (strcmp(what, fields[k].what) == 0) offset = field_offset(r->buf, r->len, fields[k].field, i);
  char msg[300];
  snprintf(msg, sizeof msg, fmt, what, i, v);
  return pk_error_set(r->err, code, r->path, PK_NO_POSITION, offset, "%s", msg);
}

static int check_str(pprof_reader *r, int64_t idx, const char *what, size_t i, pk_id *out) {
  if (idx == 0 && r->pb->n_string_table == 0) {
    *out = 0;
    return 0;
  }
  if (idx < 0 || (uint64_t)idx >= r->pb->n_string_table)
    return fail(r, PK_EPARSE, "%s #%zu: string index %lld is outside the string table", what, i, (long long)idx);
  *out = r->strings[idx];
  return 0;
}

static int intern_strings(pprof_reader *r) {
  const pb_profile *pb = r->pb;
  if (pb->n_string_table > 0 && pb->string_table[0].len != 0)
    return pk_error_set(r->err, PK_EPARSE, r->path, PK_NO_POSITION, PK_NO_POSITION,
                        "string_table[0] must be the empty string");
  r->strings = malloc((pb->n_string_table ? pb->n_string_table : 1) * sizeof *r->strings);
  if (!r->strings) return PK_ENOMEM;
  for (size_t i = 0; i < pb->n_string_table; i++) {
    const ProtobufCBinaryData *b = &pb->string_table[i];
    r->strings[i] = pk_profile_intern(r->p, b->len ? (const char *)b->data : "", b->len); /* empty: data NULL */
    if (r->strings[i] == PK_NONE) return PK_ENOMEM;
  }
  return 0;
}

static int index_ids(pprof_reader *r, pk_id_index *ix, size_t n, uint64_t (*id_of)(const pb_profile *, size_t),
                     const char *what) {
  pk_id_pair *pairs = malloc((n ? n : 1) * sizeof *pairs);
  if (!pairs) return PK_ENOMEM;
  /* id 0 means "none" and cannot be referenced.  .NET's exporter writes 0
   * for every function and refers to them by position (1-based): when no
   * entry has an id, positions are the ids. */
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (id_of(r->pb, i) != 0) pairs[k++] = (pk_id_pair){id_of(r->pb, i), (uint32_t)i};
  if (k == 0)
    for (; k < n; k++) pairs[k] = (pk_id_pair){k + 1, (uint32_t)k};
  size_t dups;
  uint32_t first;
  if (pk_id_index_build(ix, pairs, k, &dups, &first)) return PK_ENOMEM;
  if (dups) return fail(r, PK_EPARSE, "%s #%zu repeats id %lld", what, first, (long long)id_of(r->pb, first));
  return 0;
}

static uint64_t function_id(const pb_profile *pb, size_t i) { return pb->function[i]->id; }
static uint64_t location_id(const pb_profile *pb, size_t i) { return pb->location[i]->id; }
static uint64_t mapping_id(const pb_profile *pb, size_t i) { return pb->mapping[i]->id; }

static bool ends_with(const char *s, size_t n, const char *suffix) {
  size_t m = strlen(suffix);
  return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Kernel and JIT mappings (perf-derived profiles) keep their frame kind. */
static pk_frame_kind mapping_kind(const char *name, size_t n) {
  if ((n > 7 && memcmp(name, "[kernel", 7) == 0) || ends_with(name, n, "vmlinux")) return PK_FRAME_KERNEL;
  if ((n == 5 && memcmp(name, "[jit]", 5) == 0) || (strstr(name, "/tmp/perf-") && ends_with(name, n, ".map")))
    return PK_FRAME_JIT;
  return PK_FRAME_PLAIN;
}

static int push_frame(pprof_reader *r, pk_id frame) {
  if (frame == PK_NONE) return PK_ENOMEM;
  if (PK_GROW(r->frames, r->cap_frames, r->n_frames + 1) != 0) return PK_ENOMEM;
  r->frames[r->n_frames++] = frame;
  return 0;
}

/* 1 if the frame name matches rx, 0 if not or rx is NULL, or an error
 * naming the field when the match exceeds its bounds. */
static int matches(pprof_reader *r, pk_bounded_rx *rx, const char *field, pk_id name) {
  if (!rx) return 0;
  size_t n;
  const char *text = pk_profile_string(r->p, name, &n);
  int m = pk_bounded_rx_match(rx, text, n);
  if (m >= 0) return m;
  return pk_error_set(r->err, PK_ELIMIT, r->path, PK_NO_POSITION, PK_NO_POSITION,
                      "%s: matching a frame name exceeds the pattern's work bound", field);
}

static int location_to_frames(pprof_reader *r, size_t li) {
  const Perftools__Profiles__Location *loc = r->pb->location[li];
  pk_frame base = {0}; /* function granularity: no address, the function's start line */
  pk_frame_kind kind = PK_FRAME_PLAIN;
  const Perftools__Profiles__Mapping *map = NULL;
  if (loc->mapping_id) {
    uint32_t mi = pk_id_index_find(&r->mappings, loc->mapping_id);
    if (mi == PK_ID_ABSENT)
      return fail(r, PK_EPARSE, "%s #%zu names mapping %lld, which does not exist", "location", li,
                  (long long)loc->mapping_id);
    map = r->pb->mapping[mi];
    int rc = check_str(r, map->filename, "mapping", mi, &base.module);
    if (rc) return rc;
    size_t n;
    const char *mname = pk_profile_string(r->p, base.module, &n);
    kind = mapping_kind(mname, n);
  }
  loc_frames *lf = &r->locs[li];
  lf->start = (uint32_t)r->n_frames;
  int drop_at = -1;
  for (size_t j = 0; j < loc->n_line; j++) {
    const Perftools__Profiles__Line *ln = loc->line[j];
    pk_frame f = base;
    f.kind = (uint8_t)(j + 1 < loc->n_line ? PK_FRAME_INLINED : kind);
    f.column = ln->column > 0 && ln->column < INT32_MAX ? (int32_t)ln->column : 0;
    if (ln->function_id) {
      uint32_t fi = pk_id_index_find(&r->functions, ln->function_id);
      if (fi == PK_ID_ABSENT)
        return fail(r, PK_EPARSE, "%s #%zu names function %lld, which does not exist", "location", li,
                    (long long)ln->function_id);
      const Perftools__Profiles__Function *fn = r->pb->function[fi];
      pk_id sys = 0;
      int rc = check_str(r, fn->name, "function", fi, &f.name);
      if (!rc) rc = check_str(r, fn->system_name, "function", fi, &sys);
      if (!rc) rc = check_str(r, fn->filename, "function", fi, &f.file);
      if (rc) return rc;
      if (f.name == 0) f.name = sys;
      f.line = fn->start_line > 0 && fn->start_line < INT32_MAX ? (int32_t)fn->start_line : 0;
    }
    if (f.name == 0) continue; /* no symbol on this line: the address names it below */
    int drop = matches(r, r->drop, "drop_frames", f.name);
    int keep = drop > 0 ? matches(r, r->keep, "keep_frames", f.name) : 0;
    if (drop < 0 || keep < 0) return drop < 0 ? drop : keep;
    if (drop && !keep) drop_at = (int)(r->n_frames - lf->start);
    int rc = push_frame(r, pk_profile_frame(r->p, &f));
    if (rc) return rc;
  }
  if (r->n_frames == lf->start) { /* unsymbolized */
    char name[600];
    size_t n = 0;
    const char *mname = map ? pk_profile_string(r->p, base.module, &n) : "";
    for (size_t k = n; k-- > 0;)
      if (mname[k] == '/') {
        mname += k + 1;
        n -= k + 1;
        break;
      }
    if (n > 0 && map && loc->address >= map->memory_start)
      snprintf(name, sizeof name, "%.*s+0x%llx", (int)(n > 500 ? 500 : n), mname,
               (unsigned long long)(loc->address - map->memory_start + map->file_offset));
    else
      snprintf(name, sizeof name, "0x%llx", (unsigned long long)loc->address);
    pk_frame f = base;
    f.kind = (uint8_t)kind;
    f.address = loc->address;
    f.name = pk_profile_intern_cstr(r->p, name);
    int rc = f.name == PK_NONE ? PK_ENOMEM : push_frame(r, pk_profile_frame(r->p, &f));
    if (rc) return rc;
  }
  lf->count = (uint32_t)(r->n_frames - lf->start);
  if (drop_at >= 0) { /* pprof's Prune: the match and its inlined callees go */
    lf->prune_beneath = true;
    lf->prune = (size_t)drop_at + 1 == lf->count;
    lf->start += (uint32_t)drop_at + 1;
    lf->count -= (uint32_t)drop_at + 1;
  }
  return 0;
}

/* drop_frames/keep_frames are compiled under bounded_regex.h's bounds; one
 * past them is an error naming the field; an invalid one is ignored, as
 * before (the profile stays readable, unpruned). */
static int compile_rx(pprof_reader *r, int64_t idx, const char *field, pk_bounded_rx **rx) {
  pk_id s = 0;
  int rc = check_str(r, idx, field, 0, &s);
  if (rc || s == 0) return rc;
  size_t n;
  const char *text = pk_profile_string(r->p, s, &n);
  char why[256];
  pk_rx_status st = pk_bounded_rx_compile(rx, text, n, why, sizeof why);
  if (st == PK_RX_NOMEM) return PK_ENOMEM;
  if (st == PK_RX_TOO_BIG) /* Profile.drop_frames is field 7, keep_frames 8 */
    return pk_error_set(r->err, PK_ELIMIT, r->path, PK_NO_POSITION,
                        field_offset(r->buf, r->len, strcmp(field, "drop_frames") == 0 ? 7 : 8, 0),
                        "%s: pattern refused: %s", field, why);
  return 0;
}

static int add_samples(pprof_reader *r) {
  const pb_profile *pb = r->pb;
  pk_id *stack = NULL;
  size_t cap = 0;
  int rc = 0;
  for (size_t i = 0; i < pb->n_sample && !rc; i++) {
    const Perftools__Profiles__Sample *s = pb->sample[i];
    if (s->n_value != pb->n_sample_type) {
      rc = fail(r, PK_EPARSE, "%s #%zu has %lld values, not one per sample type", "sample", i, (long long)s->n_value);
      break;
    }
    /* root-first: walk location ids from the last (root) to the first (leaf) */
    size_t n = 0;
    bool found_user = false;
    size_t keep_from = 0; /* locations [keep_from, n_location) survive pruning */
    for (size_t k = s->n_location_id; k-- > 0;) {
      uint32_t li = pk_id_index_find(&r->locations, s->location_id[k]);
      if (li == PK_ID_ABSENT) {
        rc = fail(r, PK_EPARSE, "%s #%zu names location %lld, which does not exist", "sample", i,
                  (long long)s->location_id[k]);
        break;
      }
      const loc_frames *lf = &r->locs[li];
      if (!lf->prune && !lf->prune_beneath) {
        found_user = true;
      } else if (found_user) {
        keep_from = lf->prune ? k + 1 : k;
        break;
      }
    }
    if (rc) break;
    for (size_t k = s->n_location_id; k-- > keep_from;) {
      const loc_frames *lf = &r->locs[pk_id_index_find(&r->locations, s->location_id[k])];
      if (PK_GROW(stack, cap, n + lf->count) != 0) {
        rc = PK_ENOMEM;
        break;
      }
      for (uint32_t j = lf->count; j-- > 0;) stack[n++] = r->frames[lf->start + j];
    }
    if (!rc && (rc = pk_profile_add_stack(r->p, stack, n, s->value, NULL)) == PK_ELIMIT)
      rc = pk_error_set(r->err, rc, r->path, PK_NO_POSITION, PK_NO_POSITION, "sample #%zu: values overflow 64 bits", i);
  }
  free(stack);
  return rc;
}

static int convert(pprof_reader *r) {
  const pb_profile *pb = r->pb;
  pk_profile *p = r->p;
  int rc = intern_strings(r);
  for (size_t i = 0; i < pb->n_sample_type && !rc; i++) {
    pk_id type = 0, unit = 0;
    if ((rc = check_str(r, pb->sample_type[i]->type, "sample_type", i, &type)) ||
        (rc = check_str(r, pb->sample_type[i]->unit, "sample_type", i, &unit)))
      break;
    char *t = strdup(pk_profile_string(p, type, NULL)), *u = strdup(pk_profile_string(p, unit, NULL));
    if (!t || !u || pk_profile_add_sample_type(p, t, u) < 0) rc = PK_ENOMEM;
    free(t);
    free(u);
  }
  if (rc) return rc;
  if (pb->n_sample_type == 0)
    return pk_error_set(r->err, PK_EPARSE, r->path, PK_NO_POSITION, PK_NO_POSITION, "pprof profile has no sample types");
  pk_profile_meta *meta = pk_profile_meta_of(p);
  meta->format = pk_profile_intern_cstr(p, "pprof");
  meta->period = pb->period;
  meta->time_start = pb->time_nanos;
  meta->duration = pb->duration_nanos;
  meta->time_unit = pk_profile_intern_cstr(p, "nanoseconds");
  if (pb->period_type && ((rc = check_str(r, pb->period_type->type, "period_type", 0, &meta->period_type.type)) ||
                          (rc = check_str(r, pb->period_type->unit, "period_type", 0, &meta->period_type.unit))))
    return rc;
  if (pb->default_sample_type) {
    pk_id name = 0;
    if ((rc = check_str(r, pb->default_sample_type, "default_sample_type", 0, &name))) return rc;
    for (size_t i = 0; i < pb->n_sample_type; i++)
      if (r->strings[pb->sample_type[i]->type] == name) meta->default_type = (int)i;
  }
  if ((rc = compile_rx(r, pb->drop_frames, "drop_frames", &r->drop)) ||
      (rc = compile_rx(r, pb->keep_frames, "keep_frames", &r->keep)))
    return rc;
  if ((rc = index_ids(r, &r->functions, pb->n_function, function_id, "function")) ||
      (rc = index_ids(r, &r->locations, pb->n_location, location_id, "location")) ||
      (rc = index_ids(r, &r->mappings, pb->n_mapping, mapping_id, "mapping")))
    return rc;
  r->locs = calloc(pb->n_location ? pb->n_location : 1, sizeof *r->locs);
  if (!r->locs) return PK_ENOMEM;
  for (size_t i = 0; i < pb->n_location && !rc; i++) rc = location_to_frames(r, i);
  if (!rc) rc = add_samples(r);
  return rc;
}

int pk_pprof_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                   pk_error *err) {
  pb_profile *pb = perftools__profiles__profile__unpack(NULL, len, (const uint8_t *)buf);
  if (!pb) {
    size_t bad;
    bool truncated;
    walk_fields((const uint8_t *)buf, len, &bad, &truncated);
    if (bad < len)
      return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, bad, "invalid pprof protobuf (%s field)",
                          truncated ? "truncated" : "corrupt");
    return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                        "invalid pprof protobuf (a nested message is corrupt or truncated)");
  }
  pprof_reader r = {0};
  r.buf = (const uint8_t *)buf;
  r.len = len;
  r.p = p;
  r.pb = pb;
  r.path = path;
  r.err = err;
  int rc = convert(&r);
  if (rc == PK_ENOMEM) rc = pk_error_set(err, rc, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  pk_bounded_rx_free(r.drop);
  pk_bounded_rx_free(r.keep);
  pk_id_index_free(&r.functions);
  pk_id_index_free(&r.locations);
  pk_id_index_free(&r.mappings);
  free(r.strings);
  free(r.frames);
  free(r.locs);
  perftools__profiles__profile__free_unpacked(pb, NULL);
  return rc;
}
