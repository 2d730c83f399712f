/*
 * papyrus.c - reader for Papyrus script and stack profiling logs (Skyrim,
 * Fallout 4: `StartScriptProfiling`, `StartStackProfiling`), by the rules
 * of speedscope's papyrus importer, so that its snapshots are met.
 *
 * After a "NAME log opened (PC)" line, each line is
 * "TIME:EVENT:STACK:DEPTH:FORM:FUNCTION" (TIME in milliseconds; "Log
 * closed" and blank lines are dropped, lines of fewer than three fields
 * skipped).  PUSH enters FUNCTION, POP leaves it, other events (START,
 * QUEUE_PUSH, QUEUE_POP) change nothing.  Every function runs under a frame
 * "STACK n" of its Papyrus stack: entering a function on another stack than
 * the innermost STACK frame opens that stack's frame first, closing the
 * bottom STACK frame at the last event when it is alone (a bottom STACK
 * frame is otherwise kept open between functions); leaving a function also
 * leaves a STACK frame that it uncovers above the bottom.  A POP of a
 * function not on top is ignored, unless nothing has happened yet (time 0:
 * then the function is taken as running since the start).  A PUSH whose POP
 * follows at the same time on the same stack is left at once, whatever
 * lines lie between (found through a sorted index of the POPs).  Frames still open close at the last line's time.
 * Time between events weighs the open stack (time with none open is not
 * drawn); one sample type, wall (nanoseconds).
 *
 * Differs on purpose: a PUSH or POP without a function name, a time or
 * stack number that is not an integer, and time running backwards are
 * errors with their line (speedscope would name a frame "undefined" or
 * compute with NaN).  Detection: the first line ends with "log opened
 * (...)" and the next is "TIME:EVENT:STACK:...".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/line_scan.h"
#include "formats/readers.h"

enum { EV_OTHER, EV_PUSH, EV_POP, EV_BARRIER };

typedef struct py_line {
  int64_t at; /* milliseconds since the first line */
  int64_t stack;
  const char *name; /* NULL when the line has fewer than six fields */
  size_t name_len;
  uint64_t line;
  int event;
  bool consumed; /* a POP already taken with its PUSH */
  size_t group;  /* lines of one time, up to a skipped line */
} py_line;

/* A PUSH's POP at the same time is found through an index of the POPs
 * sorted by (group, stack, name, line), so a log of many lines of one time
 * is not searched line by line for each PUSH.  A key's POPs before
 * next_free (kept in the key's first entry) are taken or out of reach. */
typedef struct py_pop {
  size_t group;
  int64_t stack;
  const char *name;
  size_t name_len, idx, next_free;
} py_pop;

static int pop_cmp_key(const py_pop *a, const py_pop *b) {
  if (a->group != b->group) return a->group < b->group ? -1 : 1;
  if (a->stack != b->stack) return a->stack < b->stack ? -1 : 1;
  if (a->name_len != b->name_len) return a->name_len < b->name_len ? -1 : 1;
  return memcmp(a->name, b->name, a->name_len);
}

