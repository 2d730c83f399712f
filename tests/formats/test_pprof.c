/*
 * test_pprof.c - the pprof reader and writer on messages built here with
 * protobuf-c: frames (inlined lines, unsymbolized locations, kernel
 * mappings), default sample type, drop_frames, every broken reference
 * (string index, location, function, mapping, value count) as a clear
 * error, a 100,000-deep stack, and write -> read round trips.
 */
#include <zlib.h>

#include "fmt_helpers.h"
#include "profile.pb-c.h"
#include "profkit/writer.h"

typedef Perftools__Profiles__Profile pb_profile;

/* A small profile: main -> work (inlining helper) -> 0xADDR in libc. */
typedef struct fixture {
  pb_profile pb;
  ProtobufCBinaryData strings[16];
  Perftools__Profiles__ValueType types[2], *type_ptrs[2];
  Perftools__Profiles__Function funcs[3], *func_ptrs[3];
  Perftools__Profiles__Line lines[4], *line_ptrs[4];
  Perftools__Profiles__Location locs[3], *loc_ptrs[3];
  Perftools__Profiles__Mapping map, *map_ptr;
  Perftools__Profiles__Sample samples[2], *sample_ptrs[2];
  uint64_t ids0[3], ids1[2];
  int64_t vals0[2], vals1[2];
} fixture;

static const char *const STRINGS[] = {"", "samples", "count", "cpu", "nanoseconds", "main", "work",
                                      "helper", "/lib/libc.so.6", "main.go", "he.*"};

static void fixture_init(fixture *f) {
  memset(f, 0, sizeof *f);
  perftools__profiles__profile__init(&f->pb);
  size_t ns = sizeof STRINGS / sizeof STRINGS[0];
  for (size_t i = 0; i < ns; i++) f->strings[i] = (ProtobufCBinaryData){strlen(STRINGS[i]), (uint8_t *)STRINGS[i]};
  f->pb.string_table = f->strings;
  f->pb.n_string_table = ns;
  for (int i = 0; i < 2; i++) {
    perftools__profiles__value_type__init(&f->types[i]);
    f->types[i].type = 1 + 2 * i;
    f->types[i].unit = 2 + 2 * i;
    f->type_ptrs[i] = &f->types[i];
  }
  f->pb.sample_type = f->type_ptrs;
  f->pb.n_sample_type = 2;
  for (int i = 0; i < 3; i++) {
    perftools__profiles__function__init(&f->funcs[i]);
    f->funcs[i].id = 10 + i;
    f->funcs[i].name = 5 + i;
    f->funcs[i].filename = 9;
    f->func_ptrs[i] = &f->funcs[i];
  }
  f->pb.function = f->func_ptrs;
  f->pb.n_function = 3;
  perftools__profiles__mapping__init(&f->map);
  f->map.id = 1;
  f->map.memory_start = 0x1000;
  f->map.filename = 8;
  f->map_ptr = &f->map;
  f->pb.mapping = &f->map_ptr;
  f->pb.n_mapping = 1;
  for (int i = 0; i < 4; i++) {
    perftools__profiles__line__init(&f->lines[i]);
    f->line_ptrs[i] = &f->lines[i];
  }
  f->lines[0].function_id = 10; /* loc 100: main */
  f->lines[1].function_id = 12; /* loc 200: helper inlined into work */
  f->lines[2].function_id = 11;
  for (int i = 0; i < 3; i++) {
    perftools__profiles__location__init(&f->locs[i]);
    f->loc_ptrs[i] = &f->locs[i];
  }
  f->locs[0].id = 100;
  f->locs[0].line = &f->line_ptrs[0];
  f->locs[0].n_line = 1;
  f->locs[1].id = 200;
  f->locs[1].line = &f->line_ptrs[1];
  f->locs[1].n_line = 2;
  f->locs[2].id = 300; /* no lines: libc.so.6+0x234 */
  f->locs[2].mapping_id = 1;
  f->locs[2].address = 0x1234;
  f->pb.location = f->loc_ptrs;
  f->pb.n_location = 3;
  f->ids0[0] = 300, f->ids0[1] = 200, f->ids0[2] = 100;
  f->ids1[0] = 200, f->ids1[1] = 100;
  f->vals0[0] = 3, f->vals0[1] = 30;
  f->vals1[0] = 2, f->vals1[1] = 20;
  for (int i = 0; i < 2; i++) {
    perftools__profiles__sample__init(&f->samples[i]);
    f->sample_ptrs[i] = &f->samples[i];
    f->samples[i].n_value = 2;
  }
  f->samples[0].location_id = f->ids0;
  f->samples[0].n_location_id = 3;
  f->samples[0].value = f->vals0;
  f->samples[1].location_id = f->ids1;
  f->samples[1].n_location_id = 2;
  f->samples[1].value = f->vals1;
  f->pb.sample = f->sample_ptrs;
  f->pb.n_sample = 2;
}

