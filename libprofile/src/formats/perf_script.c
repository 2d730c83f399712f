/*
 * formats/perf_script.c - reader for `perf script` text (Linux perf, simpleperf).
 *
 * This is a line-for-line port of FlameGraph's stackcollapse-perf.pl
 * (master, period-weighted), so that `flamegen --format folded` can replace
 * it in pipelines and produce the same bytes.  The Perl script is a loop of
 * regular expressions; each one is reproduced here by a small hand-written
 * matcher that follows Perl's backtracking rules for that particular
 * pattern (leftmost match, greedy or lazy as written), with the pattern
 * quoted in the comment above it.  The quirks are kept on purpose: the first
 * event type seen filters the others, a stack is only recorded at a blank
 * line (so a file that does not end with one loses its last stack, as
 * master does, unless that stack is the only one), a period of "0" counts
 * as 1.
 *
 * Frames are interned by name; the annotations _[k] _[j] _[i] become the
 * frame kind, which the folded writer turns back into the same suffix.
 * Each recorded sample is also a time-order event (its timestamp, in
 * microseconds since the first sample), for flame charts.
 * Lines are consumed in place from the slurped buffer; the only per-line
 * work outside the model is one scratch buffer for the tidied name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/hash.h"
#include "formats/thread_select.h"
#include "model/profile_internal.h"
#include "util/hash_index.h"
#include "profkit/reader.h"
#include "formats/readers.h"
#include "formats/perf_collapse.h"
#include "util/progress_tick.h"

/* Perl's \s on byte strings: space, \t, \n, \v, \f, \r. */
static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

typedef struct slice {
  const char *s;
  size_t n;
} slice;

static bool slice_eq(slice a, const char *lit) {
  size_t n = strlen(lit);
  return a.n == n && memcmp(a.s, lit, n) == 0;
}

static const char *find_sub(const char *s, size_t n, const char *lit) {
  size_t m = strlen(lit);
  if (m > n) return NULL;
  const char *end = s + n - m + 1;
  for (const char *q = s; (q = memchr(q, lit[0], (size_t)(end - q))) != NULL; q++)
    if (memcmp(q, lit, m) == 0) return q;
  return NULL;
}

/* ---- event line: ^(\S.+?)\s+(\d+)\/ *(\d+)*\s+  (no space before the first star) ---- */

typedef struct event_line {
  slice comm, pid, tid;  /* tid.n == 0 when absent */
} event_line;

/* Tries the tail \s+ digits slashes digits \s+ at position i. */
static bool match_ids_at(const char *l, size_t n, size_t i, event_line *ev) {
  size_t j = i;
  while (j < n && is_space(l[j])) j++;
  if (j == i) return false;
  size_t p0 = j;
  while (j < n && is_digit(l[j])) j++;
  if (j == p0) return false;
  size_t p1 = j;
  while (j < n && l[j] == '/') j++;
  size_t t0 = j;
  while (j < n && is_digit(l[j])) j++;
  size_t t1 = j;
  if (j >= n || !is_space(l[j])) return false;
  ev->pid = (slice){l + p0, p1 - p0};
  ev->tid = (slice){l + t0, t1 - t0};
  return true;
}

static bool match_event_line(const char *l, size_t n, event_line *ev) {
  if (n < 2 || is_space(l[0])) return false;
  /* lazy .+? : the shortest comm of at least two characters */
  for (size_t end = 2; end < n; end++) {
    if (match_ids_at(l, n, end, ev)) {
      ev->comm = (slice){l, end};
      return true;
    }
  }
  return false;
}

/* ---- period and event: /:\s*(\d+)*\s+(\S+):\s*$/ ----
 * The tail must be: ':' ws* digits* ws+ TOKEN ':' ws* end.  Returns false
 * when it does not match; period.n == 0 when no digits. */
