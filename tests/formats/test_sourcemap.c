/*
 * test_sourcemap.c - source maps: the base64 VLQ decoder (every value shape
 * round-trips, hostile digits are refused without overflow), the map
 * decoder (generated maps of random shape checked against a brute-force
 * lookup; index maps; sourceRoot; hostile maps give a clear error naming
 * the map and the byte), speedscope's naming rules, and the profile
 * rewrite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "profkit/sourcemap.h"
#include "sourcemap/sourcemap_internal.h"
#include "util/base64.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rng(void) {
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(rng_state >> 33);
}

static int round_trip(int32_t v) {
  char buf[16];
  size_t n = pk_vlq_encode(v, buf), pos = 0;
  int32_t back = 0;
  int rc = pk_vlq_decode(buf, n, &pos, &back);
  return rc == PK_VLQ_OK && pos == n && back == v;
}

static void test_base64_table(void) {
  const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t bad = 0;
  for (int c = 0; c < 256; c++) {
    const char *at = c ? strchr(alphabet, c) : NULL;
    int want = at ? (int)(at - alphabet) : -1;
    bad += pk_base64_digit((unsigned char)c) != want;
    if (want >= 0) bad += pk_base64_char((unsigned)want) != (char)c;
  }
  CHECK_EQ_INT(bad, 0);
  unsigned char out[16];
  size_t where = 0;
  CHECK_EQ_INT(pk_base64_decode("eyJhIjoxfQ==", 12, out, &where), 7);
  CHECK(memcmp(out, "{\"a\":1}", 7) == 0);
  CHECK_EQ_INT(pk_base64_decode("eyJh*", 5, out, &where), -1);
  CHECK_EQ_INT(where, 4);
  CHECK_EQ_INT(pk_base64_decode("eQ===", 5, out, &where), -1);
}

static void test_vlq_round_trip(void) {
  size_t bad = 0;
  for (int32_t v = -100000; v <= 100000; v++) bad += !round_trip(v);
  for (int k = 0; k <= 31; k++) {
    int64_t p = (int64_t)1 << k;
    int64_t around[] = {p - 1, p, p + 1, -(p - 1), -p, -(p + 1)};
    for (size_t i = 0; i < 6; i++)
      if (around[i] >= -INT32_MAX && around[i] <= INT32_MAX) bad += !round_trip((int32_t)around[i]);
  }
  bad += !round_trip(INT32_MAX) + !round_trip(-INT32_MAX);
  for (int i = 0; i < 1000000; i++) {
    int32_t v = (int32_t)(rng() & 0x7fffffff);
    bad += !round_trip(i & 1 ? -v : v);
  }
  CHECK_EQ_INT(bad, 0);
  char buf[16];
  CHECK_EQ_INT(pk_vlq_encode(0, buf), 1);
  CHECK(buf[0] == 'A');
  CHECK_EQ_INT(pk_vlq_encode(16, buf), 2); /* 32 = "gB" */
  CHECK(memcmp(buf, "gB", 2) == 0);
  CHECK_EQ_INT(pk_vlq_encode(-1, buf), 1);
  CHECK(buf[0] == 'D');
  CHECK_EQ_INT(pk_vlq_encode(INT32_MAX, buf), 7);
}

static int decode(const char *text, int32_t *v, size_t *pos) {
  *pos = 0;
  return pk_vlq_decode(text, strlen(text), pos, v);
}

static void test_vlq_hostile(void) {
  int32_t v;
  size_t pos;
  CHECK_EQ_INT(decode("", &v, &pos), PK_VLQ_TRUNCATED);
  CHECK_EQ_INT(decode("g", &v, &pos), PK_VLQ_TRUNCATED);
  CHECK_EQ_INT(pos, 1);
  CHECK_EQ_INT(decode("gg,A", &v, &pos), PK_VLQ_TRUNCATED);
  CHECK_EQ_INT(pos, 2);
  CHECK_EQ_INT(decode("g;", &v, &pos), PK_VLQ_TRUNCATED);
  CHECK_EQ_INT(decode("!", &v, &pos), PK_VLQ_BAD_DIGIT);
  CHECK_EQ_INT(decode("g=", &v, &pos), PK_VLQ_BAD_DIGIT);
  CHECK_EQ_INT(pos, 1);
  /* 2^31 as magnitude (INT32_MIN's) and anything longer: too large. */
  CHECK_EQ_INT(decode("gggggggE", &v, &pos), PK_VLQ_TOO_LARGE);
  CHECK_EQ_INT(decode("ggggggE", &v, &pos), PK_VLQ_TOO_LARGE);
  CHECK_EQ_INT(decode("ggggggF", &v, &pos), PK_VLQ_TOO_LARGE);
  CHECK_EQ_INT(decode("//////D", &v, &pos), PK_VLQ_OK); /* 2^32 - 1: -(2^31 - 1) */
  CHECK_EQ_INT(v, -INT32_MAX);
  /* A thousand continuation digits: past 64 bits, refused at the 7th. */
  char *endless = malloc(1001);
  memset(endless, '/', 1000);
  endless[1000] = '\0';
  CHECK_EQ_INT(decode(endless, &v, &pos), PK_VLQ_TOO_LARGE);
  CHECK_EQ_INT(pos, 6);
  free(endless);
}