/* Packs and parses (optionally gzip'd first); returns the profile or NULL. */
static pk_profile *parse_pb(const pb_profile *pb, pk_error *err) {
  size_t n = perftools__profiles__profile__get_packed_size(pb);
  uint8_t *buf = malloc(n + 1);
  perftools__profiles__profile__pack(pb, buf);
  pk_profile *p = fmt_parse((const char *)buf, n, NULL, err);
  free(buf);
  return p;
}

static void expect_error(const pb_profile *pb, const char *text) {
  pk_error err;
  pk_profile *p = parse_pb(pb, &err);
  CHECK(p == NULL);
  pk_profile_free(p);
  if (!strstr(err.message, text)) {
    fprintf(stderr, "want '%s', got '%s'\n", text, err.message);
    CHECK(!"error message");
  }
  /* element errors point into the message (string table errors may not) */
  if (!strstr(text, "string")) CHECK(err.offset != PK_NO_POSITION);
}

static void test_frames(void) {
  fixture f;
  fixture_init(&f);
  f.pb.default_sample_type = 1; /* "samples" */
  pk_error err;
  pk_profile *p = parse_pb(&f.pb, &err);
  CHECK(p != NULL);
  if (!p) {
    fprintf(stderr, "%s\n", err.message);
    return;
  }
  CHECK_STR(fmt_name(p), "pprof");
  CHECK_EQ_INT(pk_profile_default_type(p), 0);
  char *s = fmt_folded(p, 1);
  CHECK_STR(s, "main;work;helper_[i] 20\nmain;work;helper_[i];libc.so.6+0x234 30\n");
  free(s);
  pk_profile_free(p);

  f.pb.drop_frames = 10; /* "he.*": helper and its callees go, work stays */
  p = parse_pb(&f.pb, &err);
  CHECK(p != NULL);
  if (p) {
    s = fmt_folded(p, 0);
    CHECK_STR(s, "main;work 5\n");
    free(s);
    pk_profile_free(p);
  }
}

static void test_errors(void) {
  fixture f;
  fixture_init(&f);
  f.funcs[1].name = 99;
  expect_error(&f.pb, "function #1: string index 99 is outside the string table");
  fixture_init(&f);
  f.ids1[0] = 777;
  expect_error(&f.pb, "sample #1 names location 777, which does not exist");
  fixture_init(&f);
  f.lines[0].function_id = 55;
  expect_error(&f.pb, "location #0 names function 55, which does not exist");
  fixture_init(&f);
  f.locs[2].mapping_id = 9;
  expect_error(&f.pb, "location #2 names mapping 9, which does not exist");
  fixture_init(&f);
  f.samples[1].n_value = 1;
  expect_error(&f.pb, "sample #1 has 1 values, not one per sample type");
  fixture_init(&f);
  f.strings[0] = f.strings[1];
  expect_error(&f.pb, "string_table[0] must be the empty string");
  fixture_init(&f);
  f.locs[1].id = 100;
  expect_error(&f.pb, "location #1 repeats id 100");
  fixture_init(&f);
  f.types[1].unit = -3;
  expect_error(&f.pb, "sample_type #1: string index -3");
  /* a truncated message is a decoding error with a byte offset */
  fixture_init(&f);
  size_t n = perftools__profiles__profile__get_packed_size(&f.pb);
  uint8_t *buf = malloc(n);
  perftools__profiles__profile__pack(&f.pb, buf);
  pk_profile *p = NULL;
  pk_error err;
  CHECK(pk_parse_profile(&p, (const char *)buf, n - 3, "t.pb", NULL, &err) != PK_OK);
  CHECK(err.offset != PK_NO_POSITION && err.offset < n);
  CHECK(strstr(err.message, "invalid pprof protobuf (truncated field)") != NULL);
  free(buf);
}