static bool match_period_event(const char *l, size_t n, slice *period, slice *event) {
  size_t e = n;
  while (e > 0 && is_space(l[e - 1])) e--;
  if (e < 2 || l[e - 1] != ':') return false;
  size_t tok_end = e - 1; /* \S+ then ':' */
  size_t t = tok_end;
  /* \S+ is greedy but must be followed by ':'; the last ':' of the token
   * ends it, and the token runs back to the preceding whitespace. */
  while (t > 0 && !is_space(l[t - 1])) t--;
  if (t == tok_end) return false; /* \S+ needs one character */
  size_t w = t;
  while (w > 0 && is_space(l[w - 1])) w--;
  if (w == t) return false; /* \s+ before the token */
  size_t d = w;
  while (d > 0 && is_digit(l[d - 1])) d--;
  size_t c = d;
  while (c > 0 && is_space(l[c - 1])) c--;
  *event = (slice){l + t, tok_end - t};
  if (d < w && c > 0 && l[c - 1] == ':') {
    *period = (slice){l + d, w - d};
    return true;
  }
  /* no digits: ':' \s* \s+ directly before the token */
  if (d == w && c > 0 && l[c - 1] == ':') {
    *period = (slice){NULL, 0};
    return true;
  }
  /* digits not preceded by ':' \s*: the digits may still be \S+ of the token?
   * No: \S+ cannot cross the whitespace, so there is no match. */
  return false;
}

/* ---- stack line: /^\s*(\w+)\s*(.+) \((.*)\)/ ---- */

typedef struct stack_line {
  slice pc, func, mod;
} stack_line;

static bool match_stack_line(const char *l, size_t n, stack_line *sl) {
  size_t w0 = 0;
  while (w0 < n && is_space(l[w0])) w0++;
  size_t w1 = w0;
  while (w1 < n && is_word(l[w1])) w1++;
  if (w1 == w0) return false;
  size_t f = w1;
  while (f < n && is_space(l[f])) f++;
  size_t last_paren = n;
  for (size_t i = n; i > 0; i--)
    if (l[i - 1] == ')') {
      last_paren = i - 1;
      break;
    }
  if (last_paren == n) return false;
  /* (.+) greedy: the rightmost " (" with a ')' after it, leaving (.+) at
   * least one character after the earliest start the pattern allows. */
  size_t p = SIZE_MAX;
  for (size_t i = last_paren >= 2 ? last_paren - 1 : 0; i-- > 0;) {
    if (l[i] == ' ' && l[i + 1] == '(' && i + 2 <= last_paren) {
      p = i;
      break;
    }
  }
  if (p == SIZE_MAX || p < w0 + 2) return false;
  size_t start = f < p ? f : p - 1;
  size_t pc_end = start < w1 ? start : w1;
  sl->pc = (slice){l + w0, pc_end - w0};
  sl->func = (slice){l + start, p - start};
  sl->mod = (slice){l + p + 2, last_paren - (p + 2)};
  return true;
}

/* ---- collapse state ---- */

/* Stack lines repeat: the frames a (symbol, module, java?) triple tidies
 * to are remembered, so a repeated line costs one hash lookup. */
typedef struct line_entry {
  uint64_t hash;
  size_t key;        /* offset in keys */
  uint32_t key_len;
  uint32_t first, count;  /* range in ids */
} line_entry;

typedef struct line_cache {
  pk_idindex index;  /* entries by hash */
  line_entry *entries;
  size_t n, cap;
  char *keys;
  size_t keys_len, keys_cap;
  pk_id *ids;
  size_t n_ids, cap_ids;
} line_cache;

