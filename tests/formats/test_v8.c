/*
 * test_v8.c - the JSON tokenizer and the V8 readers (.cpuprofile modern and
 * legacy, .heapprofile, trace events): values, naming, options, damage
 * repair, and stacks 100,000 frames deep in both nesting styles.
 */
#include "fmt_helpers.h"
#include "util/json_tokenizer.h"

static void test_tokenizer(void) {
  const char *text = "\xEF\xBB\xBF { \"a\\u00e9\\ud83d\\ude00\\n\" : [1, -2.5e1, true, null, {\"b\":\"\\\"q\\\"\"}], \"c\":{} }";
  pk_json js;
  pk_error err;
  pk_json_init(&js, text, strlen(text), "t", &err);
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_OBJECT);
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_KEY);
  size_t n;
  const char *s = pk_json_str(&js, &n);
  CHECK_EQ_INT(n, 1 + 2 + 4 + 1);
  CHECK(s && memcmp(s, "a\xC3\xA9\xF0\x9F\x98\x80\n", n) == 0);
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_ARRAY);
  int64_t v;
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_NUMBER);
  CHECK_EQ_INT(pk_json_int64(&js, &v), 0);
  CHECK_EQ_INT(v, 1);
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_NUMBER);
  CHECK_EQ_INT(pk_json_int64(&js, &v), 0);
  CHECK_EQ_INT(v, -25);
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_TRUE);
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_NULL);
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_OBJECT);
  CHECK_EQ_INT(pk_json_skip(&js), 0); /* skips {"b":...} */
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_ARRAY_END);
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_KEY);
  CHECK(pk_json_is(&js, "c"));
  CHECK_EQ_INT(pk_json_skip_value(&js), 0);
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_OBJECT_END);
  CHECK_EQ_INT(pk_json_next(&js), PK_JSON_EOF);
  pk_json_fini(&js);

  /* grammar errors carry the byte offset */
  const char *bad[] = {"[1,]", "{\"a\" 1}", "[1 2]", "{\"a\":01}", "[\"\\x\"]", "[1]]", "{,}", "[\"a\x01\"]", "[-]", "[1e]"};
  const size_t where[] = {3, 5, 3, 6, 2, 3, 1, 3, 2, 3};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    pk_json_init(&js, bad[i], strlen(bad[i]), "t", &err);
    pk_json_tok t;
    int guard = 0;
    while ((t = pk_json_next(&js)) != PK_JSON_ERROR && t != PK_JSON_EOF && guard++ < 20) {
    }
    CHECK_EQ_INT(t, PK_JSON_ERROR);
    CHECK_EQ_INT(err.offset, where[i]);
    pk_json_fini(&js);
  }
  /* out-of-range integers are errors, not wraps */
  pk_json_init(&js, "[99999999999999999999]", 22, "t", &err);
  pk_json_next(&js);
  pk_json_next(&js);
  CHECK(pk_json_int64(&js, &v) != 0);
  pk_json_fini(&js);
}