static int pop_cmp(const void *x, const void *y) {
  const py_pop *a = x, *b = y;
  int c = pop_cmp_key(a, b);
  return c ? c : a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* First entry not below key (first_of_key) or not at or below key's idx. */
static size_t lower_bound(const py_pop *pops, size_t n, const py_pop *key, bool first_of_key) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = pop_cmp_key(&pops[mid], key);
    if (c < 0 || (!c && !first_of_key && pops[mid].idx <= key->idx)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static py_pop *index_pops(py_line *lines, size_t n_lines, size_t *n_pops) {
  size_t group = 0, n = 0;
  for (size_t i = 0; i < n_lines; i++) {
    if (i && (lines[i].at != lines[i - 1].at || lines[i].event == EV_BARRIER || lines[i - 1].event == EV_BARRIER)) group++;
    lines[i].group = group;
    n += lines[i].event == EV_POP;
  }
  *n_pops = n;
  py_pop *pops = n ? malloc(n * sizeof *pops) : NULL;
  if (!pops) return NULL;
  n = 0;
  for (size_t i = 0; i < n_lines; i++)
    if (lines[i].event == EV_POP) pops[n++] = (py_pop){lines[i].group, lines[i].stack, lines[i].name, lines[i].name_len, i, 0};
  qsort(pops, n, sizeof *pops, pop_cmp);
  return pops;
}

static bool dec(const char *s, size_t n, int64_t *out) {
  int64_t v = 0;
  if (!n) return false;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9' || __builtin_mul_overflow(v, (int64_t)10, &v) || __builtin_add_overflow(v, (int64_t)(s[i] - '0'), &v))
      return false;
  }
  *out = v;
  return true;
}

static bool opened_line(const char *s, size_t n) {
  const char *m = memmem(s, n, " log opened", 11);
  return m != NULL;
}

/* Splits "a:b:c:..." into up to six fields; returns the field count (up to 6). */
static int split_fields(const char *s, size_t n, const char **f, size_t *fl) {
  int k = 0;
  size_t start = 0;
  for (size_t i = 0; i <= n && k < 6; i++) {
    if (i == n || s[i] == ':') {
      f[k] = s + start;
      fl[k] = i - start;
      k++;
      start = i + 1;
    }
  }
  return k;
}

bool pk_papyrus_probe(const char *buf, size_t len) {
  const char *end = buf + (len < 4096 ? len : 4096), *cur = buf, *l;
  size_t n;
  if (!(l = pk_next_line(&cur, end, &n)) || cur == end || !opened_line(l, n) || !(l = pk_next_line(&cur, end, &n)))
    return false;
  const char *f[6];
  size_t fl[6];
  int64_t v;
  int k = split_fields(l, n, f, fl);
  if (k < 3 || !dec(f[0], fl[0], &v) || !dec(f[2], fl[2], &v) || !fl[1]) return false;
  for (size_t i = 0; i < fl[1]; i++)
    if (!((f[1][i] >= 'A' && f[1][i] <= 'Z') || f[1][i] == '_')) return false;
  return true;
}

typedef struct py_state {
  pk_profile *p;
  pk_id *frames; /* the open frames, outermost first */
  pk_id *nodes;  /* their call tree nodes: time is added to the top one */
  size_t cap_nodes;
  bool *is_stack;
  int64_t *stack_no;
  size_t depth, cap, cap_flags, cap_no;
  int64_t last_time;  /* of the last enter or leave, for the weights */
  int64_t last_event; /* speedscope's lastEventAt */
  const char *path;
  pk_error *err;
  uint64_t line;
} py_state;

static int fail(py_state *st, int code, const char *msg) {
  return pk_error_set(st->err, code, st->path, st->line, PK_NO_POSITION, "%s", msg);
}

/* The open stack weighs the time since the last change. */
static int advance(py_state *st, int64_t at) {
  if (at < st->last_time) return fail(st, PK_EPARSE, "time runs backwards");
  int64_t w;
  if (__builtin_mul_overflow(at - st->last_time, (int64_t)1000000, &w)) return fail(st, PK_ELIMIT, "time overflows");
  if (w && st->depth && pk_profile_add_self(st->p, st->nodes[st->depth - 1], &w))
    return fail(st, PK_ELIMIT, "weights overflow 2^63-1");
  st->last_time = at;
  return 0;
}

static int push(py_state *st, int64_t at, pk_id frame, bool is_stack, int64_t stack_no) {
  int rc = advance(st, at);
  if (rc) return rc;
  if (pk_grow((void **)&st->frames, &st->cap, st->depth + 1, sizeof *st->frames) ||
      pk_grow((void **)&st->nodes, &st->cap_nodes, st->depth + 1, sizeof *st->nodes) ||
      pk_grow((void **)&st->is_stack, &st->cap_flags, st->depth + 1, sizeof *st->is_stack) ||
      pk_grow((void **)&st->stack_no, &st->cap_no, st->depth + 1, sizeof *st->stack_no))
    return fail(st, PK_ENOMEM, "out of memory");
  st->frames[st->depth] = frame;
  st->nodes[st->depth] = pk_profile_child(st->p, st->depth ? st->nodes[st->depth - 1] : PK_ROOT, frame);
  if (st->nodes[st->depth] == PK_NONE) return fail(st, PK_ENOMEM, "out of memory");
  st->is_stack[st->depth] = is_stack;
  st->stack_no[st->depth] = stack_no;
  st->depth++;
  st->last_event = at;
  return 0;
}

/* Leaves the top frame, and the STACK frames it uncovers above the bottom. */
static int leave(py_state *st, int64_t at) {
  int rc = advance(st, at);
  if (rc) return rc;
  st->depth--;
  while (st->depth > 1 && st->is_stack[st->depth - 1]) st->depth--;
  st->last_event = at;
  return 0;
}

static int enter(py_state *st, int64_t at, int64_t stack_no, pk_id frame) {
  size_t k = st->depth;
  while (k && !st->is_stack[k - 1]) k--;
  if (!k || st->stack_no[k - 1] != stack_no) {
    int rc;
    if (st->depth == 1 && (rc = leave(st, st->last_event))) return rc;
    char name[32];
    int n = snprintf(name, sizeof name, "STACK %lld", (long long)stack_no);
    pk_id f = pk_profile_frame_named(st->p, name, (size_t)n, PK_FRAME_PLAIN);
    if (f == PK_NONE) return fail(st, PK_ENOMEM, "out of memory");
    if ((rc = push(st, at, f, true, stack_no))) return rc;
  }
  return push(st, at, frame, false, 0);
}

static int try_leave(py_state *st, const py_line *pl, pk_id frame) {
  if (st->depth && st->frames[st->depth - 1] == frame && !st->is_stack[st->depth - 1]) return leave(st, pl->at);
  if (st->last_event == 0) { /* running since the start */
    int rc = enter(st, 0, pl->stack, frame);
    return rc ? rc : leave(st, pl->at);
  }
  return 0; /* never entered: ignored, as speedscope does */
}

int pk_papyrus_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                     pk_error *err) {
  (void)opts;
  py_line *lines = NULL;
  size_t n_lines = 0, cap = 0, n_pops = 0;
  uint64_t lineno = 0, kept = 0, timed = 0;
  int64_t start = 0, last_at = 0;
  int rc = 0;
  const char *cur = buf, *s;
  size_t n;
  while (!rc && (s = pk_next_line(&cur, buf + len, &n))) {
    lineno++;
    if (!n || (n == 10 && !memcmp(s, "Log closed", 10)) || opened_line(s, n)) continue;
    const char *f[6];
    size_t fl[6];
    int k = split_fields(s, n, f, fl);
    kept++;
    py_line pl = {0};
    pl.line = lineno;
    if (k < 3) { /* skipped, but it ends the search for a PUSH's POP, as in speedscope */
      if (!n_lines) continue;
      pl.at = -1;
      pl.event = EV_BARRIER;
      if (pk_grow((void **)&lines, &cap, n_lines + 1, sizeof *lines)) {
        rc = pk_error_set(err, PK_ENOMEM, path, lineno, PK_NO_POSITION, "out of memory");
        break;
      }
      lines[n_lines++] = pl;
      continue;
    }
    timed++;
    if (!dec(f[0], fl[0], &pl.at) || !dec(f[2], fl[2], &pl.stack)) {
      rc = pk_error_set(err, PK_EPARSE, path, lineno, PK_NO_POSITION, "not \"TIME:EVENT:STACK:...\" with integer TIME and STACK");
      break;
    }
    if (!n_lines) start = pl.at;
    pl.at -= start; /* both non-negative: no overflow */
    last_at = pl.at;
    pl.event = fl[1] == 4 && !memcmp(f[1], "PUSH", 4) ? EV_PUSH : fl[1] == 3 && !memcmp(f[1], "POP", 3) ? EV_POP : EV_OTHER;
    if (k == 6) {
      pl.name = f[5];
      pl.name_len = fl[5];
    } else if (pl.event != EV_OTHER) {
      rc = pk_error_set(err, PK_EPARSE, path, lineno, PK_NO_POSITION, "%s without a function name",
                        pl.event == EV_PUSH ? "PUSH" : "POP");
      break;
    }
    if (pk_grow((void **)&lines, &cap, n_lines + 1, sizeof *lines)) {
      rc = pk_error_set(err, PK_ENOMEM, path, lineno, PK_NO_POSITION, "out of memory");
      break;
    }
    lines[n_lines++] = pl;
  }
  if (!rc && !timed) rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "no profile lines");
  if (!rc && kept > 2 * timed)
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                      "not a Papyrus log: %llu of %llu lines are no \"TIME:EVENT:STACK:...\"",
                      (unsigned long long)(kept - timed), (unsigned long long)kept);
  if (!rc && pk_profile_add_sample_type(p, "wall", "nanoseconds") < 0)
    rc = pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  py_pop *pops = rc ? NULL : index_pops(lines, n_lines, &n_pops);
  if (!rc && n_lines && !pops && n_pops) rc = pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  py_state st = {.p = p, .path = path, .err = err};
  for (size_t i = 0; i < n_lines && !rc; i++) {
    py_line *pl = &lines[i];
    if (pl->consumed || pl->event == EV_OTHER || pl->event == EV_BARRIER) continue;
    st.line = pl->line;
    pk_id frame = pk_profile_frame_named(p, pl->name, pl->name_len, PK_FRAME_PLAIN);
    if (frame == PK_NONE) {
      rc = fail(&st, PK_ENOMEM, "out of memory");
      break;
    }
    if (pl->event == EV_POP) {
      rc = try_leave(&st, pl, frame);
      continue;
    }
    if ((rc = enter(&st, pl->at, pl->stack, frame))) break;
    py_pop key = {pl->group, pl->stack, pl->name, pl->name_len, i, 0};
    size_t run = lower_bound(pops, n_pops, &key, true), k = lower_bound(pops, n_pops, &key, false);
    if (run < n_pops && !pop_cmp_key(&pops[run], &key)) { /* this key has POPs: the first free one after i */
      if (k < pops[run].next_free) k = pops[run].next_free;
      if (k < n_pops && !pop_cmp_key(&pops[k], &key)) {
        py_line *next = &lines[pops[k].idx];
        st.line = next->line;
        rc = try_leave(&st, next, frame);
        next->consumed = true;
        pops[run].next_free = k + 1;
      }
    }
  }
  free(pops);
  if (!rc) st.line = lines[n_lines - 1].line;
  while (!rc && st.depth) rc = leave(&st, last_at);
  free(lines);
  free(st.frames);
  free(st.nodes);
  free(st.is_stack);
  free(st.stack_no);
  if (!rc) pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "papyrus");
  return rc;
}
