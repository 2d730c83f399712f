/*
 * dtrace.c - reader for DTrace aggregations of stacks (`dtrace -n
 * 'profile-997 { @[ustack()] = count(); }'`), collapsed by the rules of
 * FlameGraph's stackcollapse.pl as inferno's collapse-dtrace keeps them,
 * so that its expected results are met.
 *
 * The output is a header (skipped up to the first blank line), then
 * stacks: one frame per line, leaf first, each stack ended by a line
 * holding only its count.  A frame is tidied: the `+0x1c` offset is cut at
 * the last `+`; a C++ name loses its argument list (`A::f(int)` -> `A::f`);
 * inlined frames `a->b` become `a;b_[i]` (as the kind PK_FRAME_INLINED),
 * Java's `;` become `:` and a leading `L` of inlined Java names goes; a
 * half-demangled Rust symbol is repaired (util/rust_symbol.c); an empty
 * frame is `-`.  A file that ends inside a stack is an error, as in inferno.
 *
 * Detection: after the first blank line, a stack line (holding a backtick
 * or a 0x address) before the first count line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/readers.h"
#include "util/rust_symbol.h"

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

static void trim(const char **s, size_t *n) {
  while (*n && is_space(**s)) (*s)++, (*n)--;
  while (*n && is_space((*s)[*n - 1])) (*n)--;
}

/* A line of digits only is a count line; *count is -1 when it is above
 * 2^63-1 (up to 19 digits are read; more are not a count line). */
static bool count_line(const char *s, size_t n, int64_t *count) {
  if (!n || n > 19) return false;
  int64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    int d = s[i] - '0';
    if (v > (INT64_MAX - d) / 10) v = -1;
    if (v >= 0) v = v * 10 + d;
  }
  *count = v;
  return true;
}

static bool hex_address(const char *s, size_t n) {
  if (n < 3 || n > 18 || s[0] != '0' || s[1] != 'x') return false;
  for (size_t i = 2; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F'))) return false;
  return true;
}

bool pk_dtrace_probe(const char *buf, size_t len) {
  size_t scan = len < 65536 ? len : 65536;
  bool blank = false, stack_line = false;
  for (const char *l = buf, *end = buf + scan; l < end;) {
    const char *nl = memchr(l, '\n', (size_t)(end - l));
    if (!nl && end < buf + len) break;
    const char *s = l;
    size_t n = (size_t)((nl ? nl : end) - l);
    l = nl ? nl + 1 : end;
    trim(&s, &n);
    int64_t c;
    if (!n) blank = true;
    else if (!blank) continue;
    else if (count_line(s, n, &c)) return stack_line;
    else if (memchr(s, '`', n) || hex_address(s, n)) stack_line = true;
    else return false;
  }
  return false;
}

typedef struct dtrace {
  pk_profile *p;
  pk_id *frames; /* leaf first, as read */
  size_t n, cap;
  char *scratch, *fixed;
  size_t scratch_cap;
} dtrace;

static int push(dtrace *d, const char *name, size_t n, pk_frame_kind kind) {
  pk_id f = pk_profile_frame_named(d->p, name, n, kind);
  if (f == PK_NONE || PK_GROW(d->frames, d->cap, d->n + 1)) return PK_ENOMEM;
  d->frames[d->n++] = f;
  return 0;
}

/* `A::B::f(int) const` -> `A::B::f`: cut at the last ( or < after the first :: */
static size_t uncpp(const char *s, size_t n) {
  const char *scope = NULL;
  for (size_t i = 0; i + 1 < n; i++)
    if (s[i] == ':' && s[i + 1] == ':') {
      scope = s + i;
      break;
    }
  if (!scope) return n;
  for (size_t i = n; i-- > (size_t)(scope - s) + 2;)
    if (s[i] == '(' || s[i] == '<') return i;
  return n;
}

/* One function (of an inlined chain): ';' -> ':' and the Rust repair. */
static int push_function(dtrace *d, const char *s, size_t n, bool strip_l, pk_frame_kind kind) {
  if (strip_l)
    while (n && *s == 'L') s++, n--;
  if (pk_grow((void **)&d->scratch, &d->scratch_cap, 2 * n + 2, 1)) return PK_ENOMEM;
  char *buf = d->scratch, *fixed = d->scratch + n + 1;
  for (size_t i = 0; i < n; i++) buf[i] = s[i] == ';' ? ':' : s[i];
  size_t m = n;
  /* module`function: the function part may be a half-demangled Rust name */
  const char *tick = memchr(buf, '`', n);
  if (tick) {
    size_t head = (size_t)(tick - buf) + 1, fn = n - head;
    while (fn && is_space(buf[head + fn - 1])) fn--;
    size_t r = pk_rust_symbol_fix(buf + head, fn, fixed);
    if (r) {
      memcpy(buf + head, fixed, r);
      m = head + r;
    }
  }
  return push(d, buf, m, kind);
}

static int on_frame(dtrace *d, const char *s, size_t n) {
  bool inlines = false, cpp = false;
  size_t last_plus = n;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '>' && i && s[i - 1] == '-') inlines = true;
    if (s[i] == ':' && i && s[i - 1] == ':') cpp = true;
    if (s[i] == '+') last_plus = i;
  }
  n = last_plus;
  if (cpp) n = uncpp(s, n);
  if (!n) return push(d, "-", 1, PK_FRAME_PLAIN);
  if (!inlines) return push_function(d, s, n, false, PK_FRAME_PLAIN);
  /* a->b->c (outermost first): pushed so that, read leaf first, a comes last */
  size_t start = d->n;
  for (size_t i = 0, from = 0; i <= n; i++) {
    if (i == n || (s[i] == '-' && i + 1 < n && s[i + 1] == '>')) {
      int rc = push_function(d, s + from, i - from, true, from ? PK_FRAME_INLINED : PK_FRAME_PLAIN);
      if (rc) return rc;
      from = i + 2;
      i++;
    }
  }
  for (size_t a = start, b = d->n - 1; a < b; a++, b--) { /* reverse the chain: leaf first like the rest */
    pk_id t = d->frames[a];
    d->frames[a] = d->frames[b];
    d->frames[b] = t;
  }
  return 0;
}