/* ---- maps ---- */

typedef struct seg {
  int32_t line, column, source, orig_line, orig_column, name; /* source/name -1: absent */
} seg;

/* A v3 map JSON of the segments (sorted by line, then column). */
static char *map_json(const seg *s, size_t n, int sources, int names, const char *extra) {
  size_t cap = 256 + n * 40 + (size_t)(sources + names) * 16 + strlen(extra);
  char *out = malloc(cap);
  size_t at = (size_t)snprintf(out, cap, "{\"version\":3,%s\"sources\":[", extra);
  for (int i = 0; i < sources; i++) at += (size_t)snprintf(out + at, cap - at, "%s\"s%d.ts\"", i ? "," : "", i);
  at += (size_t)snprintf(out + at, cap - at, "],\"names\":[");
  for (int i = 0; i < names; i++) at += (size_t)snprintf(out + at, cap - at, "%s\"n%d\"", i ? "," : "", i);
  at += (size_t)snprintf(out + at, cap - at, "],\"mappings\":\"");
  int32_t line = 0, column = 0, source = 0, ol = 0, oc = 0, name = 0;
  for (size_t i = 0; i < n; i++) {
    while (line < s[i].line) out[at++] = ';', line++, column = 0;
    if (i && s[i - 1].line == line) out[at++] = ',';
    at += pk_vlq_encode(s[i].column - column, out + at);
    column = s[i].column;
    if (s[i].source >= 0) {
      at += pk_vlq_encode(s[i].source - source, out + at);
      at += pk_vlq_encode(s[i].orig_line - ol, out + at);
      at += pk_vlq_encode(s[i].orig_column - oc, out + at);
      source = s[i].source, ol = s[i].orig_line, oc = s[i].orig_column;
      if (s[i].name >= 0) {
        at += pk_vlq_encode(s[i].name - name, out + at);
        name = s[i].name;
      }
    }
  }
  snprintf(out + at, cap - at, "\"}");
  return out;
}

/* speedscope's rule by brute force: the last segment strictly before
 * (line, column) 1-based, when some segment is at or after it; else the
 * last one; none when the first is already at or after it. */
static long brute(const seg *s, size_t n, int32_t line, int32_t column) {
  size_t first_after = n;
  for (size_t i = 0; i < n; i++)
    if (s[i].line > line - 1 || (s[i].line == line - 1 && s[i].column >= column - 1)) {
      first_after = i;
      break;
    }
  if (n == 0 || first_after == 0) return -1;
  return (long)first_after - 1;
}

