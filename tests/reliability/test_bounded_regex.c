/*
 * test_bounded_regex.c - patterns from input files stay within bounds
 * (libprofile/src/util/bounded_regex.c): the regex bomb of pp-rx-bomb.pb
 * and its relatives are refused as over a bound, catastrophic backtracking
 * stops at the match limit, and ordinary patterns match as pprof's
 * anchored "^(" + re + ")$" does.
 */
#include <string.h>

#include "check.h"
#include "util/bounded_regex.h"

static int compile_status(const char *pattern) {
  pk_bounded_rx *rx;
  char why[256];
  int st = pk_bounded_rx_compile(&rx, pattern, strlen(pattern), why, sizeof why);
  pk_bounded_rx_free(rx);
  return st;
}

static int match(const char *pattern, const char *subject) {
  pk_bounded_rx *rx;
  char why[256];
  if (pk_bounded_rx_compile(&rx, pattern, strlen(pattern), why, sizeof why) != PK_RX_OK) return -100;
  int m = pk_bounded_rx_match(rx, subject, strlen(subject));
  pk_bounded_rx_free(rx);
  return m;
}

int main(void) {
  /* over a bound: nested counted repetition, depth, length */
  CHECK_EQ_INT(compile_status("((((a{200}){200}){200}){200})"), PK_RX_TOO_BIG);
  char deep[400] = "";
  for (int i = 0; i < 100; i++) strcat(deep, "(");
  strcat(deep, "a");
  for (int i = 0; i < 100; i++) strcat(deep, ")");
  CHECK_EQ_INT(compile_status(deep), PK_RX_TOO_BIG);
  static char long_pattern[PK_RX_MAX_PATTERN + 2];
  memset(long_pattern, 'a', sizeof long_pattern - 1);
  CHECK_EQ_INT(compile_status(long_pattern), PK_RX_TOO_BIG);
  /* invalid is not over-bound: the caller may ignore it */
  CHECK_EQ_INT(compile_status("(unclosed"), PK_RX_INVALID);
  /* anchored at both ends, as pprof's ^(re)$ */
  CHECK_EQ_INT(match("runtime\\..*", "runtime.mallocgc"), 1);
  CHECK_EQ_INT(match("runtime\\..*", "main.runtime.x"), 0);
  CHECK_EQ_INT(match("a|b", "ab"), 0);
  CHECK_EQ_INT(match("a|b", "b"), 1);
  CHECK_EQ_INT(match("x", "x\n"), 0);
  /* catastrophic backtracking ends at the match bound, fast */
  char subject[64];
  memset(subject, 'a', 40);
  subject[40] = 'b';
  subject[41] = '\0';
  int m = match("(a+)+c", subject);
  CHECK(m == 0 || m == PK_RX_TOO_BIG);
  return pk_check_exit("test_bounded_regex");
}