static char *write_with(const char *writer, const pk_profile *p, size_t type, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  CHECK_EQ_INT(pk_writer_by_name(writer)->write(p, type, f, NULL), PK_OK);
  fclose(f);
  return buf;
}

static void test_round_trip(void) {
  const char *folded = "main;read_[k];vfs_read_[k] 5\nmain;jitted_[j] 2\nmain;work;inl_[i] 7\nmain 1\n";
  pk_error err;
  pk_profile *a = fmt_parse(folded, strlen(folded), NULL, &err);
  CHECK(a != NULL);
  if (!a) return;
  size_t len;
  char *pb = write_with("pprof", a, 0, &len);
  CHECK(len > 18 && (unsigned char)pb[0] == 0x1f && (unsigned char)pb[1] == 0x8b); /* gzip */
  /* gunzip and parse */
  uLongf out_len = 1 << 20;
  unsigned char *raw = malloc(out_len);
  z_stream z = {0};
  inflateInit2(&z, 31);
  z.next_in = (unsigned char *)pb;
  z.avail_in = (uInt)len;
  z.next_out = raw;
  z.avail_out = (uInt)out_len;
  CHECK_EQ_INT(inflate(&z, Z_FINISH), Z_STREAM_END);
  size_t raw_len = z.total_out;
  inflateEnd(&z);
  pb_profile *dec = perftools__profiles__profile__unpack(NULL, raw_len, raw);
  CHECK(dec != NULL);
  if (dec) {
    CHECK(dec->n_string_table > 0 && dec->string_table[0].len == 0);
    for (size_t i = 0; i < dec->n_location; i++) CHECK(dec->location[i]->id != 0);
    for (size_t i = 0; i < dec->n_function; i++) CHECK(dec->function[i]->id != 0);
    perftools__profiles__profile__free_unpacked(dec, NULL);
  }
  pk_profile *b = fmt_parse((const char *)raw, raw_len, NULL, &err);
  CHECK(b != NULL);
  if (b) {
    char *x = fmt_folded(a, 0), *y = fmt_folded(b, 0);
    CHECK_STR(y, x);
    free(x);
    free(y);
    pk_profile_free(b);
  }
  free(raw);
  free(pb);
  /* speedscope: valid structure with escaped names */
  const char *evil = "a\"b;c\\d;\x01\xff 3\n";
  pk_profile *e = fmt_parse(evil, strlen(evil), NULL, &err);
  CHECK(e != NULL);
  if (e) {
    char *js = write_with("speedscope", e, 0, &len);
    CHECK(strstr(js, "\"name\":\"a\\\"b\"") != NULL);
    CHECK(strstr(js, "\"name\":\"c\\\\d\"") != NULL);
    CHECK(strstr(js, "\"name\":\"\\u0001\\ufffd\"") != NULL);
    CHECK(strstr(js, "\"weights\":[3]") != NULL);
    free(js);
    pk_profile_free(e);
  }
  pk_profile_free(a);
}

static void test_deep(void) {
  enum { DEPTH = 100000 };
  fixture f;
  fixture_init(&f);
  uint64_t *ids = malloc(DEPTH * sizeof *ids);
  for (int i = 0; i < DEPTH; i++) ids[i] = 100 + 100 * (uint64_t)(i % 2); /* main/work alternating */
  f.samples[0].location_id = ids;
  f.samples[0].n_location_id = DEPTH;
  pk_error err;
  pk_profile *p = parse_pb(&f.pb, &err);
  CHECK(p != NULL);
  if (p) {
    uint32_t max_depth = 0;
    for (pk_id n = 0; n < pk_profile_node_count(p); n++)
      if (pk_profile_node(p, n)->depth > max_depth) max_depth = pk_profile_node(p, n)->depth;
    CHECK_EQ_INT(max_depth, DEPTH / 2 * 3); /* location 200 holds two frames */
    size_t len;
    char *pb = write_with("pprof", p, 0, &len);
    CHECK(len > 0);
    free(pb);
    pk_profile_free(p);
  }
  free(ids);
}

int main(void) {
  test_frames();
  test_errors();
  test_round_trip();
  test_deep();
  return pk_check_exit("test_pprof");
}
