/*
 * macos_sample.c - reader for the report of macOS's `sample` command (and
 * Activity Monitor's "Sample Process"), by the rules of inferno's
 * collapse-sample, so that its expected results are met.
 *
 * The call graph sits between "Call graph:" and "Total number in stack":
 * each line is four spaces, then tree-drawing characters (" +|:!", two per
 * level), then "COUNT function  (in module) + offset  [address]".  A frame
 * is "module`function" (".dylib" dropped from the module, a half-demangled
 * Rust name repaired); the first level is the thread.  When the tree
 * climbs back (a line no deeper than the one before), the stack that just
 * ended is recorded with the count of its leaf, unless the leaf is a known
 * waiting function (__psynch_cvwait, kevent, mach_msg_trap, ...), so idle
 * threads do not fill the graph.  Malformed lines (odd indentation, a
 * skipped level, a count that is not a number, a graph that never ends)
 * are errors with their line, as in inferno.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/readers.h"
#include "util/rust_symbol.h"

static const char *const waiting[] = {"__psynch_cvwait", "__select", "__semwait_signal", "__ulock_wait", "__wait4",
                                      "__workq_kernreturn", "kevent", "mach_msg_trap", "read", "semaphore_wait_trap"};

bool pk_macos_sample_probe(const char *buf, size_t len) {
  size_t scan = len < 65536 ? len : 65536;
  bool analysis = len >= 21 && memcmp(buf, "Analysis of sampling ", 21) == 0;
  const char *graph = memmem(buf, scan, "\nCall graph:", 12);
  return graph && (analysis || memmem(buf, scan, "Analysis Tool:", 14) != NULL);
}

typedef struct sampler {
  pk_profile *p;
  pk_id *stack;
  size_t depth, cap;
  int64_t leaf_count;
  char *name;
  size_t name_cap;
} sampler;

static bool is_indent(char c) { return c == ' ' || c == '+' || c == '|' || c == ':' || c == '!'; }

static bool ends_with(const char *s, size_t n, const char *suffix) {
  size_t k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int record(sampler *s) {
  if (!s->depth) return 0;
  size_t n;
  const char *leaf = pk_profile_string(s->p, pk_profile_get_frame(s->p, s->stack[s->depth - 1])->name, &n);
  for (size_t i = 0; i < sizeof waiting / sizeof waiting[0]; i++)
    if (ends_with(leaf, n, waiting[i])) return 0;
  return pk_profile_add_stack(s->p, s->stack, s->depth, &s->leaf_count, NULL);
}

/* "COUNT function  (in module) + 1  [0x...]" -> count, frame */
static int frame_line(sampler *s, const char *l, size_t n, pk_id *frame, int64_t *count) {
  while (n && *l == ' ') l++, n--;
  const char *sp = memchr(l, ' ', n);
  if (!sp) return PK_EPARSE;
  size_t cn = (size_t)(sp - l);
  if (!cn || cn > 18) return PK_EPARSE;
  int64_t c = 0;
  for (size_t i = 0; i < cn; i++) {
    if (l[i] < '0' || l[i] > '9') return PK_EPARSE;
    c = c * 10 + (l[i] - '0');
  }
  *count = c;
  const char *rest = sp + 1;
  size_t rn = n - cn - 1;
  const char *open = memchr(rest, '(', rn);
  size_t fn = open ? (size_t)(open - rest) : rn;
  while (fn && (rest[fn - 1] == ' ' || rest[fn - 1] == '\t')) fn--;
  /* the module: after the last "(in ", up to ')' */
  const char *mod = rest;
  size_t mn = 0;
  for (const char *q = rest; q + 4 <= rest + rn; q++)
    if (memcmp(q, "(in ", 4) == 0) mod = q + 4;
  const char *close = memchr(mod, ')', (size_t)(rest + rn - mod));
  if (close) mn = (size_t)(close - mod);
  if (ends_with(mod, mn, ".dylib")) mn -= 6;
  if (pk_grow((void **)&s->name, &s->name_cap, 2 * (mn + fn) + 4, 1)) return PK_ENOMEM;
  char *fixed = s->name + mn + fn + 2;
  size_t fixed_len = pk_rust_symbol_fix(rest, fn, fixed);
  const char *func = fixed_len ? fixed : rest;
  size_t func_len = fixed_len ? fixed_len : fn;
  size_t k = 0;
  if (mn) {
    memcpy(s->name, mod, mn);
    s->name[mn] = '`';
    k = mn + 1;
  }
  memmove(s->name + k, func, func_len);
  *frame = pk_profile_frame_named(s->p, s->name, k + func_len, PK_FRAME_PLAIN);
  return *frame == PK_NONE ? PK_ENOMEM : 0;
}

int pk_macos_sample_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                          pk_error *err) {
  (void)opts;
  sampler s = {0};
  s.p = p;
  const char *l = buf, *end = buf + len;
  uint64_t line = 0;
  bool in_graph = false, ended = false;
  int rc = pk_profile_add_sample_type(p, "samples", "count") < 0 ? PK_ENOMEM : 0;
  const char *problem = NULL;
  while (l < end && !rc && !ended) {
    const char *nl = memchr(l, '\n', (size_t)(end - l));
    const char *t = l;
    size_t n = (size_t)((nl ? nl : end) - l);
    l = nl ? nl + 1 : end;
    line++;
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r')) n--;
    if (!in_graph) {
      in_graph = n >= 11 && memcmp(t, "Call graph:", 11) == 0;
      continue;
    }
    if (!n) continue;
    if (n >= 21 && memcmp(t, "Total number in stack", 21) == 0) {
      rc = record(&s);
      ended = true;
      break;
    }
    if (n < 4 || memcmp(t, "    ", 4) != 0) {
      problem = "stack line does not start with four spaces";
      break;
    }
    size_t indent = 4;
    while (indent < n && is_indent(t[indent])) indent++;
    if (indent == n) {
      problem = "stack line holds only indentation";
      break;
    }
    if ((indent - 4) % 2) {
      problem = "odd number of indentation characters";
      break;
    }
    size_t depth = (indent - 4) / 2 + 1;
    if (depth <= s.depth) {
      if ((rc = record(&s))) break;
      s.depth = depth - 1;
    } else if (depth > s.depth + 1) {
      problem = "indentation skips a level";
      break;
    }
    pk_id frame;
    int64_t count;
    rc = frame_line(&s, t + indent, n - indent, &frame, &count);
    if (rc == PK_EPARSE) {
      rc = 0;
      problem = "invalid sample count";
      break;
    }
    if (rc || PK_GROW(s.stack, s.cap, s.depth + 1)) {
      rc = rc ? rc : PK_ENOMEM;
      break;
    }
    s.stack[s.depth++] = frame;
    s.leaf_count = count;
  }
  free(s.stack);
  free(s.name);
  if (rc == PK_ELIMIT) return pk_error_set(err, rc, path, line, PK_NO_POSITION, "counts overflow 2^63-1");
  if (rc) return pk_error_set(err, PK_ENOMEM, path, line, PK_NO_POSITION, "out of memory");
  if (problem) return pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "%s", problem);
  if (!in_graph) return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "no \"Call graph:\" section");
  if (!ended)
    return pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "the call graph does not end (no \"Total number in stack\")");
  pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "macos-sample");
  return 0;
}