struct pk_perf_collapser {
  pk_profile *p;
  const pk_read_options *opts;
  bool kernel, jit, addrs;
  /* frames of the current sample, leaf-first in reverse line order */
  pk_id *frames;
  size_t n_frames, cap_frames;
  /* scratch for names */
  char *buf;
  size_t cap_buf;
  char *pname;
  size_t pname_len, cap_pname;
  bool have_pname, pname_is_java;
  int64_t period;
  bool weighted; /* some recorded sample had a period other than 1 */
  pk_thread_select select; /* --thread (comm or tid) / --process (pid) */
  int64_t time_us, first_time_us;  /* sample time; INT64_MIN if none */
  /* event filter */
  char *event_filter;
  size_t event_filter_len;
  bool event_warned;
  uint64_t unrecognized, first_unrecognized_line;
  line_cache cache;
  char *key;
  size_t cap_key;
  const char *path;
  uint64_t line_no;
  /* the previous sample's stack and the node at each depth: consecutive
   * samples share long prefixes, which are then not looked up again */
  pk_id *prev_frames, *prev_nodes;
  size_t n_prev, cap_prev_frames, cap_prev_nodes;
};
typedef struct pk_perf_collapser collapser;

static int push_frame(collapser *c, pk_id id) {
  if (id == PK_NONE) return PK_ENOMEM;
  if (pk_grow((void **)&c->frames, &c->cap_frames, c->n_frames + 1, sizeof(pk_id))) return PK_ENOMEM;
  c->frames[c->n_frames++] = id;
  return 0;
}

/* Interns name with a trailing _[k] _[j] _[i] turned into the frame kind. */
static pk_id intern_annotated(pk_profile *p, const char *name, size_t len) {
  pk_frame_kind kind = PK_FRAME_PLAIN;
  if (len > 4 && name[len - 4] == '_' && name[len - 3] == '[' && name[len - 1] == ']') {
    switch (name[len - 2]) {
    case 'k': kind = PK_FRAME_KERNEL; break;
    case 'j': kind = PK_FRAME_JIT; break;
    case 'i': kind = PK_FRAME_INLINED; break;
    case 'w': kind = PK_FRAME_WAKER; break;
    default: break;
    }
    if (kind != PK_FRAME_PLAIN) len -= 4;
  }
  return pk_profile_frame_named(p, name, len, kind);
}

static bool mod_is_kernel(slice mod) {
  if (mod.n == 0) return false;
  bool k = mod.s[0] == '[' || (mod.n >= 7 && memcmp(mod.s + mod.n - 7, "vmlinux", 7) == 0);
  return k && !find_sub(mod.s, mod.n, "unknown");
}

/* m:/tmp/perf-\d+\.map: */
static bool mod_is_jit(slice mod) {
  const char *s = mod.s, *end = mod.s + mod.n;
  while ((s = find_sub(s, (size_t)(end - s), "/tmp/perf-")) != NULL) {
    const char *d = s + 10;
    const char *q = d;
    while (q < end && is_digit(*q)) q++;
    if (q > d && end - q >= 4 && memcmp(q, ".map", 4) == 0) return true;
    s++;
  }
  return false;
}

/* Tidies one "->"-separated part of a symbol as the script does and
 * appends the annotation; the result is in c->buf, its length returned. */
