/*
 * test_heap_reread.c - the values of string nodes left in the file
 * (heap/parse/string_reread.c): a snapshot loaded from a plain file must
 * give every string and node name exactly as the same text parsed from
 * memory (escapes, surrogate pairs, a lone surrogate, an embedded NUL, a
 * value longer than the read-back window, strings on both sides of every
 * 64-string checkpoint), drop only the strings no other node kind or named
 * edge uses, and read back as the file was parsed when it is renamed over
 * afterwards, or as "" when it is truncated in place (never a signal).
 * Gzip'd, the same snapshot gives the same strings from the scratch file
 * the values are written to (PK_HEAP_SPILL_MIN=1, heap_reread_spill), and
 * keeps them all in memory below the threshold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "heap/heap_internal.h"

#define VALUES 300
#define LONG_VALUE 100000  /* past the 64 KiB window */
/* values that also name an edge of "Obj", so they are kept, in different
 * 64-string blocks and after dropped ones (their slot is a rank) */
static const int kept_values[] = {26, 79, 131, 298};
#define KEPT (int)(sizeof kept_values / sizeof *kept_values)

typedef struct text {
  char *data;
  size_t len, cap;
} text;

static void put(text *t, const char *s) {
  size_t n = strlen(s);
  if (t->len + n + 1 > t->cap) {
    t->cap = (t->len + n + 1) * 2;
    t->data = realloc(t->data, t->cap);
    if (!t->data) abort();
  }
  memcpy(t->data + t->len, s, n + 1);
  t->len += n;
}

/* The JSON text of value i (strings 3 + i). */
static void put_value(text *t, int i) {
  char buf[96];
  if (i == 17) {
    put(t, "\"");
    for (int k = 0; k < LONG_VALUE; k++) put(t, k % 100 == 99 ? "\\n" : "x");
    put(t, "\"");
    return;
  }
  const char *extra = i % 5 == 0 ? " \\u00e9\\n\\\"q\\\" \\ud83d\\ude00" : i % 7 == 0 ? " nul\\u0000after"
                      : i % 11 == 0 ? " lone \\ud800 end" : "";
  snprintf(buf, sizeof buf, "\"value %d%s\"", i, extra);
  put(t, buf);
}

/* Root (hidden) -> an object named "Obj" with a property "prop", and
 * VALUES string nodes, the first of them named "Obj" too; the odd
 * values are cons strings, every tenth a sliced one. */
static text snapshot(void) {
  text t = {0};
  char buf[128];
  put(&t, "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\"],"
          "\"node_types\":[[\"hidden\",\"array\",\"string\",\"object\",\"code\",\"closure\",\"regexp\",\"number\","
          "\"native\",\"synthetic\",\"concatenated string\",\"sliced string\"]],"
          "\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],"
          "\"edge_types\":[[\"context\",\"element\",\"property\",\"internal\",\"hidden\",\"shortcut\",\"weak\"]]}},");
  snprintf(buf, sizeof buf, "\"nodes\":[9,0,1,0,%d,3,1,3,40,%d", VALUES + 1, 1 + KEPT);
  put(&t, buf);
  for (int i = 0; i < VALUES; i++) {
    int type = i % 10 == 0 && i ? 11 : i % 2 ? 10 : 2;
    snprintf(buf, sizeof buf, ",%d,%d,%d,%d,0", type, i == 0 ? 1 : 3 + i, 5 + 2 * i, 16 + i);
    put(&t, buf);
  }
  put(&t, "],\"edges\":[2,2,5");
  for (int i = 0; i < VALUES; i++) {
    snprintf(buf, sizeof buf, ",1,%d,%d", i, 10 + 5 * i);
    put(&t, buf);
  }
  put(&t, ",2,2,10");
  for (int k = 0; k < KEPT; k++) {
    snprintf(buf, sizeof buf, ",2,%d,%d", 3 + kept_values[k], 15 + 5 * k);
    put(&t, buf);
  }
  put(&t, "],\"strings\":[\"\",\"Obj\",\"prop\"");
  for (int i = 0; i < VALUES; i++) {
    put(&t, ",\n");
    put_value(&t, i);
  }
  put(&t, "]}");
  return t;
}

static void write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) abort();
}

static pk_heap *load(const char *path) {
  pk_heap *h = NULL;
  pk_error err;
  int rc = pk_heap_load(&h, path, NULL, &err);
  if (rc != 0) fprintf(stderr, "unexpected error: %s\n", err.message);
  CHECK_EQ_INT(rc, 0);
  return h;
}

static int same_strings(const pk_heap *a, const pk_heap *b) {
  if (pk_heap_string_count(a) != pk_heap_string_count(b)) return 0;
  for (uint32_t i = 0; i < pk_heap_string_count(a); i++) {
    size_t la, lb;
    const char *sa = pk_heap_string(a, i, &la), *sb = pk_heap_string(b, i, &lb);
    if (la != lb || memcmp(sa, sb, la) != 0 || sa[la] || sb[lb]) {
      fprintf(stderr, "string %u differs\n", i);
      return 0;
    }
  }
  for (uint32_t n = 0; n < pk_heap_node_count(a); n++)
    if (strcmp(pk_heap_node_name(a, n), pk_heap_node_name(b, n)) != 0) return 0;
  return 1;
}