static void test_generated_maps(void) {
  size_t wrong = 0, lookups = 0;
  for (int round = 0; round < 300; round++) {
    size_t n = rng() % 60;
    int sources = 1 + (int)(rng() % 4), names = (int)(rng() % 5);
    seg *s = calloc(n + 1, sizeof *s);
    int32_t line = 0, column = 0;
    for (size_t i = 0; i < n; i++) {
      if (rng() % 4 == 0) line += 1 + (int32_t)(rng() % 3), column = 0;
      column += (i && s[i - 1].line == line ? 1 : 0) + (int32_t)(rng() % 20);
      s[i].line = line, s[i].column = column;
      s[i].source = rng() % 5 == 0 ? -1 : (int32_t)(rng() % (uint32_t)sources);
      s[i].orig_line = (int32_t)(rng() % 100), s[i].orig_column = (int32_t)(rng() % 80);
      s[i].name = s[i].source >= 0 && names && rng() % 2 ? (int32_t)(rng() % (uint32_t)names) : -1;
    }
    char *json = map_json(s, n, sources, names, "\"file\":\"bundle.js\",");
    pk_source_maps *maps = pk_source_maps_new();
    pk_error err;
    pk_error_clear(&err);
    int rc = pk_source_maps_add_buffer(maps, "gen.js.map", NULL, json, strlen(json), &err);
    CHECK_EQ_INT(rc, PK_OK);
    for (int q = 0; rc == PK_OK && q < 40; q++) {
      int32_t qline = 1 + (int32_t)(rng() % (uint32_t)(line + 3)), qcol = 1 + (int32_t)(rng() % (uint32_t)(column + 5));
      pk_source_location loc;
      bool found = pk_source_maps_lookup(&loc, maps, "http://x/app/bundle.js?v=1", "zz", qline, qcol);
      long want = brute(s, n, qline, qcol);
      lookups++;
      if (found != (want >= 0)) {
        wrong++;
        continue;
      }
      if (!found) continue;
      const seg *w = &s[want];
      char expect_file[16], expect_name[16];
      snprintf(expect_file, sizeof expect_file, "s%d.ts", w->source);
      snprintf(expect_name, sizeof expect_name, "n%d", w->name);
      bool ok = w->source < 0 ? loc.file == NULL
                              : loc.file && strcmp(loc.file, expect_file) == 0 && loc.line == w->orig_line + 1 &&
                                    loc.column == w->orig_column + 1;
      if (w->name >= 0) ok = ok && loc.name_len == strlen(expect_name) && memcmp(loc.name, expect_name, loc.name_len) == 0;
      else ok = ok && loc.name_len == 2 && memcmp(loc.name, "zz", 2) == 0;
      wrong += !ok;
    }
    /* A frame of another file is not mapped. */
    pk_source_location loc;
    CHECK(!pk_source_maps_lookup(&loc, maps, "http://x/app/other.js", "zz", 1, 100));
    pk_source_maps_free(maps);
    free(json);
    free(s);
  }
  CHECK(lookups > 5000);
  CHECK_EQ_INT(wrong, 0);
}

/* The map fails with PK_EPARSE naming path and `offset`, and a message
 * holding `words`. */
static void expect_refused(const char *json, long offset, const char *words) {
  pk_source_maps *maps = pk_source_maps_new();
  pk_error err;
  pk_error_clear(&err);
  int rc = pk_source_maps_add_buffer(maps, "dist/app.js.map", NULL, json, strlen(json), &err);
  CHECK_EQ_INT(rc, PK_EPARSE);
  CHECK_STR(err.path, "dist/app.js.map");
  if (offset >= 0 && err.offset != (uint64_t)offset) {
    fprintf(stderr, "offset %llu, want %ld (map %s)\n", (unsigned long long)err.offset, offset, json);
    pk_check_failures++;
  }
  if (!strstr(err.message, words)) {
    fprintf(stderr, "message \"%s\" lacks \"%s\" (map %s)\n", err.message, words, json);
    pk_check_failures++;
  }
  CHECK_EQ_INT(pk_source_maps_count(maps), 0);
  pk_source_maps_free(maps);
}