static int tidy_func(collapser *c, slice func, const stack_line *sl, bool inlined, size_t *out_len) {
  size_t need = func.n + sl->mod.n + sl->pc.n + 16;
  if (pk_grow((void **)&c->buf, &c->cap_buf, need, 1)) return PK_ENOMEM;
  char *b = c->buf;
  size_t n = 0;
  if (slice_eq(func, "[unknown]")) {
    b[n++] = '[';
    if (!slice_eq(sl->mod, "[unknown]")) {
      const char *base = sl->mod.s, *end = sl->mod.s + sl->mod.n;
      for (const char *q = sl->mod.s; q < end; q++)
        if (*q == '/') base = q + 1;
      memcpy(b + n, base, (size_t)(end - base));
      n += (size_t)(end - base);
    } else {
      memcpy(b + n, "unknown", 7);
      n += 7;
    }
    if (c->addrs) {
      b[n++] = ' ';
      b[n++] = '<';
      memcpy(b + n, sl->pc.s, sl->pc.n);
      n += sl->pc.n;
      b[n++] = '>';
    }
    b[n++] = ']';
  } else {
    memcpy(b, func.s, func.n);
    n = func.n;
  }
  /* tidy_generic: s/;/:/g */
  for (size_t i = 0; i < n; i++)
    if (b[i] == ';') b[i] = ':';
  /* unless the name matches \.\(.*\)\. (a Go method), cut it at the first
   * '(' that does not open "(anonymous namespace)" */
  const char *go = find_sub(b, n, ".(");
  bool is_go = go && find_sub(go + 2, n - (size_t)(go + 2 - b), ").");
  if (!is_go) {
    static const char anon[] = "anonymous namespace)";
    for (size_t i = 0; i < n; i++) {
      if (b[i] != '(') continue;
      if (n - i - 1 >= sizeof anon - 1 && memcmp(b + i + 1, anon, sizeof anon - 1) == 0) continue;
      n = i;
      break;
    }
  }
  /* tr/"'//d */
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (b[i] != '"' && b[i] != '\'') b[k++] = b[i];
  n = k;
  /* tidy_java: s/^L// if the name contains '/' */
  if (c->pname_is_java && n > 0 && b[0] == 'L' && memchr(b, '/', n)) {
    memmove(b, b + 1, n - 1);
    n--;
  }
  if (inlined) {
    if (!find_sub(b, n, "_[i]")) {
      memcpy(b + n, "_[i]", 4);
      n += 4;
    }
  } else if (c->kernel && mod_is_kernel(sl->mod)) {
    memcpy(b + n, "_[k]", 4);
    n += 4;
  } else if (c->jit && mod_is_jit(sl->mod)) {
    if (!find_sub(b, n, "_[j]")) {
      memcpy(b + n, "_[j]", 4);
      n += 4;
    }
  }
  *out_len = n;
  return 0;
}

static int on_stack_line(collapser *c, const stack_line *sl) {
  slice raw = sl->func;
  /* s/\+0x[\da-f]+$// */
  size_t e = raw.n;
  while (e > 0 && is_lower_hex(raw.s[e - 1])) e--;
  if (e < raw.n && e >= 3 && memcmp(raw.s + e - 3, "+0x", 3) == 0) raw.n = e - 3;
  if (raw.n > 0 && raw.s[0] == '(') return 0; /* process names */
  /* split /->/, dropping trailing empty fields */
  size_t parts_start = c->n_frames;
  size_t n_parts = 0, last_nonempty = 0;
  const char *s = raw.s, *end = raw.s + raw.n;
  while (true) {
    const char *arrow = find_sub(s, (size_t)(end - s), "->");
    const char *pe = arrow ? arrow : end;
    slice part = {s, (size_t)(pe - s)};
    size_t len;
    int rc = tidy_func(c, part, sl, n_parts > 0, &len);
    if (rc) return rc;
    if ((rc = push_frame(c, intern_annotated(c->p, c->buf, len)))) return rc;
    n_parts++;
    if (part.n > 0) last_nonempty = n_parts;
    if (!arrow) break;
    s = arrow + 2;
  }
  c->n_frames = parts_start + last_nonempty;
  /* parts were pushed in order; the sample list is built leaf-first and
   * reversed at the end, so reverse this line's parts now. */
  for (size_t i = parts_start, j = c->n_frames; i + 1 < j; i++, j--) {
    pk_id t = c->frames[i];
    c->frames[i] = c->frames[j - 1];
    c->frames[j - 1] = t;
  }
  return 0;
}

/* on_stack_line through the cache.  Lines whose result depends on the
 * address (--addrs with [unknown]) bypass it. */