static void test_cpuprofile_values(void) {
  const char *text =
      "{\"nodes\":["
      "{\"id\":1,\"callFrame\":{\"functionName\":\"(root)\",\"scriptId\":\"0\",\"url\":\"\",\"lineNumber\":-1,\"columnNumber\":-1},\"hitCount\":0,\"children\":[2,3,4]},"
      "{\"id\":2,\"callFrame\":{\"functionName\":\"\",\"scriptId\":\"1\",\"url\":\"file:///app/main.js\",\"lineNumber\":9,\"columnNumber\":4},\"hitCount\":2,\"children\":[5]},"
      "{\"id\":3,\"callFrame\":{\"functionName\":\"(idle)\",\"scriptId\":\"0\",\"url\":\"\",\"lineNumber\":-1,\"columnNumber\":-1},\"hitCount\":1},"
      "{\"id\":4,\"callFrame\":{\"functionName\":\"(garbage collector)\",\"scriptId\":\"0\",\"url\":\"\",\"lineNumber\":-1,\"columnNumber\":-1},\"hitCount\":1},"
      "{\"id\":5,\"callFrame\":{\"functionName\":\"work\",\"scriptId\":\"1\",\"url\":\"file:///app/main.js\",\"lineNumber\":2,\"columnNumber\":0},\"hitCount\":3}],"
      "\"startTime\":1000,\"endTime\":2000,"
      "\"samples\":[5,5,3,2,5,4],\"timeDeltas\":[10,100,-50,200,300,400]}";
  pk_error err;
  pk_profile *p = fmt_parse(text, strlen(text), NULL, &err);
  CHECK(p != NULL);
  if (!p) return;
  CHECK_STR(fmt_name(p), "cpuprofile");
  CHECK_EQ_INT(pk_profile_type_count(p), 2);
  CHECK_EQ_INT(pk_profile_default_type(p), 1);
  /* weight of sample i = next delta (negative clamped to 0), last = 0 */
  char *wall = fmt_folded(p, 1);
  CHECK_STR(wall, "(anonymous) main.js:10 300\n(anonymous) main.js:10;work 500\n(idle) 200\n");
  free(wall);
  char *count = fmt_folded(p, 0);
  CHECK_STR(count, "(anonymous) main.js:10 1\n(anonymous) main.js:10;work 3\n(garbage collector) 1\n(idle) 1\n");
  free(count);
  CHECK_EQ_INT(pk_profile_event_count(p), 6);
  if (pk_profile_event_count(p) == 6) CHECK_EQ_INT(pk_profile_events(p)[5].time, 10 + 100 + 0 + 200 + 300 + 400);
  pk_profile_free(p);

  /* the same profile with timeDeltas before samples takes the stored path */
  char *reordered = strdup(text);
  char *sm = strstr(reordered, "\"samples\""), *td = strstr(reordered, "\"timeDeltas\"");
  size_t sm_len = (size_t)(td - sm), td_len = strlen(td) - 1; /* without the final '}' */
  char *tmp = malloc(sm_len + td_len + 1);
  memcpy(tmp, td, td_len);
  tmp[td_len] = ',';
  memcpy(tmp + td_len + 1, sm, sm_len - 1); /* samples without its trailing ',' */
  memcpy(sm, tmp, sm_len + td_len);
  free(tmp);
  p = fmt_parse(reordered, strlen(reordered), NULL, &err);
  CHECK(p != NULL);
  if (p) {
    wall = fmt_folded(p, 1);
    CHECK_STR(wall, "(anonymous) main.js:10 300\n(anonymous) main.js:10;work 500\n(idle) 200\n");
    free(wall);
    CHECK_EQ_INT(pk_profile_event_count(p), 6);
    pk_profile_free(p);
  } else {
    fprintf(stderr, "reordered: %s\n%s\n", err.message, reordered);
  }
  free(reordered);

  pk_read_options opts = PK_READ_OPTIONS_INIT;
  opts.exclude_idle = true;
  p = fmt_parse(text, strlen(text), &opts, &err);
  CHECK(p != NULL);
  if (!p) return;
  count = fmt_folded(p, 0);
  CHECK_STR(count, "(anonymous) main.js:10 1\n(anonymous) main.js:10;work 3\n(garbage collector) 1\n");
  free(count);
  pk_profile_free(p);
}

static void test_legacy_and_hitcount(void) {
  /* legacy head tree, no samples: hitCount is the only value */
  const char *text =
      "{\"typeId\":\"CPU\",\"head\":{\"functionName\":\"(root)\",\"url\":\"\",\"lineNumber\":0,\"id\":1,\"hitCount\":0,"
      "\"children\":[{\"functionName\":\"main\",\"url\":\"a.js\",\"lineNumber\":1,\"id\":2,\"hitCount\":4,"
      "\"children\":[{\"functionName\":\"leaf\",\"url\":\"a.js\",\"lineNumber\":7,\"id\":3,\"hitCount\":6,\"children\":[]}]}]},"
      "\"startTime\":1.5,\"endTime\":2.5}";
  pk_error err;
  pk_profile *p = fmt_parse(text, strlen(text), NULL, &err);
  CHECK(p != NULL);
  if (!p) return;
  CHECK_STR(fmt_name(p), "cpuprofile");
  CHECK_EQ_INT(pk_profile_type_count(p), 1);
  char *f = fmt_folded(p, 0);
  CHECK_STR(f, "main 4\nmain;leaf 6\n");
  free(f);
  pk_profile_free(p);
}