static int on_count(dtrace *d, int64_t count) {
  for (size_t a = 0, b = d->n ? d->n - 1 : 0; a < b; a++, b--) { /* root first */
    pk_id t = d->frames[a];
    d->frames[a] = d->frames[b];
    d->frames[b] = t;
  }
  int rc = pk_profile_add_stack(d->p, d->frames, d->n, &count, NULL);
  d->n = 0;
  return rc;
}

int pk_dtrace_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                    pk_error *err) {
  (void)opts;
  dtrace d = {0};
  d.p = p;
  int rc = pk_profile_add_sample_type(p, "samples", "count") < 0 ? PK_ENOMEM : 0;
  bool header = true;
  uint64_t line = 0, stacks = 0, stack_start = 0;
  for (const char *l = buf, *end = buf + len; l < end && !rc;) {
    const char *nl = memchr(l, '\n', (size_t)(end - l));
    const char *s = l;
    size_t n = (size_t)((nl ? nl : end) - l);
    l = nl ? nl + 1 : end;
    line++;
    trim(&s, &n);
    if (header) {
      header = n != 0;
      continue;
    }
    if (!n) continue;
    int64_t count;
    if (count_line(s, n, &count)) {
      rc = count < 0 ? PK_ELIMIT : on_count(&d, count);  /* the overflow error below */
      stacks++;
    } else {
      if (!d.n) stack_start = line;
      rc = on_frame(&d, s, n);
    }
  }
  free(d.frames);
  free(d.scratch);
  if (rc == PK_ELIMIT) return pk_error_set(err, rc, path, line, PK_NO_POSITION, "counts overflow 2^63-1");
  if (rc) return pk_error_set(err, PK_ENOMEM, path, line, PK_NO_POSITION, "out of memory");
  if (d.n) return pk_error_set(err, PK_EPARSE, path, stack_start, PK_NO_POSITION, "input ends inside this stack (no count line)");
  if (!stacks) return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "no dtrace stacks found");
  pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "dtrace");
  return 0;
}