static int on_stack_line_cached(collapser *c, const stack_line *sl) {
  if (c->addrs && find_sub(sl->func.s, sl->func.n, "[unknown]")) return on_stack_line(c, sl);
  size_t klen = sl->func.n + sl->mod.n + 2;
  if (pk_grow((void **)&c->key, &c->cap_key, klen, 1)) return PK_ENOMEM;
  memcpy(c->key, sl->func.s, sl->func.n);
  c->key[sl->func.n] = 0;
  memcpy(c->key + sl->func.n + 1, sl->mod.s, sl->mod.n);
  c->key[klen - 1] = c->pname_is_java ? 'j' : '-';
  uint64_t h = pk_hash_bytes(c->key, klen);
  line_cache *lc = &c->cache;
  if (pk_idindex_reserve(&lc->index)) return PK_ENOMEM;
  size_t mask = lc->index.slot_count - 1, slot = (uint32_t)h & mask;
  for (; lc->index.slots[slot]; slot = (slot + 1) & mask) {
    if (PK_IDX_HASH(lc->index.slots[slot]) != (uint32_t)h) continue;
    const line_entry *e = &lc->entries[PK_IDX_ID(lc->index.slots[slot])];
    if (e->hash == h && e->key_len == klen && memcmp(lc->keys + e->key, c->key, klen) == 0) {
      if (pk_grow((void **)&c->frames, &c->cap_frames, c->n_frames + e->count, sizeof(pk_id))) return PK_ENOMEM;
      if (e->count) memcpy(c->frames + c->n_frames, lc->ids + e->first, e->count * sizeof(pk_id));
      c->n_frames += e->count;
      return 0;
    }
  }
  size_t before = c->n_frames;
  int rc = on_stack_line(c, sl);
  if (rc) return rc;
  size_t count = c->n_frames - before;
  if (pk_grow((void **)&lc->entries, &lc->cap, lc->n + 1, sizeof *lc->entries) ||
      pk_grow((void **)&lc->keys, &lc->keys_cap, lc->keys_len + klen, 1) ||
      pk_grow((void **)&lc->ids, &lc->cap_ids, lc->n_ids + count, sizeof(pk_id)))
    return PK_ENOMEM;
  memcpy(lc->keys + lc->keys_len, c->key, klen);
  if (count) memcpy(lc->ids + lc->n_ids, c->frames + before, count * sizeof(pk_id));
  lc->entries[lc->n] = (line_entry){h, lc->keys_len, (uint32_t)klen, (uint32_t)lc->n_ids, (uint32_t)count};
  pk_idindex_put(&lc->index, slot, (uint32_t)h, (uint32_t)lc->n++);
  lc->keys_len += klen;
  lc->n_ids += count;
  return 0;
}

/* The sample time: the first "SECONDS.FRACTION:" token after the ids, in
 * microseconds; INT64_MIN when the line has none. */
static int64_t parse_time(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!is_digit(s[i]) || (i > 0 && !is_space(s[i - 1]))) continue;
    size_t j = i;
    int64_t sec = 0, frac = 0, scale = 1000000;
    while (j < n && is_digit(s[j]) && sec < INT64_MAX / 100000000) sec = sec * 10 + (s[j++] - '0');
    if (j >= n || s[j] != '.') continue;
    j++;
    while (j < n && is_digit(s[j])) {
      if (scale > 1) frac = frac * 10 + (s[j] - '0'), scale /= 10;
      j++;
    }
    if (j < n && s[j] == ':') return sec * 1000000 + frac * scale;
  }
  return INT64_MIN;
}

static int64_t parse_period(slice digits) {
  if (digits.n == 0 || slice_eq(digits, "0")) return 1;
  int64_t v = 0;
  for (size_t i = 0; i < digits.n; i++) {
    int d = digits.s[i] - '0';
    if (v > (INT64_MAX - d) / 10) return INT64_MAX;
    v = v * 10 + d;
  }
  return v;
}

