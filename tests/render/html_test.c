/*
 * html_test.c - the HTML page's embedded data, read back.
 *
 * Renders pages of profiles built through the profile.h API into memory,
 * cuts out the JSON of <script type="application/json" id="pk-data">,
 * and checks what the HTML parser and the script would see: the data
 * holds no '<' at all (so no "</script" or "<!--" can end or disturb the
 * element), no raw U+2028/U+2029, parses as JSON (jansson), and gives back
 * every name as the same text (invalid UTF-8 as U+FFFD), with the tree's
 * arrays in pre-order.  The page has exactly the two script elements of
 * the shell, and a 100,000-deep stack is written without recursion.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "profkit/html.h"

static char *page_of(const pk_profile *p, const pk_scene_options *opts, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  pk_error err;
  CHECK_EQ_INT(pk_html_flame(f, p, 0, opts, &err), 0);
  fclose(f);
  return buf;
}

static size_t count_of(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *s = hay; (s = strstr(s, needle)); s++) n++;
  return n;
}

/* The data element's JSON, parsed; NULL (and a failure) if absent or invalid. */
static json_t *data_of(const char *page) {
  const char *open = "<script type=\"application/json\" id=\"pk-data\">";
  const char *start = strstr(page, open);
  CHECK(start != NULL);
  if (!start) return NULL;
  start += strlen(open);
  const char *end = strstr(start, "</script>");
  CHECK(end != NULL);
  if (!end) return NULL;
  for (const char *s = start; s < end; s++) {
    if (*s == '<') {
      fprintf(stderr, "raw '<' in the data at %zu\n", (size_t)(s - start));
      CHECK(0);
      break;
    }
    if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9))
      CHECK(!"raw U+2028/U+2029 in the data");
  }
  json_error_t jerr;
  json_t *data = json_loadb(start, (size_t)(end - start), JSON_ALLOW_NUL, &jerr);
  if (!data) fprintf(stderr, "data is not JSON: %s at %d\n", jerr.text, jerr.position);
  CHECK(data != NULL);
  return data;
}

static bool has_name(json_t *names, const char *want) {
  size_t i;
  json_t *v;
  json_array_foreach(names, i, v) if (strcmp(json_string_value(v), want) == 0) return true;
  return false;
}

static void test_hostile_names(void) {
  const char *const stacks[] = {
      "main;</script><script>alert(1)</script>",
      "main;<!--<script>",
      "main;line\xE2\x80\xA8sep\xE2\x80\xA9para",
      "main;bad\xFF\xFEutf8\"quote\\back",
      "main;</SCRIPT >&lt",
  };
  const int64_t values[] = {5, 4, 3, 2, 1};
  pk_profile *p = pk_check_profile(stacks, values, 5);
  pk_scene_options opts = {0};
  opts.title = "</title><script>alert(3)</script>";
  opts.subtitle = "</script>";
  size_t len;
  char *page = page_of(p, &opts, &len);
  CHECK_EQ_INT(count_of(page, "<script"), 2);
  CHECK_EQ_INT(count_of(page, "</script"), 2);
  CHECK(strstr(page, "<title>&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;</title>") != NULL);
  json_t *data = data_of(page);
  if (data) {
    CHECK_STR(json_string_value(json_object_get(data, "title")), "</title><script>alert(3)</script>");
    CHECK_STR(json_string_value(json_object_get(data, "subtitle")), "</script>");
    json_t *names = json_object_get(json_object_get(data, "tree"), "names");
    CHECK(has_name(names, "</script><script>alert(1)</script>"));
    CHECK(has_name(names, "<!--<script>"));
    CHECK(has_name(names, "line\xE2\x80\xA8sep\xE2\x80\xA9para"));
    CHECK(has_name(names, "bad\xEF\xBF\xBD\xEF\xBF\xBDutf8\"quote\\back"));
    CHECK(has_name(names, "</SCRIPT >&lt"));
    json_decref(data);
  }
  free(page);
  pk_profile_free(p);
}

/* Pre-order arrays: depth, name index and self of every node, root first,
 * siblings in display order; colours one per name. */
static void test_tree_arrays(void) {
  const char *const stacks[] = {"a;b", "a;c;d", "a", "e"};
  const int64_t values[] = {2, 3, 1, 4};
  pk_profile *p = pk_check_profile(stacks, values, 4);
  size_t len;
  char *page = page_of(p, NULL, &len);
  json_t *data = data_of(page);
  if (data) {
    json_t *tree = json_object_get(data, "tree");
    const char *want_names[] = {"a", "b", "c", "d", "e"};
    const int want_name[] = {-1, 0, 1, 2, 3, 4}, want_depth[] = {0, 1, 2, 2, 3, 1};
    const int want_self[] = {0, 1, 2, 0, 3, 4};
    json_t *names = json_object_get(tree, "names");
    CHECK_EQ_INT(json_array_size(names), 5);
    for (size_t i = 0; i < 5 && i < json_array_size(names); i++)
      CHECK_STR(json_string_value(json_array_get(names, i)), want_names[i]);
    CHECK_EQ_INT(json_array_size(json_object_get(tree, "colors")), 5);
    json_t *name = json_object_get(tree, "name"), *depth = json_object_get(tree, "depth");
    json_t *self = json_array_get(json_object_get(tree, "self"), 0);
    CHECK_EQ_INT(json_array_size(name), 6);
    for (size_t i = 0; i < 6 && i < json_array_size(name); i++) {
      CHECK_EQ_INT(json_integer_value(json_array_get(name, i)), want_name[i]);
      CHECK_EQ_INT(json_integer_value(json_array_get(depth, i)), want_depth[i]);
      CHECK_EQ_INT(json_integer_value(json_array_get(self, i)), want_self[i]);
    }
    CHECK(json_object_get(tree, "chart") == NULL);
    json_decref(data);
  }
  free(page);
  pk_profile_free(p);
}

static void test_deep_stack(void) {
  enum { DEPTH = 100000 };
  pk_profile *p = pk_profile_new();
  CHECK(pk_profile_add_sample_type(p, "samples", "count") == 0);
  pk_id *frames = malloc(DEPTH * sizeof *frames);
  char name[32];
  for (size_t i = 0; i < DEPTH; i++) {
    int n = snprintf(name, sizeof name, "f%zu", i % 1000);
    frames[i] = pk_profile_frame_named(p, name, (size_t)n, PK_FRAME_PLAIN);
  }
  int64_t one = 1;
  CHECK(pk_profile_add_stack(p, frames, DEPTH, &one, NULL) == 0);
  CHECK(pk_profile_finish(p, NULL) == 0);
  size_t len;
  char *page = page_of(p, NULL, &len);
  json_t *data = data_of(page);
  if (data) {
    CHECK_EQ_INT(json_array_size(json_object_get(json_object_get(data, "tree"), "depth")), DEPTH + 1);
    json_decref(data);
  }
  free(page);
  free(frames);
  pk_profile_free(p);
}

int main(void) {
  test_hostile_names();
  test_tree_arrays();
  test_deep_stack();
  return pk_check_exit("render_html");
}
