/*
 * instruments.c - reader for a "deep copy" of a macOS Instruments call tree
 * (Edit > Deep Copy, pasted to a file), read as speedscope reads it.  The
 * .trace bundles Instruments saves are another, binary format, not read.
 *
 * The text is tab-separated: a header line naming the columns, then one
 * row per call-tree node.  The header is the marker: a "Symbol Name" (or,
 * from Instruments 16, "Symbol Names") column after a tab, and a weight
 * column, "Weight" or "Running Time" (time, or cycles) or "Bytes Used"
 * (allocations).  A row's symbol is indented one space per level
 * (speedscope counts the blanks at both ends; with "Symbol Names" as many
 * characters as the first row's last space are cut first).  A weight reads
 * as speedscope's pattern "<number> <unit>  <percent>%": the whole part of
 * the number (speedscope's parseInt) times the unit: ms, s, min (time, kept
 * in nanoseconds); cycles, Kc, Mc, Gc (cycles); Bytes, KB, MB, GB (bytes).
 * A row without the pattern weighs 0; an unknown unit is an error.
 *
 * Weights are totals; self weights follow speedscope's call-tree builder:
 * a frame opens at the running sum and closes at the later of the sum and
 * where its own total ends, and what it adds to the sum then is its self
 * weight.  Frames are the trimmed symbol and the "Source Path" column.  An
 * indentation that skips a level is an error naming the line; the open
 * frames are an explicit stack.
 */
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/line_scan.h"
#include "formats/readers.h"

enum { NO_COLUMN = -1 };

typedef struct {
  int weight, name, path; /* column indexes, NO_COLUMN when absent */
  bool bytes;             /* the weight column is "Bytes Used" */
  bool names;             /* "Symbol Names" (Instruments 16) rather than "Symbol Name" */
} columns;

/* The i-th tab-separated field of s[0..n), or false when the line has fewer. */
static bool tab_field(const char *s, size_t n, int i, const char **f, size_t *len) {
  const char *e = s + n;
  for (; i > 0; i--) {
    const char *t = memchr(s, '\t', (size_t)(e - s));
    if (!t) return false;
    s = t + 1;
  }
  const char *t = memchr(s, '\t', (size_t)(e - s));
  *f = s;
  *len = (size_t)((t ? t : e) - s);
  return true;
}

static bool is(const char *f, size_t len, const char *s) { return len == strlen(s) && memcmp(f, s, len) == 0; }

/* Reads the header into c; false when it is not a deep copy's. */
static bool header(const char *s, size_t n, columns *c) {
  if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, n -= 3;
  *c = (columns){NO_COLUMN, NO_COLUMN, NO_COLUMN, false, false};
  int bytes = NO_COLUMN, weight = NO_COLUMN;
  const char *f;
  size_t len;
  for (int i = 0; tab_field(s, n, i, &f, &len); i++) {
    for (size_t k = 0; k < len; k++) /* speedscope's /^[\w \t\(\)]*\tSymbol Name/ */
      if (!(f[k] == ' ' || f[k] == '(' || f[k] == ')' || f[k] == '_' || (f[k] >= '0' && f[k] <= '9') ||
            (f[k] >= 'a' && f[k] <= 'z') || (f[k] >= 'A' && f[k] <= 'Z')))
        return false;
    if (is(f, len, "Symbol Name") || is(f, len, "Symbol Names")) {
      if (!i) return false; /* after a tab */
      c->name = i;
      c->names = len == strlen("Symbol Names");
      break; /* speedscope's pattern stops here */
    }
    if (is(f, len, "Bytes Used")) bytes = i;
    else if (is(f, len, "Weight") || (is(f, len, "Running Time") && weight == NO_COLUMN)) weight = i;
    else if (is(f, len, "Source Path")) c->path = i;
  }
  for (int i = c->name + 1; c->name != NO_COLUMN && tab_field(s, n, i, &f, &len); i++)
    if (is(f, len, "Source Path")) c->path = i;
  c->bytes = bytes != NO_COLUMN;
  c->weight = c->bytes ? bytes : weight;
  return c->name != NO_COLUMN && c->weight != NO_COLUMN;
}

bool pk_instruments_probe(const char *buf, size_t len) {
  columns c;
  const char *at = buf, *s;
  size_t n;
  return (s = pk_next_line(&at, buf + len, &n)) && header(s, n, &c);
}

/* Bytes of a JavaScript \s at s[0..n) (ASCII blanks, U+00A0, U+1680,
 * U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF), or 0. */
static size_t js_space(const unsigned char *s, size_t n) {
  if (!n) return 0;
  if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')) return 1;
  if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) return 2;
  if (n < 3) return 0;
  if (s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80) return 3;
  if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF)) return 3;
  if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) return 3;
  if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return 3;
  if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) return 3;
  return 0;
}