/* A pid or tid field as a number (-1 if it is none, e.g. "?"). */
static int64_t slice_int(slice s) {
  int64_t v = 0;
  if (!s.n) return -1;
  for (size_t i = 0; i < s.n; i++) {
    if (s.s[i] < '0' || s.s[i] > '9' || v > INT64_MAX / 10 - 9) return -1;
    v = v * 10 + (s.s[i] - '0');
  }
  return v;
}

static void warn(collapser *c, const char *path, const char *msg) {
  if (c->opts && c->opts->warn) c->opts->warn(c->opts->warn_payload, path, msg);
}

/* Returns 1 if the event line was filtered out (the Perl `next`). */
static int on_event_line(collapser *c, const char *l, size_t n, const event_line *ev,
                         const char *path) {
  slice pid = ev->pid, tid = ev->tid;
  if (tid.n == 0 || slice_eq(tid, "0")) {
    tid = pid;
    pid = (slice){"?", 1};
  }
  slice period = {NULL, 0}, event;
  if (match_period_event(l, n, &period, &event)) {
    if (!c->event_filter) {
      c->event_filter = malloc(event.n + 1);
      if (!c->event_filter) return PK_ENOMEM;
      memcpy(c->event_filter, event.s, event.n);
      c->event_filter_len = event.n;
    } else if (event.n != c->event_filter_len || memcmp(event.s, c->event_filter, event.n) != 0) {
      if (!c->event_warned) {
        char msg[300];
        snprintf(msg, sizeof msg, "filtering for events of type: %.*s", (int)event.n, event.s);
        warn(c, path, msg);
        c->event_warned = true;
      }
      return 1;
    }
  }
  if (c->select.has_thread || c->select.has_process) {
    char comm[256];
    snprintf(comm, sizeof comm, "%.*s", (int)ev->comm.n, ev->comm.s);
    if (!pk_thread_select_keep(&c->select, NULL, slice_int(pid), comm, slice_int(tid))) return 1;
  }
  c->period = parse_period(period);
  c->time_us = parse_time(ev->pid.s, n - (size_t)(ev->pid.s - l));
  size_t need = ev->comm.n + pid.n + tid.n + 3;
  if (pk_grow((void **)&c->pname, &c->cap_pname, need, 1)) return PK_ENOMEM;
  size_t k = 0;
  memcpy(c->pname, ev->comm.s, ev->comm.n);
  k = ev->comm.n;
  if (c->opts && (c->opts->perf_tid || c->opts->perf_pid)) {
    c->pname[k++] = '-';
    memcpy(c->pname + k, pid.s, pid.n);
    k += pid.n;
    if (c->opts->perf_tid) {
      c->pname[k++] = '/';
      memcpy(c->pname + k, tid.s, tid.n);
      k += tid.n;
    }
  }
  for (size_t i = 0; i < k; i++)
    if (c->pname[i] == ' ') c->pname[i] = '_';
  c->pname_len = k;
  c->have_pname = true;
  c->pname_is_java = k >= 4 && memcmp(c->pname, "java", 4) == 0;
  return 0;
}

