/*
 * test_filter.c - each pprof-style filter on one small profile, checked as
 * canonical folded text; the time order survives; bad patterns are errors.
 */
#include <stdlib.h>

#include "check.h"
#include "profkit/filter.h"
#include "profkit/folded.h"

static const char *input =
    "main;a;b;c 10\n"
    "main;a;x 5\n"
    "main;hide_me;d 4\n"
    "main;e;f 1\n"
    "other;a;b 2\n";

static pk_profile *parse(void) {
  pk_profile *p = pk_profile_new();
  CHECK_EQ_INT(pk_folded_parse(p, input, strlen(input), "t.folded", NULL, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_finish(p, NULL), PK_OK);
  return p;
}

static char *filtered(const pk_profile *p, const pk_filter_options *o) {
  pk_profile *q;
  pk_error err;
  int rc = pk_profile_filter(&q, p, o, &err);
  CHECK_EQ_INT(rc, PK_OK);
  if (rc != PK_OK) return strdup("");
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  CHECK_EQ_INT(pk_folded_write(q, 0, 1, f, NULL), PK_OK);
  fclose(f);
  pk_profile_free(q);
  return buf;
}

#define CHECK_FILTER(p, opts, want)   \
  do {                                \
    char *got_ = filtered(p, &opts);  \
    CHECK_STR(got_, want);            \
    free(got_);                       \
  } while (0)

int main(void) {
  pk_profile *p = parse();
  pk_filter_options o = PK_FILTER_OPTIONS_INIT;
  CHECK(pk_filter_is_identity(&o));
  CHECK_FILTER(p, o, "main;a;b;c 10\nmain;a;x 5\nmain;e;f 1\nmain;hide_me;d 4\nother;a;b 2\n");

  o.focus = "^b$";
  CHECK_FILTER(p, o, "main;a;b;c 10\nother;a;b 2\n");
  o.focus_root = true;
  CHECK_FILTER(p, o, "b 2\nb;c 10\n");
  o = (pk_filter_options)PK_FILTER_OPTIONS_INIT;

  o.ignore = "^a$";
  CHECK_FILTER(p, o, "main;e;f 1\nmain;hide_me;d 4\n");
  o = (pk_filter_options)PK_FILTER_OPTIONS_INIT;

  o.hide = "hide_";
  CHECK_FILTER(p, o, "main;a;b;c 10\nmain;a;x 5\nmain;d 4\nmain;e;f 1\nother;a;b 2\n");
  o = (pk_filter_options)PK_FILTER_OPTIONS_INIT;

  o.prune_from = "^a$";
  CHECK_FILTER(p, o, "main;a 15\nmain;e;f 1\nmain;hide_me;d 4\nother;a 2\n");
  o = (pk_filter_options)PK_FILTER_OPTIONS_INIT;

  /* 5% of 22 = 1.1: e (1) and f fold into main, whose width stays 20. */
  o.min_percent = 5;
  CHECK_FILTER(p, o, "main 1\nmain;a;b;c 10\nmain;a;x 5\nmain;hide_me;d 4\nother;a;b 2\n");
  o = (pk_filter_options)PK_FILTER_OPTIONS_INIT;

  /* Combined: ignore x, hide a, then focus on c. */
  o.ignore = "^x$";
  o.hide = "^a$";
  o.focus = "c";
  CHECK_FILTER(p, o, "main;b;c 10\n");
  o = (pk_filter_options)PK_FILTER_OPTIONS_INIT;

  /* Errors name the option and the pattern. */
  pk_profile *q = NULL;
  pk_error err;
  o.hide = "(unclosed";
  CHECK_EQ_INT(pk_profile_filter(&q, p, &o, &err), PK_EINVAL);
  CHECK(strstr(err.message, "--hide") && strstr(err.message, "(unclosed"));
  CHECK(q == NULL);
  o = (pk_filter_options)PK_FILTER_OPTIONS_INIT;
  o.min_percent = 101;
  CHECK_EQ_INT(pk_profile_filter(&q, p, &o, &err), PK_EINVAL);

  /* The time order follows kept samples to their new nodes. */
  pk_id c = PK_NONE, f_leaf = PK_NONE;
  for (size_t id = 0; id < pk_profile_node_count(p); id++) {
    const char *name = pk_profile_frame_name(p, pk_profile_node(p, (pk_id)id)->frame);
    if (strcmp(name, "c") == 0) c = (pk_id)id;
    if (strcmp(name, "f") == 0) f_leaf = (pk_id)id;
  }
  CHECK_EQ_INT(pk_profile_add_event(p, c, 0), PK_OK);
  CHECK_EQ_INT(pk_profile_add_event(p, f_leaf, 7), PK_OK);
  CHECK_EQ_INT(pk_profile_add_event(p, c, 9), PK_OK);
  o = (pk_filter_options)PK_FILTER_OPTIONS_INIT;
  o.ignore = "^e$";
  o.hide = "^a$";
  CHECK_EQ_INT(pk_profile_filter(&q, p, &o, &err), PK_OK);
  CHECK_EQ_INT(pk_profile_event_count(q), 2);
  const pk_event *ev = pk_profile_events(q);
  for (size_t i = 0; i < pk_profile_event_count(q); i++) {
    const pk_node *n = pk_profile_node(q, ev[i].node);
    CHECK_STR(pk_profile_frame_name(q, n->frame), "c");
    CHECK_EQ_INT(n->depth, 3); /* main;b;c */
  }
  CHECK_EQ_INT(ev[1].time, 9);
  pk_profile_free(q);
  pk_profile_free(p);
  return pk_check_exit("test_filter");
}
