/*
 * test_perf_script.c - the perf script collapse, rule by rule, on small
 * inputs whose expected output was worked out from stackcollapse-perf.pl
 * (and checked against it): event-line parsing, period weighting, event
 * filtering, symbol tidying, annotations, --pid/--tid/--addrs, and the
 * last-stack rule.
 */
#include "fmt_helpers.h"

static char *collapse(const char *text, bool pid, bool tid, bool kernel, bool jit, bool addrs) {
  pk_read_options o = PK_READ_OPTIONS_INIT;
  o.perf_pid = pid, o.perf_tid = tid, o.perf_kernel = kernel, o.perf_jit = jit, o.perf_addrs = addrs;
  pk_error err;
  pk_profile *p = fmt_parse(text, strlen(text), &o, &err);
  if (!p) {
    fprintf(stderr, "parse failed: %s\n", err.message);
    return strdup("(error)");
  }
  CHECK_STR(fmt_name(p), "perf");
  char *s = fmt_folded(p, 0);
  pk_profile_free(p);
  return s;
}

static void check(const char *text, bool pid, bool tid, bool kernel, bool jit, bool addrs, const char *want) {
  char *got = collapse(text, pid, tid, kernel, jit, addrs);
  CHECK_STR(got, want);
  free(got);
}

int main(void) {
  const char *basic =
      "# ========\n# cmdline : /usr/bin/perf record -g ./a.out\n"
      "V8 WorkerThread 24636/25607 [000] 94564.109216: 100 cycles:\n"
      "\t7f1 foo (/usr/lib/libx.so)\n"
      "\t7f2 ns::bar(int) const (/usr/lib/libx.so)\n"
      "\t7f3 main+0x1f (/tmp/a.out)\n\n"
      "java 12688 [002] 6544038.708352: 0 cycles:\n"
      "\tffff81 native_safe_halt ([kernel.kallsyms])\n"
      "\t7f4 Lorg/foo/Bar;::run (/tmp/perf-12688.map)\n"
      "\t7f5 [unknown] (/usr/lib/jvm/libjvm.so)\n"
      "\t7f6 [unknown] ([unknown])\n\n"
      "java 12688 [002] 6544038.708353: 5 instructions:\n"
      "\t7f7 ignored (/x)\n\n"
      "go 1/0 1.0: 3 cycles:\n"
      "\t7f8 net/http.(*Client).Do (/bin/go)\n"
      "\t7f9 f(anonymous namespace)::g\"x\"(int) (/bin/go)\n"
      "\t7fa a->b->c (/bin/go)\n\n"
      "last 9 2.0: 1 cycles:\n"
      "\t7fb dropped (/x)\n";
  check(basic, false, false, false, false, false,
        "V8_WorkerThread;main;ns::bar;foo 100\n"
        "go;a;b_[i];c_[i];f(anonymous namespace)::gx;net/http.(*Client).Do 3\n"
        "java;[unknown];[libjvm.so];org/foo/Bar:::run;native_safe_halt 1\n");
  check(basic, true, false, true, true, true,
        "V8_WorkerThread-24636;main;ns::bar;foo 100\n"
        "go-?;a;b_[i];c_[i];f(anonymous namespace)::gx;net/http.(*Client).Do 3\n"
        "java-?;[unknown <7f6>];[libjvm.so <7f5>];org/foo/Bar:::run_[j];native_safe_halt_[k] 1\n");
  check(basic, false, true, false, false, false,
        "V8_WorkerThread-24636/25607;main;ns::bar;foo 100\n"
        "go-?/1;a;b_[i];c_[i];f(anonymous namespace)::gx;net/http.(*Client).Do 3\n"
        "java-?/12688;[unknown];[libjvm.so];org/foo/Bar:::run;native_safe_halt 1\n");
  /* a file whose only stack has no blank line after it keeps it */
  check("ab 1 1.0: 7 cpu-clock:\n  1 f (m)\n  2 g (m)", false, false, false, false, false, "ab;g;f 7\n");
  /* a one-letter command cannot match (\\S.+? needs two characters): Perl takes more */
  check("a 1 1.0: 7 cpu-clock:\n  1 f (m)\n\n", false, false, false, false, false, "a_1_1.0:;f 7\n");
  /* no event name and no period column: every sample counts 1 */
  check("java 19983 cycles:\nffff1 f ([kernel.kallsyms])\n\njava 19983 cycles:\nffff1 f ([kernel.kallsyms])\n\n",
        false, false, true, false, false, "java;f_[k] 2\n");
  /* time order: one event per recorded sample, microseconds since the first */
  const char *timed = "ab 1 [001] 1.000100: 7 cpu-clock:\n\t1 f (m)\n\nab 1 [001] 1.000350: 7 cpu-clock:\n\t2 g (m)\n\n";
  pk_error terr;
  pk_profile *tp = fmt_parse(timed, strlen(timed), NULL, &terr);
  CHECK(tp != NULL);
  if (tp) {
    CHECK_EQ_INT(pk_profile_event_count(tp), 2);
    if (pk_profile_event_count(tp) == 2) {
      CHECK_EQ_INT(pk_profile_events(tp)[0].time, 0);
      CHECK_EQ_INT(pk_profile_events(tp)[1].time, 250);
      CHECK_STR(pk_profile_frame_name(tp, pk_profile_node(tp, pk_profile_events(tp)[1].node)->frame), "g");
    }
    pk_profile_free(tp);
  }
  /* a 100,000-frame stack */
  enum { DEPTH = 100000 };
  char *deep = malloc((size_t)DEPTH * 24 + 64);
  size_t n = (size_t)sprintf(deep, "deep 1 1.0: 1 cycles:\n");
  for (int i = 0; i < DEPTH; i++) n += (size_t)sprintf(deep + n, "\t%x f%d (/m)\n", i, i % 3);
  deep[n++] = '\n';
  pk_error err;
  pk_profile *p = fmt_parse(deep, n, NULL, &err);
  CHECK(p != NULL);
  if (p) {
    CHECK_EQ_INT(pk_profile_node_count(p), DEPTH + 2); /* root, "deep", the frames */
    pk_profile_free(p);
  }
  free(deep);
  p = fmt_parse("# only a header\n\n", 17, NULL, &err);
  CHECK(p == NULL);
  pk_profile_free(p);
  return pk_check_exit("test_perf_script");
}
