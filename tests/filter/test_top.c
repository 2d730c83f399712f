/*
 * test_top.c - the pprof -top table: flat and cum per function, recursion
 * counted once in cum, names sanitised.
 */
#include <stdlib.h>

#include "check.h"
#include "profkit/folded.h"
#include "profkit/top.h"

int main(void) {
  const char *input =
      "main;rec;rec;leaf 6\n"
      "main;rec 2\n"
      "main;other 2\n"
      "main;bad\x1b[31m 1\n";
  pk_profile *p = pk_profile_new();
  CHECK_EQ_INT(pk_folded_parse(p, input, strlen(input), "t.folded", NULL, NULL), PK_OK);
  CHECK_EQ_INT(pk_profile_finish(p, NULL), PK_OK);
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  pk_top_options o = PK_TOP_OPTIONS_INIT;
  o.limit = 3;
  CHECK_EQ_INT(pk_top_write(f, p, &o, NULL), PK_OK);
  fclose(f);
  CHECK_STR(buf,
            "Showing 3 of 5 functions: 90.91% of a total of 11 (samples, count), sorted by flat\n"
            "        flat  flat%   sum%          cum   cum%\n"
            "           6 54.55% 54.55%            6 54.55%  leaf\n"
            "           2 18.18% 72.73%            2 18.18%  other\n"
            "           2 18.18% 90.91%            8 72.73%  rec\n");
  free(buf);
  buf = NULL;
  f = open_memstream(&buf, &size);
  o.by_total = true;
  o.limit = 0;
  CHECK_EQ_INT(pk_top_write(f, p, &o, NULL), PK_OK);
  fclose(f);
  /* main (cum 11) first; the escape byte is replaced, not passed to the terminal. */
  CHECK(strstr(buf, "sorted by cum\n") != NULL);
  CHECK(strstr(buf, "          11 100.00%  main\n") != NULL);
  CHECK(strchr(buf, '\x1b') == NULL);
  CHECK(strstr(buf, "bad\xEF\xBF\xBD[31m") != NULL);
  free(buf);
  o.type = 4;
  CHECK_EQ_INT(pk_top_write(stdout, p, &o, NULL), PK_EINVAL);
  pk_profile_free(p);
  return pk_check_exit("test_top");
}
