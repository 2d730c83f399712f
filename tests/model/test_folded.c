/*
 * test_folded.c - folded stacks: parsing rules, statistics, errors and the
 * canonical round trip.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "profkit/folded.h"

static pk_profile *parse(const char *text, size_t len, pk_folded_stats *stats, pk_error *err, int *rc) {
  pk_profile *p = pk_profile_new();
  *rc = pk_folded_parse(p, text, len, "t.folded", stats, err);
  if (*rc == PK_OK) pk_profile_finish(p, NULL);
  return p;
}

static char *write_folded(const pk_profile *p, size_t first, size_t n) {
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  CHECK_EQ_INT(pk_folded_write(p, first, n, f, NULL), PK_OK);
  fclose(f);
  return buf;
}

static void test_basic(void) {
  const char *text =
      "main;b;c 3\n"
      "main;a 2\r\n"
      "\n"
      "   \n"
      "main;b;c 4\n"
      "main;b 1\n"
      "not a stack line\n"
      "main;read_[k] 5\n"
      "main 9223372036854775807\n";
  pk_folded_stats st;
  pk_error err;
  int rc;
  pk_profile *p = parse(text, strlen(text), &st, &err, &rc);
  CHECK_EQ_INT(rc, PK_OK);
  CHECK_EQ_INT(st.lines, 6);
  CHECK_EQ_INT(st.malformed, 1);
  CHECK_EQ_INT(st.first_malformed_line, 7);
  CHECK_EQ_INT(pk_profile_type_count(p), 1);
  pk_id main_ = pk_profile_find_child(p, PK_ROOT, pk_profile_frame_named(p, "main", 4, PK_FRAME_PLAIN));
  CHECK(main_ != PK_NONE);
  pk_id read_k = pk_profile_frame_named(p, "read", 4, PK_FRAME_KERNEL);
  CHECK(pk_profile_find_child(p, main_, read_k) != PK_NONE);
  CHECK_EQ_INT(pk_profile_self(p, main_)[0], INT64_MAX);
  char *out = write_folded(p, 0, 1);
  CHECK_STR(out,
            "main 9223372036854775807\n"
            "main;a 2\n"
            "main;b 1\n"
            "main;b;c 7\n"
            "main;read_[k] 5\n");
  /* The canonical form reads back to the same text. */
  pk_profile *q = parse(out, strlen(out), &st, &err, &rc);
  CHECK_EQ_INT(rc, PK_OK);
  char *again = write_folded(q, 0, 1);
  CHECK_STR(again, out);
  free(out);
  free(again);
  pk_profile_free(q);
  pk_profile_free(p);
}

static void test_overflowing_total(void) {
  const char *text = "a 9223372036854775807\nb 1\n";
  int rc;
  pk_profile *p = pk_profile_new();
  CHECK_EQ_INT(pk_folded_parse(p, text, strlen(text), "t", NULL, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_finish(p, NULL), PK_ELIMIT);
  pk_profile_free(p);
  /* A count beyond 2^63-1 is a malformed line. */
  pk_folded_stats st;
  p = parse("a 9223372036854775808\nb 1\n", 26, &st, NULL, &rc);
  CHECK_EQ_INT(rc, PK_OK);
  CHECK_EQ_INT(st.malformed, 1);
  pk_profile_free(p);
}

static void test_two_counts(void) {
  const char *text = "main;a 1 5\nmain;b 4 0\nmain;a 2 5\nmain;c 7\n";
  pk_folded_stats st;
  int rc;
  pk_profile *p = parse(text, strlen(text), &st, NULL, &rc);
  CHECK_EQ_INT(rc, PK_OK);
  CHECK_EQ_INT(pk_profile_type_count(p), 2);
  CHECK_STR(pk_profile_string(p, pk_profile_type(p, 0).type, NULL), "before");
  CHECK_EQ_INT(st.malformed, 1);
  CHECK_EQ_INT(pk_profile_total(p, PK_ROOT)[0], 7);
  CHECK_EQ_INT(pk_profile_total(p, PK_ROOT)[1], 10);
  char *out = write_folded(p, 0, 2);
  CHECK_STR(out, "main;a 3 10\nmain;b 4 0\n");
  free(out);
  pk_profile_free(p);
}

static void test_fractions_spaces_and_prefixes(void) {
  const char *text =
      "cksum;main;cksum 31.23\n"
      "cksum;main;cksum 19.0\n"
      "java;Foo Bar::baz;x 2\n"
      "a;b;c;d 1\n"
      "a;b;c 1\n"
      "a;b;cd 1\n"
      "a;b 1\n"
      "a;bc;d 1\n";
  pk_folded_stats st;
  int rc;
  pk_profile *p = parse(text, strlen(text), &st, NULL, &rc);
  CHECK_EQ_INT(rc, PK_OK);
  CHECK_EQ_INT(st.fractional, 1);
  char *out = write_folded(p, 0, 1);
  CHECK_STR(out,
            "a;b 1\n"
            "a;b;c 1\n"
            "a;b;c;d 1\n"
            "a;b;cd 1\n"
            "a;bc;d 1\n"
            "cksum;main;cksum 50\n"
            "java;Foo Bar::baz;x 2\n");
  free(out);
  pk_profile_free(p);
}

static void test_utf16(void) {
  const char le[] = "\xFF\xFE" "a\0;\0b\0 \0" "3\0\n\0";
  int rc;
  pk_profile *p = parse(le, sizeof le - 1, NULL, NULL, &rc);
  CHECK_EQ_INT(rc, PK_OK);
  char *out = write_folded(p, 0, 1);
  CHECK_STR(out, "a;b 3\n");
  free(out);
  pk_profile_free(p);
  CHECK(pk_folded_probe(le, sizeof le - 1));
}

static void test_errors_and_probe(void) {
  pk_error err;
  int rc;
  pk_profile *p = parse("", 0, NULL, &err, &rc);
  CHECK_EQ_INT(rc, PK_EPARSE);
  CHECK(strstr(err.message, "no stack counts") != NULL);
  pk_profile_free(p);
  p = parse("\n\nhello world\nfoo\n", 18, NULL, &err, &rc);
  CHECK_EQ_INT(rc, PK_EPARSE);
  CHECK_EQ_INT(err.line, 3);
  pk_profile_free(p);
  CHECK(pk_folded_probe("a;b 1\n", 6));
  CHECK(!pk_folded_probe("{\"nodes\": []}", 13));
  CHECK(!pk_folded_probe("\x1f\x8b\x08", 3));
}

int main(void) {
  test_basic();
  test_overflowing_total();
  test_two_counts();
  test_fractions_spaces_and_prefixes();
  test_utf16();
  test_errors_and_probe();
  return pk_check_exit("test_folded");
}
