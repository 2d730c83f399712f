/*
 * vtune.c - reader for Intel VTune's top-down call tree exported as CSV
 * (`vtune -report top-down -call-stack-mode all -column="CPU Time:Self,Module"
 * -format csv -csv-delimiter comma`), as inferno's collapse-vtune reads it.
 *
 * Lines before the header ("Function Stack,CPU Time:Self,Module") are
 * VTune's notes and are skipped; the header is the format's marker.  After
 * it, one line per call-tree node: the function name indented one space
 * per level (quoted when it holds a comma), its self CPU time in seconds,
 * and its module.  A node's frame is `module`function` (inferno's default),
 * or the bare function when the module is empty or there is no Module
 * column; its self time becomes milliseconds, rounded to the nearest as
 * inferno does.  An indentation that skips a level, a line that is not
 * function,time[,module] or a time that is not a number is an error naming
 * the line.  The tree is built with an explicit stack of open nodes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv_fields.h"
#include "util/grow.h"
#include "util/line_scan.h"
#include "formats/readers.h"

static size_t skip_bom(const char *s, size_t n) {
  return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* 1 for "Function Stack,CPU Time:Self" (2 with a Module column after), else 0. */
static int header_line(const char *s, size_t n) {
  size_t b = skip_bom(s, n);
  while (n > b && (s[n - 1] == '\r' || s[n - 1] == ' ')) n--;
  pk_csv_field f[4];
  size_t count = pk_csv_split(s + b, n - b, f, 4);
  if (count < 2 || !pk_csv_field_is(&f[0], "Function Stack") || !pk_csv_field_is(&f[1], "CPU Time:Self")) return 0;
  return count >= 3 && pk_csv_field_is(&f[2], "Module") ? 2 : 1;
}

static bool is_header(const char *s, size_t n) { return header_line(s, n) != 0; }

bool pk_vtune_probe(const char *buf, size_t len) { return pk_any_line(buf, len, 65536, is_header); }

/* Seconds as written by VTune ("0.023113") to whole milliseconds, rounded to nearest. */
static bool milliseconds(const pk_csv_field *f, int64_t *out) {
  char tmp[64];
  if (!f->len || f->len >= sizeof tmp) return false;
  memcpy(tmp, f->text, f->len);
  tmp[f->len] = 0;
  char *end;
  double s = strtod(tmp, &end);
  if (*end || !(s >= 0) || s >= 9e12) return false; /* also refuses NaN */
  *out = (int64_t)llround(s * 1000.0);
  return true;
}

int pk_vtune_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                   pk_error *err) {
  (void)opts;
  const char *l = buf, *end = buf + len;
  uint64_t line = 0;
  int columns = 0;
  size_t n;
  for (const char *s; !columns && (s = pk_next_line(&l, end, &n));) {
    columns = header_line(s, n);
    line++;
  }
  if (!columns)
    return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                        "no \"Function Stack,CPU Time:Self,Module\" header");
  if (pk_profile_add_sample_type(p, "cpu_time", "milliseconds") < 0)
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  pk_id *stack = NULL;
  size_t depth = 0, cap = 0, rows = 0, name_cap = 0;
  char *name = NULL;
  int rc = 0;
  for (const char *s; !rc && (s = pk_next_line(&l, end, &n));) {
    line++;
    while (n && (s[n - 1] == '\r' || s[n - 1] == ' ')) n--;
    if (!n) continue;
    size_t indent = 0;
    while (indent < n && s[indent] == ' ') indent++;
    pk_csv_field f[3];
    size_t count = pk_csv_split(s + indent, n - indent, f, 3);
    if (count < (size_t)columns + 1 || !f[0].len) {
      rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION,
                        columns == 2 ? "not a stack line (function,CPU time,module)" : "not a stack line (function,CPU time)");
      break;
    }
    if (indent > depth) {
      rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "indentation skips a level");
      break;
    }
    int64_t ms;
    if (!milliseconds(&f[1], &ms)) {
      rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "invalid CPU time \"%.*s\"",
                        (int)(f[1].len < 40 ? f[1].len : 40), f[1].text);
      break;
    }
    size_t module_len = columns == 2 ? f[2].len : 0;
    if (pk_grow((void **)&name, &name_cap, module_len + f[0].len + 2, 1) ||
        pk_grow((void **)&stack, &cap, indent + 1, sizeof *stack)) {
      rc = pk_error_set(err, PK_ENOMEM, path, line, PK_NO_POSITION, "out of memory");
      break;
    }
    size_t k = 0;
    if (module_len) {
      k = pk_csv_unquote(&f[2], name);
      name[k++] = '`';
    }
    k += pk_csv_unquote(&f[0], name + k);
    pk_id frame = pk_profile_frame_named(p, name, k, PK_FRAME_PLAIN);
    pk_id node = frame == PK_NONE ? PK_NONE : pk_profile_child(p, indent ? stack[indent - 1] : PK_ROOT, frame);
    if (node == PK_NONE) {
      rc = pk_error_set(err, PK_ENOMEM, path, line, PK_NO_POSITION, "out of memory");
      break;
    }
    stack[indent] = node;
    depth = indent + 1;
    if (pk_profile_add_self(p, node, &ms)) rc = pk_error_set(err, PK_ELIMIT, path, line, PK_NO_POSITION, "costs overflow 2^63-1");
    rows++;
  }
  free(stack);
  free(name);
  if (!rc && !rows) rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "no stack lines after the header");
  if (!rc) pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "vtune");
  return rc;
}