/* `other` gives every string of `mem` (twice: the second time from what
 * was read back) and, both analysed, the same retained sizes. */
static void check_reads_as(pk_heap *mem, pk_heap *other) {
  pk_error err;
  CHECK(same_strings(mem, other));
  CHECK(same_strings(mem, other));
  CHECK_EQ_INT(pk_heap_analyze(other, &err), 0);
  CHECK_EQ_INT(pk_heap_analyze(mem, &err), 0);
  for (uint32_t n = 0; n < pk_heap_node_count(mem); n++)
    CHECK(pk_heap_retained_size(other, n) == pk_heap_retained_size(mem, n));
}

static void test_same_as_memory(const text *t, const char *path) {
  pk_heap *mem = NULL;
  pk_error err;
  CHECK_EQ_INT(pk_heap_parse(&mem, t->data, t->len, "mem", &err), 0);
  write_file(path, t->data, t->len);
  pk_heap *file = load(path);
  if (!mem || !file) return;
  CHECK_EQ_INT(mem->reread.dropped, 0);
  /* the values; not "Obj", which names the object and string node 0 */
  CHECK_EQ_INT(file->reread.dropped, VALUES - KEPT);
  CHECK(!heap_str_dropped(file, 1) && !heap_str_dropped(file, 2) && heap_str_dropped(file, 3));
  for (int k = 0; k < KEPT; k++) {
    char name[32];
    snprintf(name, sizeof name, "value %d", kept_values[k]);
    CHECK(!heap_str_dropped(file, 3 + (uint32_t)kept_values[k]));
    CHECK(heap_str_dropped(file, 3 + (uint32_t)kept_values[k] - 1));
    CHECK_EQ_INT(heap_edge_to(file, 1, name), 3 + k);  /* found by its slot */
  }
  CHECK_EQ_INT(heap_edge_to(file, 1, "value 27"), PK_HEAP_NONE);  /* a dropped value names no edge */
  CHECK(file->sdata_len < mem->sdata_len / 10);
  size_t len;
  CHECK_EQ_INT(strlen(pk_heap_string(file, 3 + 17, &len)), LONG_VALUE / 100 * 99 + LONG_VALUE / 100);
  CHECK_EQ_INT(len, LONG_VALUE);
  check_reads_as(mem, file);
  pk_heap_free(mem);
  pk_heap_free(file);
}

static void test_spilled(const text *t, const char *path) {
  char gz[128];
  snprintf(gz, sizeof gz, "%s.gz", path);
  gzFile f = gzopen(gz, "wb");
  if (!f || gzwrite(f, t->data, (unsigned)t->len) != (int)t->len || gzclose(f) != Z_OK) abort();
  pk_heap *mem = NULL;
  pk_error err;
  CHECK_EQ_INT(pk_heap_parse(&mem, t->data, t->len, "mem", &err), 0);
  pk_heap *kept = load(gz);  /* below the default threshold: all in memory */
  setenv("PK_HEAP_SPILL_MIN", "1", 1);
  pk_heap *spilled = load(gz);
  unsetenv("PK_HEAP_SPILL_MIN");
  unlink(gz);
  if (!mem || !kept || !spilled) return;
  CHECK_EQ_INT(kept->reread.dropped, 0);
  CHECK_EQ_INT(spilled->reread.dropped, VALUES - KEPT);
  check_reads_as(mem, spilled);
  pk_heap_free(mem);
  pk_heap_free(kept);
  pk_heap_free(spilled);
}

static void test_renamed_over(const text *t, const char *path) {
  write_file(path, t->data, t->len);
  pk_heap *h = load(path);
  char other[64];
  snprintf(other, sizeof other, "%s.new", path);
  write_file(other, "{}", 2);
  CHECK_EQ_INT(rename(other, path), 0);
  if (!h) return;
  CHECK_STR(pk_heap_string(h, 3 + 250, NULL), "value 250 \xc3\xa9\n\"q\" \xf0\x9f\x98\x80");
  pk_heap_free(h);
}

static void test_truncated(const text *t, const char *path) {
  write_file(path, t->data, t->len);
  pk_heap *h = load(path);
  if (truncate(path, (off_t)(t->len / 3)) != 0) abort();
  if (!h) return;
  size_t len = 1;
  CHECK_STR(pk_heap_string(h, 3 + VALUES - 1, &len), "");  /* past the cut: unknown, no signal */
  CHECK_EQ_INT(len, 0);
  CHECK_STR(pk_heap_string(h, 1, NULL), "Obj");            /* kept in memory */
  pk_heap_free(h);
}

int main(void) {
  char path[] = "/tmp/pk_heap_reread_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) abort();
  close(fd);
  text t = snapshot();
  test_same_as_memory(&t, path);
  test_spilled(&t, path);
  test_renamed_over(&t, path);
  test_truncated(&t, path);
  unlink(path);
  free(t.data);
  return pk_check_exit("test_heap_reread");
}