static int end_of_stack(collapser *c) {
  if (!c->have_pname) return 0;
  int rc = push_frame(c, pk_profile_frame_named(c->p, c->pname, c->pname_len, PK_FRAME_PLAIN));
  if (rc) return rc;
  /* frames[] is leaf-first with the process name last: reverse it */
  for (size_t i = 0, j = c->n_frames; i + 1 < j; i++, j--) {
    pk_id t = c->frames[i];
    c->frames[i] = c->frames[j - 1];
    c->frames[j - 1] = t;
  }
  int64_t v = c->period;
  if (v != 1) c->weighted = true;
  pk_id leaf = PK_ROOT;
  size_t k = 0;
  while (k < c->n_prev && k < c->n_frames && c->prev_frames[k] == c->frames[k]) k++;
  if (k) leaf = c->prev_nodes[k - 1];
  if (pk_grow((void **)&c->prev_frames, &c->cap_prev_frames, c->n_frames, sizeof(pk_id)) ||
      pk_grow((void **)&c->prev_nodes, &c->cap_prev_nodes, c->n_frames, sizeof(pk_id)))
    return PK_ENOMEM;
  for (size_t i = k; i < c->n_frames; i++) {
    if ((leaf = pk_profile_child(c->p, leaf, c->frames[i])) == PK_NONE) return PK_ENOMEM;
    c->prev_frames[i] = c->frames[i];
    c->prev_nodes[i] = leaf;
  }
  c->n_prev = c->n_frames;
  rc = pk_profile_add_self(c->p, leaf, &v);
  if (rc == 0 && c->time_us != INT64_MIN) { /* time order, for flame charts */
    if (c->first_time_us == INT64_MIN) c->first_time_us = c->time_us;
    rc = pk_profile_add_event(c->p, leaf, c->time_us - c->first_time_us);
  }
  c->n_frames = 0;
  c->have_pname = false;
  return rc;
}

/* Samples weighted by their period are not samples: they are the event's
 * count (cycles, instructions, ...), or nanoseconds for the clock events. */
static int name_weighted_type(collapser *c) {
  char event[128];
  snprintf(event, sizeof event, "%.*s", (int)c->event_filter_len, c->event_filter);
  bool clock = strncmp(event, "cpu-clock", 9) == 0 || strncmp(event, "task-clock", 10) == 0;
  return pk_profile_rename_type(c->p, 0, event, clock ? "nanoseconds" : "count");
}

bool pk_perf_script_probe(const char *buf, size_t len) {
  const char *s = buf, *end = buf + len;
  int lines = 0;
  while (s < end && lines < 200) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl : end;
    size_t n = (size_t)(le - s);
    lines++;
    if (n == 0 || s[0] == '#') {
      s = nl ? nl + 1 : end;
      continue;
    }
    event_line ev;
    if (!match_event_line(s, n, &ev)) return false;
    slice period, event;
    if (match_period_event(s, n, &period, &event)) return true;
    /* no event field: accept if the next line is a stack line */
    if (!nl) return false;
    const char *s2 = nl + 1;
    const char *nl2 = memchr(s2, '\n', (size_t)(end - s2));
    size_t n2 = (size_t)((nl2 ? nl2 : end) - s2);
    stack_line sl;
    return n2 > 0 && match_stack_line(s2, n2, &sl);
  }
  return false;
}

/* ---- the collapser as a line consumer (perf_collapse.h) ---- */

int pk_perf_collapser_new(pk_perf_collapser **out, pk_profile *p, const pk_read_options *opts,
                          const char *path, pk_error *err) {
  collapser *c = calloc(1, sizeof *c);
  if (!c || pk_profile_add_sample_type(p, "samples", "count") < 0) {
    free(c);
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  int rc = pk_thread_select_init(&c->select, opts, path, err);
  if (rc) {
    free(c);
    return rc;
  }
  c->p = p;
  c->first_time_us = INT64_MIN;
  c->opts = opts;
  c->path = path;
  if (opts) {
    c->kernel = opts->perf_kernel;
    c->jit = opts->perf_jit;
    c->addrs = opts->perf_addrs;
  }
  pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "perf");
  *out = c;
  return PK_OK;
}

int pk_perf_collapser_line(pk_perf_collapser *c, const char *l, size_t n) {
  c->line_no++;
  if (n > 0 && l[0] == '#') return 0;
  if (n == 0) return end_of_stack(c);
  event_line ev;
  stack_line sl;
  if (match_event_line(l, n, &ev)) {
    int f = on_event_line(c, l, n, &ev, c->path);
    return f < 0 ? f : 0;
  }
  if (match_stack_line(l, n, &sl)) return c->have_pname ? on_stack_line_cached(c, &sl) : 0;
  if (c->unrecognized++ == 0) c->first_unrecognized_line = c->line_no;
  return 0;
}