static void test_hostile_maps(void) {
  const char *head = "{\"version\":3,\"sources\":[\"a.ts\"],\"names\":[\"x\"],\"mappings\":\"";
  long at = (long)strlen(head);
  char json[256];
  snprintf(json, sizeof json, "%sAAAA,g\"}", head);
  expect_refused(json, at + 6, "truncated VLQ");
  snprintf(json, sizeof json, "%sAAAA;AA!A\"}", head);
  expect_refused(json, at + 7, "not a base64 digit");
  snprintf(json, sizeof json, "%sgggggggggggggA\"}", head);
  expect_refused(json, at + 7, "beyond 32 bits"); /* the 8th digit */
  snprintf(json, sizeof json, "%sACAA\"}", head);
  expect_refused(json, at, "source index 1 out of range (1 sources)");
  snprintf(json, sizeof json, "%sADAA\"}", head);
  expect_refused(json, at, "source index -1 out of range");
  snprintf(json, sizeof json, "%sAAAAC\"}", head);
  expect_refused(json, at, "name index 1 out of range (1 names)");
  snprintf(json, sizeof json, "%sAA\"}", head);
  expect_refused(json, at, "1, 4 or 5 fields");
  snprintf(json, sizeof json, "%sAAAAAA\"}", head);
  expect_refused(json, at + 5, "more than 5 fields");
  snprintf(json, sizeof json, "%sD\"}", head);
  expect_refused(json, at, "generated column out of range");
  /* 2^31 - 1, then +1 on the same line: the running column would overflow. */
  snprintf(json, sizeof json, "%s+/////D,C\"}", head);
  expect_refused(json, at + 8, "generated column out of range");
  snprintf(json, sizeof json, "%sAA+/////DA,AACA\"}", head);
  expect_refused(json, -1, "original line out of range");
  expect_refused("{\"version\":2,\"mappings\":\"\"}", -1, "version 2");
  expect_refused("{\"version\":3,\"sources\":[]}", -1, "no \"mappings\"");
  expect_refused("[1,2]", 0, "source map object");
  expect_refused("{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AAAA\"", -1, "");
  expect_refused("{\"version\":3,\"sections\":[{\"offset\":{\"line\":0,\"column\":0},"
                 "\"map\":{\"version\":3,\"sections\":[]}}]}", -1, "only one level");
  expect_refused("{\"version\":3,\"sections\":[{\"offset\":{\"line\":0,\"column\":0},\"url\":\"x.map\"}]}", -1,
                 "\"url\"");
  expect_refused("{\"version\":3,\"sections\":[{\"offset\":{\"line\":5,\"column\":0},\"map\":"
                 "{\"version\":3,\"sources\":[],\"mappings\":\"\"}},{\"offset\":{\"line\":1,\"column\":0},"
                 "\"map\":{\"version\":3,\"sources\":[],\"mappings\":\"\"}}]}", -1, "out of order");
  expect_refused("{\"version\":3,\"sections\":[{\"offset\":{\"line\":-1,\"column\":0},\"map\":{}}]}", -1,
                 "offset out of range");
}

static pk_source_maps *one_map(const char *path, const char *key, const char *json) {
  pk_source_maps *maps = pk_source_maps_new();
  pk_error err;
  pk_error_clear(&err);
  int rc = pk_source_maps_add_buffer(maps, path, key, json, strlen(json), &err);
  if (rc != PK_OK) fprintf(stderr, "%s: %s\n", path, err.message);
  CHECK_EQ_INT(rc, PK_OK);
  return maps;
}

static bool name_is(const pk_source_location *loc, const char *name, const char *suffix) {
  return loc->name_len == strlen(name) && memcmp(loc->name, name, loc->name_len) == 0 &&
         strcmp(loc->name_suffix, suffix) == 0;
}

static void test_index_map_and_roots(void) {
  /* Two sections: the second starts at line 2 (0-based), column 10. */
  pk_source_maps *maps = one_map(
      "idx.js.map", NULL,
      "{\"version\":3,\"file\":\"idx.js\",\"sections\":["
      "{\"offset\":{\"line\":0,\"column\":0},\"map\":{\"version\":3,\"sources\":[\"one.ts\"],\"names\":[\"first\"],"
      "\"mappings\":\"AAAAA,KAAK\"}},"
      "{\"offset\":{\"line\":2,\"column\":10},\"map\":{\"version\":3,\"sourceRoot\":\"src/\",\"sources\":[\"./two.ts\"],"
      "\"names\":[\"second\"],\"mappings\":\"AAEAA,KAAC;AACA\"}}]}");
  pk_source_location loc;
  CHECK(pk_source_maps_lookup(&loc, maps, "idx.js", "q", 1, 3));
  CHECK(name_is(&loc, "first", ""));
  CHECK_STR(loc.file, "one.ts");
  /* line 3 column 12: after the second section's first segment (col 10) */
  CHECK(pk_source_maps_lookup(&loc, maps, "idx.js", "q", 3, 12));
  CHECK(name_is(&loc, "second", ""));
  CHECK_STR(loc.file, "src/two.ts");
  CHECK_EQ_INT(loc.line, 3);
  CHECK_EQ_INT(loc.column, 1);
  /* line 4: the offset column applies to the section's first line only */
  CHECK(pk_source_maps_lookup(&loc, maps, "idx.js", "q", 4, 2));
  CHECK_EQ_INT(loc.line, 4);
  pk_source_maps_free(maps);

  /* An escaped mappings string (decoded by the tokenizer, then copied). */
  maps = one_map("e.map", "e.js", "{\"version\":3,\"sources\":[\"e.ts\"],\"mappings\":\"\\u0041AAA,\\u0043AAC\"}");
  CHECK(pk_source_maps_lookup(&loc, maps, "e.js", "q", 1, 3));
  CHECK_STR(loc.file, "e.ts");
  CHECK_EQ_INT(loc.column, 2);
  pk_source_maps_free(maps);
  expect_refused("{\"version\":3,\"sources\":[\"e.ts\"],\"mappings\":\"\\u0041AAA,g\"}", 44, "truncated"); /* escaped: the string's start */

  maps = one_map("r.map", "r.js",
                 "{\"version\":3,\"sourceRoot\":\"..\",\"sources\":[\"a/../b.ts\",\"webpack://p/./c.ts\",\"/abs/d.ts\"],"
                 "\"mappings\":\"AAAA,CCAA,CCAA\"}");
  CHECK(pk_source_maps_lookup(&loc, maps, "r.js", "q", 1, 2));
  CHECK_STR(loc.file, "../b.ts");
  CHECK(pk_source_maps_lookup(&loc, maps, "r.js", "q", 1, 3));
  CHECK_STR(loc.file, "webpack://p/c.ts");
  CHECK(pk_source_maps_lookup(&loc, maps, "r.js", "q", 1, 4));
  CHECK_STR(loc.file, "/abs/d.ts");
  /* the first segment is at the frame's column: no mapping before it */
  CHECK(!pk_source_maps_lookup(&loc, maps, "r.js", "q", 1, 1));
  pk_source_maps_free(maps);
}