static void test_heapprofile(void) {
  const char *text =
      "{\"head\":{\"callFrame\":{\"functionName\":\"(root)\",\"scriptId\":\"0\",\"url\":\"\",\"lineNumber\":-1,\"columnNumber\":-1},"
      "\"selfSize\":0,\"id\":1,\"children\":[{\"callFrame\":{\"functionName\":\"alloc\",\"scriptId\":\"2\",\"url\":\"b.js\","
      "\"lineNumber\":3,\"columnNumber\":1},\"selfSize\":4096,\"id\":2,\"children\":[]}]},"
      "\"samples\":[{\"size\":100,\"nodeId\":2,\"ordinal\":1},{\"size\":50,\"nodeId\":2,\"ordinal\":2},{\"size\":8,\"nodeId\":99,\"ordinal\":3}]}";
  pk_error err;
  pk_profile *p = fmt_parse(text, strlen(text), NULL, &err);
  CHECK(p != NULL);
  if (!p) return;
  CHECK_STR(fmt_name(p), "heapprofile");
  CHECK_EQ_INT(pk_profile_default_type(p), 0);
  char *bytes = fmt_folded(p, 0), *objects = fmt_folded(p, 1);
  CHECK_STR(bytes, "alloc 4096\n");
  CHECK_STR(objects, "alloc 2\n"); /* the sample of unknown node 99 is skipped */
  free(bytes);
  free(objects);
  pk_profile_free(p);
}

static void test_trace_events(void) {
  /* args before name (as Chrome writes), two threads, deltas across chunks */
  const char *text =
      "{\"traceEvents\":["
      "{\"args\":{\"name\":\"CrRendererMain\"},\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":7,\"tid\":1},"
      "{\"args\":{\"data\":{\"startTime\":100}},\"id\":\"0x1\",\"name\":\"Profile\",\"ph\":\"P\",\"pid\":7,\"tid\":1},"
      "{\"args\":{\"data\":{\"cpuProfile\":{\"nodes\":[{\"callFrame\":{\"functionName\":\"(root)\"},\"id\":1},"
      "{\"callFrame\":{\"functionName\":\"f\",\"url\":\"x.js\"},\"id\":2,\"parent\":1}],\"samples\":[2,2]},\"timeDeltas\":[5,7]}},"
      "\"id\":\"0x1\",\"name\":\"ProfileChunk\",\"ph\":\"P\",\"pid\":7,\"tid\":9},"
      "{\"args\":{\"data\":{\"cpuProfile\":{\"nodes\":[{\"callFrame\":{\"functionName\":\"g\"},\"id\":3,\"parent\":2}],"
      "\"samples\":[3]},\"timeDeltas\":[11]}},\"id\":\"0x1\",\"name\":\"ProfileChunk\",\"ph\":\"P\",\"pid\":7,\"tid\":9},"
      "{\"args\":{\"data\":{\"cpuProfile\":{\"nodes\":[{\"callFrame\":{\"functionName\":\"(root)\"},\"id\":1},"
      "{\"callFrame\":{\"functionName\":\"w\"},\"id\":2,\"parent\":1}],\"samples\":[2]},\"timeDeltas\":[1]}},"
      "\"id\":\"0x2\",\"name\":\"ProfileChunk\",\"ph\":\"P\",\"pid\":8,\"tid\":3},"
      "{\"name\":\"Other\",\"ph\":\"X\",\"args\":{\"data\":{\"x\":[1,2,{\"y\":null}]}}}"
      "],\"metadata\":{}}";
  pk_error err;
  pk_profile *p = fmt_parse(text, strlen(text), NULL, &err);
  CHECK(p != NULL);
  if (!p) {
    fprintf(stderr, "%s\n", err.message);
    return;
  }
  CHECK_STR(fmt_name(p), "trace-events");
  char *count = fmt_folded(p, 0);
  CHECK_STR(count, "CrRendererMain (pid 7 tid 1);f 2\nCrRendererMain (pid 7 tid 1);f;g 1\npid 8 tid 3;w 1\n");
  free(count);
  char *wall = fmt_folded(p, 1);
  CHECK_STR(wall, "CrRendererMain (pid 7 tid 1);f 18\n");
  free(wall);
  pk_profile_free(p);
  /* a bare array of events is a trace too */
  const char *bare = "[{\"name\":\"CpuProfile\",\"ph\":\"I\",\"pid\":1,\"tid\":1,\"args\":{\"data\":{\"cpuProfile\":"
                     "{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"(root)\"},\"children\":[2]},"
                     "{\"id\":2,\"callFrame\":{\"functionName\":\"h\"}}],\"samples\":[2,2,2],\"timeDeltas\":[1,2,3]}}}}]";
  p = fmt_parse(bare, strlen(bare), NULL, &err);
  CHECK(p != NULL);
  if (p) {
    CHECK_STR(fmt_name(p), "trace-events");
    count = fmt_folded(p, 0);
    CHECK_STR(count, "h 3\n");
    free(count);
    pk_profile_free(p);
  }
}