bool pk_perf_collapser_in_sample(const pk_perf_collapser *c) { return c->have_pname; }

size_t pk_perf_collapser_depth(const pk_perf_collapser *c) { return c->n_frames; }

const pk_id *pk_perf_collapser_frames(const pk_perf_collapser *c) { return c->frames; }

int pk_perf_collapser_push(pk_perf_collapser *c, const pk_id *ids, size_t n) {
  if (pk_grow((void **)&c->frames, &c->cap_frames, c->n_frames + n, sizeof(pk_id))) return PK_ENOMEM;
  if (n) memcpy(c->frames + c->n_frames, ids, n * sizeof(pk_id));
  c->n_frames += n;
  return 0;
}

bool pk_perf_collapser_is_java(const pk_perf_collapser *c) { return c->pname_is_java; }

int pk_perf_collapser_finish(pk_perf_collapser *c, int rc, uint64_t offset, pk_error *err) {
  pk_profile *p = c->p;
  const char *path = c->path;
  /* Master drops a last stack that no blank line ends; when that would
   * leave the profile empty (a one-sample file), keep it instead. */
  if (rc == 0 && pk_profile_node_count(p) <= 1 && c->have_pname) rc = end_of_stack(c);
  if (rc == 0 && c->first_time_us != INT64_MIN) {
    pk_profile_meta *meta = pk_profile_meta_of(p);
    meta->time_unit = pk_profile_intern_cstr(p, "microseconds");
    meta->time_start = c->first_time_us;
  }
  if (rc == 0 && c->weighted && c->event_filter) rc = name_weighted_type(c);
  if (rc == 0 && c->unrecognized && offset == PK_NO_POSITION) {
    char msg[200];
    snprintf(msg, sizeof msg, "ignored %llu unrecognized lines, first at line %llu",
             (unsigned long long)c->unrecognized, (unsigned long long)c->first_unrecognized_line);
    warn(c, path, msg);
  }
  uint64_t line = offset == PK_NO_POSITION ? c->line_no : PK_NO_POSITION;
  if (rc == 0 && pk_profile_node_count(p) <= 1)
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                      c->select.has_thread || c->select.has_process
                          ? "no perf samples of a thread matching --thread/--process"
                      : offset == PK_NO_POSITION ? "no perf samples found (is this `perf script` output?)"
                                                 : "no perf samples found");
  else if (rc < 0)
    rc = pk_error_set(err, rc, path, line, offset, "%s while collapsing perf samples",
                      rc == PK_ENOMEM ? "out of memory" : pk_status_name(rc));
  return rc;
}

void pk_perf_collapser_free(pk_perf_collapser *c) {
  if (!c) return;
  pk_thread_select_free(&c->select);
  free(c->frames);
  free(c->buf);
  free(c->pname);
  free(c->event_filter);
  free(c->key);
  free(c->cache.index.slots);
  free(c->cache.entries);
  free(c->cache.keys);
  free(c->cache.ids);
  free(c->prev_frames);
  free(c->prev_nodes);
  free(c);
}

int pk_perf_script_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                         const pk_read_options *opts, pk_error *err) {
  pk_perf_collapser *c;
  int rc = pk_perf_collapser_new(&c, p, opts, path, err);
  if (rc) return rc;
  const char *s = buf, *end = buf + len;
  pk_progress_tick tick;
  pk_progress_tick_init(&tick, opts ? &opts->progress : NULL, path, "parsing", len);
  while (s < end && rc == 0) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl : end;
    pk_progress_tick_at(&tick, (uint64_t)(s - buf));
    rc = pk_perf_collapser_line(c, s, (size_t)(le - s));
    s = nl ? nl + 1 : end;
  }
  rc = pk_perf_collapser_finish(c, rc, PK_NO_POSITION, err);
  pk_perf_collapser_free(c);
  return rc;
}