static void test_naming_rules(void) {
  /* No names: the identifier at the original position of sourcesContent. */
  pk_source_maps *maps = one_map(
      "dist/b.js.map", NULL,
      "{\"version\":3,\"sources\":[\"b.ts\"],\"sourcesContent\":[\"class K {\\n  constructor() {}\\n"
      "  function () {}\\n  zap() {}\\n  (alpha) => 1\\n}\"],\"names\":[],"
      "\"mappings\":\"AAAA;AACE;AACA;AACA;AACA\"}");
  pk_source_location loc;
  CHECK(pk_source_maps_lookup(&loc, maps, "file:///x/dist/b.js", "t", 2, 5));
  CHECK(name_is(&loc, "t", " constructor"));
  CHECK(pk_source_maps_lookup(&loc, maps, "b.js", "t", 3, 5));
  CHECK(name_is(&loc, "t", ""));
  CHECK(pk_source_maps_lookup(&loc, maps, "b.js", "n.zap", 4, 5));
  CHECK(name_is(&loc, "n.zap", ""));
  CHECK(pk_source_maps_lookup(&loc, maps, "b.js", "t", 4, 5));
  CHECK(name_is(&loc, "zap", ""));
  CHECK(pk_source_maps_lookup(&loc, maps, "b.js", "t", 5, 5));
  CHECK(name_is(&loc, "alpha", ""));
  CHECK_EQ_INT(loc.line, 5);
  CHECK_EQ_INT(loc.column, 3);
  pk_source_maps_free(maps);
  /* sourcesContent columns count UTF-16 units: "é" is one, "😀" two, so
   * column 9 is fooBar (as bytes it would be the "/" before "a"). */
  maps = one_map("u.js.map", NULL,
                 "{\"version\":3,\"sources\":[\"u.ts\"],\"sourcesContent\":[\"/*\\u00e9\\ud83d\\ude00*/a fooBar()\"],"
                 "\"names\":[],\"mappings\":\"AAAS\"}");
  CHECK(pk_source_maps_lookup(&loc, maps, "u.js", "t", 1, 2));
  CHECK(name_is(&loc, "fooBar", ""));
  pk_source_maps_free(maps);
}