static bool digit(char c) { return c >= '0' && c <= '9'; }
static bool word(char c) { return digit(c) || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

typedef enum { UNIT_NONE, UNIT_TIME, UNIT_CYCLES, UNIT_BYTES } unit_family;

/* speedscope's weight pattern at s[0..n): the whole part of the number
 * (in *value) and the unit (*unit, *unit_len); false when it does not occur. */
static bool weight_pattern(const char *s, size_t n, bool bytes, uint64_t *value, const char **unit, size_t *unit_len) {
  for (size_t i = 0; i < n; i++) {
    if (!digit(s[i]) || (i && digit(s[i - 1]))) continue;
    size_t k = i;
    uint64_t v = 0;
    bool big = false;
    while (k < n && digit(s[k])) {
      if (v > (UINT64_MAX - 9) / 10) big = true;
      else v = v * 10 + (uint64_t)(s[k] - '0');
      k++;
    }
    if (k + 1 < n && s[k] == '.' && digit(s[k + 1]))
      for (k++; k < n && digit(s[k]); k++) {}
    if (k < n && s[k] == ' ') k++;
    else if (bytes) continue;
    size_t u = k;
    while (k < n && word(s[k])) k++;
    if (k == u) continue;
    size_t u_end = k, sp, spaces = 0;
    while ((sp = js_space((const unsigned char *)s + k, n - k))) k += sp, spaces++;
    if (!spaces || k >= n || !digit(s[k])) continue;
    while (k < n && digit(s[k])) k++;
    if (k >= n || s[k] != '.' || k + 1 >= n || !digit(s[k + 1])) continue;
    for (k++; k < n && digit(s[k]); k++) {}
    if (k >= n || s[k] != '%') continue;
    if (big) continue; /* a number past 2^64 weighs nothing here; the caller refuses it */
    *value = v;
    *unit = s + u;
    *unit_len = u_end - u;
    return true;
  }
  return false;
}

/* The unit's family and multiplier to its base (ms, cycles, bytes). */
static unit_family unit_of(const char *u, size_t n, bool bytes, uint64_t *mult) {
  static const struct {
    const char *name;
    uint64_t mult;
    unit_family family;
  } time_units[] = {{"ms", 1, UNIT_TIME},          {"s", 1000, UNIT_TIME},           {"min", 60000, UNIT_TIME},
                    {"cycles", 1, UNIT_CYCLES},    {"Kc", 1000, UNIT_CYCLES},        {"Mc", 1000000, UNIT_CYCLES},
                    {"Gc", 1000000000, UNIT_CYCLES}},
    byte_units[] = {{"Bytes", 1, UNIT_BYTES},
                    {"KB", 1024, UNIT_BYTES},
                    {"MB", 1024 * 1024, UNIT_BYTES},
                    {"GB", 1024 * 1024 * 1024, UNIT_BYTES}};
  const size_t count = bytes ? sizeof byte_units / sizeof byte_units[0] : sizeof time_units / sizeof time_units[0];
  for (size_t i = 0; i < count; i++) {
    const char *name = bytes ? byte_units[i].name : time_units[i].name;
    if (is(u, n, name)) {
      *mult = bytes ? byte_units[i].mult : time_units[i].mult;
      return bytes ? byte_units[i].family : time_units[i].family;
    }
  }
  return UNIT_NONE;
}

typedef struct {
  pk_id node;
  int64_t end; /* where the frame's own total ends */
} open_frame;

/* Closes open frames down to `to`: each one's self weight is what it
 * extends the running sum by (scaled to the sample type's unit).  Returns
 * NULL or the error message. */
static const char *close_to(pk_profile *p, open_frame *stack, size_t *depth, size_t to, int64_t *sum, int64_t scale) {
  while (*depth > to) {
    open_frame *top = &stack[--*depth];
    int64_t self = top->end > *sum ? top->end - *sum : 0, scaled;
    *sum += self; /* = top->end, no overflow */
    if (__builtin_mul_overflow(self, scale, &scaled) || (self && pk_profile_add_self(p, top->node, &scaled)))
      return "weights overflow 2^63-1";
  }
  return NULL;
}

int pk_instruments_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                         pk_error *err) {
  (void)opts;
  const char *end = buf + len, *first = buf, *head_line;
  size_t n;
  columns c;
  if (!(head_line = pk_next_line(&first, end, &n)) || !header(head_line, n, &c))
    return pk_error_set(err, PK_EPARSE, path, 1, PK_NO_POSITION, "no deep-copy header (weight column, then a tab and \"Symbol Name\")");
  /* the family of units (time or cycles) is the first weighed row's */
  unit_family family = c.bytes ? UNIT_BYTES : UNIT_NONE;
  size_t lead = 0; /* "Symbol Names": characters cut from each name */
  bool lead_known = false;
  size_t ln;
  for (const char *l = first, *s; (family == UNIT_NONE || !lead_known) && (s = pk_next_line(&l, end, &ln));) {
    const char *f, *u;
    size_t fl, ul;
    uint64_t v, mult;
    if (family == UNIT_NONE && tab_field(s, ln, c.weight, &f, &fl) && weight_pattern(f, fl, false, &v, &u, &ul))
      family = unit_of(u, ul, false, &mult);
    if (!lead_known) { /* speedscope: the first row's Symbol Names, lastIndexOf(' ') + 1 */
      lead_known = true;
      if (c.names && tab_field(s, ln, c.name, &f, &fl))
        for (size_t k = 0; k < fl; k++)
          if (f[k] == ' ') lead = k + 1;
    }
  }
  int64_t scale = family == UNIT_TIME ? 1000000 : 1; /* ms -> ns */
  if (pk_profile_add_sample_type(p, family == UNIT_BYTES ? "space" : family == UNIT_CYCLES ? "cycles" : "wall",
                                 family == UNIT_BYTES ? "bytes" : family == UNIT_CYCLES ? "count" : "nanoseconds") < 0)
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  open_frame *stack = NULL;
  size_t depth = 0, cap = 0, rows = 0;
  int64_t sum = 0; /* speedscope's cumulativeValue, in the unit's base */
  uint64_t line = 1;
  const char *msg = NULL;
  for (const char *l = first, *s; !msg && (s = pk_next_line(&l, end, &ln));) {
    line++;
    const char *name;
    size_t name_len;
    if (!tab_field(s, ln, c.name, &name, &name_len)) continue; /* no symbol: skipped, as speedscope does */
    if (c.names) { /* slice(lead), in characters */
      size_t cut = 0, chars = 0;
      while (cut < name_len && chars < lead) {
        cut++;
        while (cut < name_len && ((unsigned char)name[cut] & 0xC0) == 0x80) cut++;
        chars++;
      }
      name += cut;
      name_len -= cut;
    }
    if (!name_len) continue;
    size_t head = 0, tail = 0, levels = 0, sp;
    while ((sp = js_space((const unsigned char *)name + head, name_len - head))) head += sp, levels++;
    for (;;) { /* trailing blanks count as levels too (speedscope: length - trimmed length) */
      size_t k = name_len - tail;
      if (k > head && name[k - 1] == ' ') tail++, levels++;
      else if (k > head && name[k - 1] >= '\t' && name[k - 1] <= '\r') tail++, levels++;
      else break;
    }
    if (levels > depth) {
      msg = "indentation skips a level";
      break;
    }
    if ((msg = close_to(p, stack, &depth, levels, &sum, scale))) break;
    const char *w, *u;
    size_t wl, ul;
    uint64_t v = 0, mult = 1;
    int64_t weight = 0;
    if (tab_field(s, ln, c.weight, &w, &wl) && weight_pattern(w, wl, c.bytes, &v, &u, &ul)) {
      unit_family fam = unit_of(u, ul, c.bytes, &mult);
      if (fam == UNIT_NONE) {
        msg = "unknown weight unit";
        break;
      }
      if (fam != family) {
        msg = "time and cycle weights mixed in one file";
        break;
      }
      if (v > (uint64_t)INT64_MAX / mult) {
        msg = "weight overflows 2^63-1";
        break;
      }
      weight = (int64_t)(v * mult);
    }
    pk_frame fr = {0};
    fr.name = pk_profile_intern(p, name + head, name_len - head - tail);
    const char *src;
    size_t src_len;
    if (c.path != NO_COLUMN && tab_field(s, ln, c.path, &src, &src_len) && src_len)
      fr.file = pk_profile_intern(p, src, src_len);
    pk_id frame = fr.name == PK_NONE || fr.file == PK_NONE ? PK_NONE : pk_profile_frame(p, &fr);
    pk_id node = frame == PK_NONE ? PK_NONE : pk_profile_child(p, depth ? stack[depth - 1].node : PK_ROOT, frame);
    if (node == PK_NONE || pk_grow((void **)&stack, &cap, depth + 1, sizeof *stack)) {
      msg = "out of memory";
      break;
    }
    int64_t frame_end;
    if (__builtin_add_overflow(sum, weight, &frame_end)) {
      msg = "weights overflow 2^63-1";
      break;
    }
    stack[depth++] = (open_frame){node, frame_end};
    rows++;
  }
  if (!msg) msg = close_to(p, stack, &depth, 0, &sum, scale);
  free(stack);
  int rc = 0;
  if (msg) rc = pk_error_set(err, strcmp(msg, "out of memory") ? PK_EPARSE : PK_ENOMEM, path, line, PK_NO_POSITION, "%s", msg);
  else if (!rows) rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "no rows after the header");
  else pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "instruments");
  return rc;
}
