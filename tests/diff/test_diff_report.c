/*
 * test_diff_report.c - the JSON report parses (jansson) and follows the
 * schema of docs/diff.md, hostile names and invalid UTF-8 included; gates
 * report their breaches; budgets count each sample once.
 */
#include <jansson.h>
#include <stdlib.h>

#include "check.h"
#include "profkit/diff.h"
#include "profkit/folded.h"

static pk_profile *parse(const char *text) {
  pk_profile *p = pk_profile_new();
  CHECK_EQ_INT(pk_folded_parse(p, text, strlen(text), "t.folded", NULL, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_finish(p, NULL), PK_OK);
  return p;
}

int main(void) {
  pk_profile *before = parse("main;\"q\\\xff;\x01 10\nmain;rec;rec 100\nmain;b 100\n");
  pk_profile *after = parse("main;\"q\\\xff;\x01 200\nmain;rec;rec 100\nmain;b 100\n");
  pk_diff *d;
  pk_error err;
  CHECK_EQ_INT(pk_diff_new(&d, before, 0, after, 0, NULL, &err), PK_OK);

  pk_diff_budget budgets[2];
  CHECK_EQ_INT(pk_diff_parse_budget(&budgets[0], "^rec$<=20", &err), PK_OK);
  CHECK_STR(budgets[0].regex, "^rec$");
  CHECK_EQ_INT(pk_diff_parse_budget(&budgets[1], "a<=b<=5%", &err), PK_OK);
  CHECK_STR(budgets[1].regex, "a<=b");
  CHECK(budgets[1].max_percent == 5);
  pk_diff_budget bad;
  CHECK_EQ_INT(pk_diff_parse_budget(&bad, "<=5", &err), PK_EINVAL);
  CHECK_EQ_INT(pk_diff_parse_budget(&bad, "x<=five", &err), PK_EINVAL);
  pk_diff_gates gates = PK_DIFF_GATES_INIT;
  gates.fail_if_grown = 1.0, gates.budgets = budgets, gates.budget_count = 1;
  pk_diff_verdict v;
  CHECK_EQ_INT(pk_diff_check(&v, d, &gates, &err), PK_OK);
  /* rec recursing counts once: 100 of 400 after = 25% > 20%; before 100 of 210. */
  CHECK(v.budget_count == 1 && v.budget_share[0] == 25.0);
  CHECK(v.budget_share_before[0] > 47.61 && v.budget_share_before[0] < 47.62);
  /* ';' splits the odd name: '"q\\\xff' and '\x01' both grew, on one call
   * path: one line (the leaf \x01, where the time is spent, by its self
   * share) with its caller as context, then the budget. */
  CHECK_EQ_INT(v.all_count, 2);
  CHECK_EQ_INT(v.count, 2);
  CHECK(v.breaches[0].kind == PK_BREACH_GROWN && v.breaches[0].flat && v.breaches[0].context == 1);
  CHECK(v.breaches[0].what_len == 1 && v.breaches[0].what[0] == '\x01');
  CHECK(v.all_breaches[0].line == 0 && v.all_breaches[1].line == 0);
  CHECK(v.breaches[1].kind == PK_BREACH_BUDGET);

  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  pk_diff_report r = {.version = PK_DIFF_REPORT_VERSION, .before_name = "before \"1\"", .after_name = "after",
                      .top = 5, .gates = &gates, .verdict = &v};
  CHECK_EQ_INT(pk_diff_write_json(f, d, &r, &err), PK_OK);
  fclose(f);
  json_error_t jerr;
  json_t *root = json_loads(buf, 0, &jerr);
  CHECK(root != NULL);
  if (!root) fprintf(stderr, "JSON error %s at line %d:\n%s\n", jerr.text, jerr.line, buf);
  if (root) {
    CHECK_STR(json_string_value(json_object_get(root, "schema")), "profkit-diff/1");
    CHECK_STR(json_string_value(json_object_get(json_object_get(root, "before"), "name")), "before \"1\"");
    CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(root, "after"), "total")), 400);
    CHECK(json_is_true(json_object_get(root, "normalized")));
    json_t *top = json_object_get(root, "top_self");
    CHECK(json_array_size(top) >= 1);
    json_t *first = json_array_get(top, 0);
    /* "\xff" became U+FFFD and \x01 an escape; the quote and backslash survived. */
    CHECK_STR(json_string_value(json_object_get(first, "function")), "\x01");
    CHECK_STR(json_string_value(json_object_get(first, "class")), "grew");
    CHECK_EQ_INT(json_integer_value(json_object_get(first, "after")), 200);
    json_t *gate = json_object_get(root, "gates");
    CHECK(json_is_false(json_object_get(gate, "passed")));
    CHECK_EQ_INT(json_array_size(json_object_get(gate, "breaches")), 2);
    CHECK_EQ_INT(json_array_size(json_object_get(gate, "all_breaches")), 2);
    json_t *line = json_array_get(json_object_get(gate, "breaches"), 0);
    CHECK_STR(json_string_value(json_object_get(line, "measure")), "flat");
    CHECK_EQ_INT(json_array_size(json_object_get(line, "context")), 1);
    CHECK_STR(json_string_value(json_object_get(json_object_get(root, "runs"), "run_to_run_noise")), "unknown");
    json_t *b0 = json_array_get(json_object_get(gate, "budgets"), 0);
    CHECK_STR(json_string_value(json_object_get(b0, "regex")), "^rec$");
    CHECK(json_is_false(json_object_get(b0, "passed")));
    json_decref(root);
  }
  /* The name with the quote and backslash is its own function: find it. */
  bool found = false;
  for (size_t i = 0; i < pk_diff_function_count(d); i++) {
    size_t len;
    const char *name = pk_diff_function_name(d, i, &len);
    if (len == 4 && memcmp(name, "\"q\\\xff", 4) == 0) found = true;
  }
  CHECK(found);
  CHECK(strstr(buf, "\"\\\"q\\\\\\ufffd\"") != NULL);
  free(buf);
  pk_diff_verdict_release(&v);
  pk_diff_budget_release(&budgets[0]);
  pk_diff_budget_release(&budgets[1]);
  pk_diff_free(d);
  pk_profile_free(before);
  pk_profile_free(after);
  return pk_check_exit("test_diff_report");
}