static void test_apply(void) {
  pk_source_maps *maps = one_map("app.js.map", NULL,
                                 "{\"version\":3,\"sources\":[\"orig.ts\"],\"names\":[\"realName\",\"other\"],"
                                 "\"mappings\":\"AAAAA,KAAE,KAAEC\"}");
  pk_profile *p = pk_profile_new();
  pk_profile_add_sample_type(p, "samples", "count");
  pk_frame a = {0}, b = {0}, c = {0};
  a.name = pk_profile_intern_cstr(p, "t");
  a.file = pk_profile_intern_cstr(p, "https://h/app.js");
  a.line = 1, a.column = 3;   /* -> realName orig.ts:1:1 */
  b = a;
  b.name = pk_profile_intern_cstr(p, "n");
  b.column = 12;              /* -> other orig.ts:1:5 (the last segment) */
  c = a;
  c.file = pk_profile_intern_cstr(p, "https://h/vendor.js");
  pk_id fa = pk_profile_frame(p, &a), fb = pk_profile_frame(p, &b), fc = pk_profile_frame(p, &c);
  int64_t one = 1;
  pk_id stack1[] = {fa, fb}, stack2[] = {fc, fa}, leaf;
  pk_profile_add_stack(p, stack1, 2, &one, &leaf);
  pk_profile_add_event(p, leaf, 5);
  pk_profile_add_stack(p, stack2, 2, &one, NULL);
  pk_error err;
  CHECK_EQ_INT(pk_profile_finish(p, &err), PK_OK);
  pk_profile *out = NULL;
  size_t mapped = 0;
  CHECK_EQ_INT(pk_profile_apply_source_maps(&out, p, maps, &mapped, &err), PK_OK);
  CHECK_EQ_INT(mapped, 2);
  if (out) {
    CHECK_EQ_INT(pk_profile_total(out, PK_ROOT)[0], 2);
    CHECK_EQ_INT(pk_profile_event_count(out), 1);
    CHECK_EQ_INT(pk_profile_frame_count(out), 4); /* with the root's */
    int seen = 0;
    for (size_t i = 0; i < pk_profile_frame_count(out); i++) {
      const pk_frame *f = pk_profile_get_frame(out, (pk_id)i);
      const char *name = pk_profile_frame_name(out, (pk_id)i);
      const char *file = pk_profile_string(out, f->file, NULL);
      if (!strcmp(name, "realName") && !strcmp(file, "orig.ts") && f->line == 1 && f->column == 1) seen |= 1;
      if (!strcmp(name, "other") && !strcmp(file, "orig.ts") && f->line == 1 && f->column == 5) seen |= 2;
      if (!strcmp(name, "t") && !strcmp(file, "https://h/vendor.js")) seen |= 4;
    }
    CHECK_EQ_INT(seen, 7);
  }
  pk_profile_free(out);
  pk_profile_free(p);
  pk_source_maps_free(maps);
}

static void test_paths(void) {
  const char *dir = getenv("PK_TESTDATA");
  char path[1024];
  pk_source_maps *maps = pk_source_maps_new();
  pk_error err;
  pk_error_clear(&err);
  snprintf(path, sizeof path, "%s/sourcemap/bundle.min.js", dir ? dir : "testdata");
  CHECK_EQ_INT(pk_source_maps_add_path(maps, path, &err), PK_OK);
  snprintf(path, sizeof path, "%s/sourcemap/inline.min.js", dir ? dir : "testdata");
  CHECK_EQ_INT(pk_source_maps_add_path(maps, path, &err), PK_OK);
  snprintf(path, sizeof path, "%s/sourcemap/maps", dir ? dir : "testdata");
  CHECK_EQ_INT(pk_source_maps_add_path(maps, path, &err), PK_OK);
  CHECK_EQ_INT(pk_source_maps_count(maps), 3);
  pk_source_location loc;
  CHECK(pk_source_maps_lookup(&loc, maps, "https://cdn/bundle.min.js", "a", 1, 12));
  CHECK(name_is(&loc, "sumSquares", ""));
  CHECK_STR(loc.file, "src/math.ts");
  CHECK(pk_source_maps_lookup(&loc, maps, "https://cdn/inline.min.js", "a", 1, 12));
  CHECK(name_is(&loc, "sumSquares", ""));
  CHECK(pk_source_maps_lookup(&loc, maps, "/srv/lib.js", "b", 1, 2));
  CHECK_STR(loc.file, "lib.ts");
  snprintf(path, sizeof path, "%s/sourcemap/plain.js", dir ? dir : "testdata");
  CHECK_EQ_INT(pk_source_maps_add_path(maps, path, &err), PK_EPARSE);
  CHECK(strstr(err.message, "sourceMappingURL") != NULL);
  CHECK_EQ_INT(pk_source_maps_add_path(maps, "no/such/file.map", &err), PK_EIO);
  CHECK_STR(err.path, "no/such/file.map");
  pk_source_maps_free(maps);
}

int main(void) {
  test_base64_table();
  test_vlq_round_trip();
  test_vlq_hostile();
  test_generated_maps();
  test_hostile_maps();
  test_index_map_and_roots();
  test_naming_rules();
  test_apply();
  test_paths();
  return pk_check_exit("test_sourcemap");
}
