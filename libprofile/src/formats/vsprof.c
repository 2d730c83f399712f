/*
 * vsprof.c - reader for the Visual Studio profiler's call tree summary
 * (CallTreeSummary.csv, written by `VSPerfReport /summary:calltree`), as
 * inferno's collapse-vsprof reads it.
 *
 * The first line is the header, the format's marker: "Level,Function
 * Name,Number of Calls,..." (after a UTF-8 byte order mark).  Each row is
 * one call-tree node: its level, its function name (quoted) and its number
 * of calls, written with thousands separators ("2,893,824").
 *
 * Calls are not samples, so the weights follow inferno's collapse-vsprof
 * rules, to meet its expected results: rows are kept on a stack of open
 * calls; a row's stack is written (with its number of calls, when not 0)
 * when the next row is its sibling or shallower, or at the end; when the
 * level falls, each closed row's calls are taken from its parent's (when
 * smaller), and a closed row whose calls equal the last closed one's is
 * not written again.  A stack written twice keeps the last value (two
 * sibling rows of one name: the second wins), as inferno's table does.
 * Level 0 (the process) is a row like the others; its 0 calls write
 * nothing.  A level that skips one, a level or a count that is not a whole
 * number, and a row without a name are errors naming the line.  Records
 * are lines: a quote left open at the end of a line is an error.
 */
#include <stdlib.h>
#include <string.h>

#include "util/csv_fields.h"
#include "util/grow.h"
#include "util/line_scan.h"
#include "formats/readers.h"

static size_t first_line(const char *buf, size_t len, size_t *bom) {
  *bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  const char *nl = memchr(buf, '\n', len);
  size_t n = nl ? (size_t)(nl - buf) : len;
  while (n > *bom && buf[n - 1] == '\r') n--;
  return n;
}

typedef struct {
  pk_id node;
  int64_t calls; /* less the calls of closed children, by inferno's rule */
} open_row;

/* The last value written for each node, by node id (0: none). */
typedef struct {
  int64_t *value;
  size_t count, cap;
} written;

static int write_top(written *w, const open_row *open, size_t depth) {
  if (!depth || !open[depth - 1].calls) return 0;
  size_t id = (size_t)open[depth - 1].node;
  if (id >= w->count) {
    if (pk_grow((void **)&w->value, &w->cap, id + 1, sizeof *w->value)) return PK_ENOMEM;
    memset(w->value + w->count, 0, (id + 1 - w->count) * sizeof *w->value);
    w->count = id + 1;
  }
  w->value[id] = open[depth - 1].calls;
  return 0;
}

bool pk_vsprof_probe(const char *buf, size_t len) {
  size_t bom, n = first_line(buf, len, &bom);
  pk_csv_field f[3];
  return pk_csv_split(buf + bom, n - bom, f, 3) >= 3 && pk_csv_field_is(&f[0], "Level") &&
         pk_csv_field_is(&f[1], "Function Name") && pk_csv_field_is(&f[2], "Number of Calls");
}

int pk_vsprof_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                    pk_error *err) {
  (void)opts;
  if (!pk_vsprof_probe(buf, len))
    return pk_error_set(err, PK_EPARSE, path, 1, PK_NO_POSITION, "no \"Level,Function Name,Number of Calls\" header");
  if (pk_profile_add_sample_type(p, "calls", "count") < 0)
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  const char *nl = memchr(buf, '\n', len);
  const char *l = nl ? nl + 1 : buf + len, *end = buf + len;
  uint64_t line = 1;
  open_row *open = NULL;
  written w = {NULL, 0, 0};
  size_t depth = 0, cap = 0, rows = 0, name_cap = 0;
  char *name = NULL;
  int rc = 0;
  size_t n;
  for (const char *s; !rc && (s = pk_next_line(&l, end, &n));) {
    line++;
    if (!n) continue;
    pk_csv_field f[3];
    size_t count = pk_csv_split(s, n, f, 3);
    long long level, calls;
    const char *msg = NULL;
    if (!count)
      msg = "a quote is not closed (or is followed by more than a comma)";
    else if (!pk_csv_count(&f[0], &level) || memchr(f[0].text, ',', f[0].len))
      msg = "the level is not a whole number";
    else if (count < 3 || !f[1].len)
      msg = "no function name and number of calls";
    else if (!pk_csv_count(&f[2], &calls))
      msg = "the number of calls is not a whole number";
    else if ((unsigned long long)level > depth + 1)
      msg = "the level skips one";
    if (msg) {
      rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "%s", msg);
      break;
    }
    rows++;
    size_t to = (size_t)level;
    if (to < depth) { /* the level falls: close rows down to this one's sibling */
      int64_t closed_calls = 0;
      for (size_t k = depth - to + 1; k && depth; k--) {
        if (closed_calls != open[depth - 1].calls && (rc = write_top(&w, open, depth))) break;
        closed_calls = open[--depth].calls;
        if (depth && closed_calls < open[depth - 1].calls) open[depth - 1].calls -= closed_calls;
      }
      if (rc) break;
    } else if (to == depth && depth) { /* a sibling: the previous row was a leaf */
      if ((rc = write_top(&w, open, depth))) break;
      depth--;
    }
    if (pk_grow((void **)&name, &name_cap, f[1].len + 1, 1) || pk_grow((void **)&open, &cap, depth + 1, sizeof *open)) {
      rc = PK_ENOMEM;
      break;
    }
    pk_id frame = pk_profile_frame_named(p, name, pk_csv_unquote(&f[1], name), PK_FRAME_PLAIN);
    pk_id node = frame == PK_NONE ? PK_NONE : pk_profile_child(p, depth ? open[depth - 1].node : PK_ROOT, frame);
    if (node == PK_NONE) {
      rc = PK_ENOMEM;
      break;
    }
    open[depth++] = (open_row){node, (int64_t)calls};
  }
  if (!rc) rc = write_top(&w, open, depth);
  if (rc == PK_ENOMEM) rc = pk_error_set(err, PK_ENOMEM, path, line, PK_NO_POSITION, "out of memory");
  for (size_t i = 0; !rc && i < w.count; i++)
    if (w.value[i] > 0 && pk_profile_add_self(p, (pk_id)i, &w.value[i]))
      rc = pk_error_set(err, PK_ELIMIT, path, line, PK_NO_POSITION, "costs overflow 2^63-1");
  free(w.value);
  free(open);
  free(name);
  if (!rc && !rows) rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "no rows after the header");
  if (!rc) pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "vsprof");
  return rc;
}