/* 100,000-deep stacks: nested head tree and a nodes chain; no recursion. */
static void test_deep(void) {
  enum { DEPTH = 100000 };
  size_t cap = (size_t)DEPTH * 120 + 1000, n = 0;
  char *buf = malloc(cap);
  n += (size_t)sprintf(buf + n, "{\"head\":");
  for (int i = 0; i < DEPTH; i++)
    n += (size_t)sprintf(buf + n, "{\"functionName\":\"f%d\",\"id\":%d,\"hitCount\":%d,\"children\":[", i % 7, i + 1,
                         i == DEPTH - 1);
  for (int i = 0; i < DEPTH; i++) buf[n++] = ']', buf[n++] = '}';
  n += (size_t)sprintf(buf + n, "}");
  pk_error err;
  pk_profile *p = fmt_parse(buf, n, NULL, &err);
  CHECK(p != NULL);
  if (p) {
    CHECK_EQ_INT(pk_profile_node_count(p), DEPTH + 1); /* every level is a frame under the model root */
    CHECK_EQ_INT(pk_profile_total(p, PK_ROOT)[0], 1);
    pk_profile_free(p);
  }
  /* parent links given backwards (child before parent) through `parent` */
  n = (size_t)sprintf(buf, "{\"nodes\":[");
  for (int i = DEPTH; i >= 1; i--)
    n += (size_t)sprintf(buf + n, "%s{\"id\":%d,\"callFrame\":{\"functionName\":\"g%d\"},\"parent\":%d}",
                         i < DEPTH ? "," : "", i, i % 5, i > 1 ? i - 1 : 0);
  n += (size_t)sprintf(buf + n, ",{\"id\":0,\"callFrame\":{\"functionName\":\"(root)\"}}],\"samples\":[%d,%d]}", DEPTH, 1);
  p = fmt_parse(buf, n, NULL, &err);
  CHECK(p != NULL);
  if (p) {
    CHECK_EQ_INT(pk_profile_node_count(p), DEPTH + 1);
    CHECK_EQ_INT(pk_profile_total(p, PK_ROOT)[0], 2);
    pk_profile_free(p);
  } else {
    fprintf(stderr, "deep nodes: %s\n", err.message);
  }
  free(buf);
}

int main(void) {
  test_tokenizer();
  test_cpuprofile_values();
  test_legacy_and_hitcount();
  test_heapprofile();
  test_trace_events();
  test_deep();
  return pk_check_exit("test_v8");
}
