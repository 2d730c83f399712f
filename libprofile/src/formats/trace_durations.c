/*
 * trace_durations.c - replays B/E/X duration events into the call tree.
 *
 * The rules are speedscope's (src/import/trace-event.ts), so that the same
 * trace gives the same frames and weights in both tools:
 *
 * - Events are split by (pid, tid); threads come out in (pid, tid) order.
 * - Each thread has two queues, begins and ends, both in time order, ties
 *   kept in file order.  An X event is a begin at ts and an end at ts + dur
 *   (dur, else tdur, else 0); X events with the same ts go longest first,
 *   since a longer one cannot nest in a shorter one.
 * - The queues are merged by time.  At equal times an end goes first,
 *   unless the begin and the end at the fronts are the same event (a zero
 *   duration event opens before it closes).  Before an end is taken, an
 *   end of the same time that matches the top of the stack, by key and
 *   then by name, is brought to the front.
 * - An end with an empty stack, or whose name differs from the top's, is
 *   ignored (and does not move the clock); one whose name matches but
 *   whose args differ closes the top.
 *   Frames still open at the end close at the last time seen.
 * - The time between two consecutive events is the self weight of the
 *   frame on top of the stack; time with an empty stack is nobody's (it is
 *   not drawn, where speedscope's time line shows it as a gap).
 *
 * With one thread (or one chosen with --thread), the replay also records
 * the time order (what was on top during each interval) for flame charts;
 * several threads overlap in time and have none.
 *
 * Nothing here recurses; the stack is an explicit array of tree nodes.
 * Times are int64 nanoseconds (trace times are microseconds, often with
 * fractions), so totals are exact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/trace_durations.h"

int pk_trace_durations_add(pk_trace_durations *d, const pk_trace_duration *ev) {
  if (PK_GROW(d->events, d->cap_events, d->n_events + 1)) return PK_ENOMEM;
  d->events[d->n_events] = *ev;
  d->events[d->n_events].order = (uint32_t)d->n_events;
  d->n_events++;
  return 0;
}

int pk_trace_durations_name(pk_trace_durations *d, bool is_thread, int64_t pid, int64_t tid, pk_id name) {
  pk_trace_name **list = is_thread ? &d->threads : &d->processes;
  size_t *n = is_thread ? &d->n_threads : &d->n_processes;
  size_t *cap = is_thread ? &d->cap_threads : &d->cap_processes;
  if (pk_grow((void **)list, cap, *n + 1, sizeof **list)) return PK_ENOMEM;
  (*list)[(*n)++] = (pk_trace_name){pid, is_thread ? tid : 0, name};
  return 0;
}

void pk_trace_durations_free(pk_trace_durations *d) {
  free(d->events);
  free(d->processes);
  free(d->threads);
  memset(d, 0, sizeof *d);
}

/* ---- queues ---- */

typedef struct queued {
  int64_t ts;
  uint32_t ev;  /* index into the thread's events */
  uint32_t seq; /* position before sorting: ties keep it */
} queued;

static int by_thread(const void *a, const void *b) {
  const pk_trace_duration *x = a, *y = b;
  if (x->pid != y->pid) return x->pid < y->pid ? -1 : 1;
  if (x->tid != y->tid) return x->tid < y->tid ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static int by_time(const void *a, const void *b) {
  const queued *x = a, *y = b;
  if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

typedef struct x_key {
  int64_t ts, dur;
  uint32_t order, ev;
} x_key;

static int by_x_order(const void *a, const void *b) { /* ts, longest first, file order */
  const x_key *x = a, *y = b;
  if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
  if (x->dur != y->dur) return x->dur > y->dur ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

typedef struct replay {
  pk_profile *p;
  const pk_trace_duration *ev;
  pk_id *stack_node;
  uint32_t *stack_ev;
  size_t depth, cap_node, cap_ev;
  int64_t last;
  bool started;
  bool timed;     /* one thread: record the time order for flame charts */
  int64_t origin; /* its first event's time */
} replay;

static int advance(replay *r, int64_t t) {
  if (r->started && r->depth && t > r->last) {
    int64_t delta = t - r->last;
    int rc = pk_profile_add_self(r->p, r->stack_node[r->depth - 1], &delta);
    if (rc) return rc;
  }
  if (r->timed && r->started && t > r->last) { /* what ran during [last, t) */
    int rc = pk_profile_add_event(r->p, r->depth ? r->stack_node[r->depth - 1] : PK_ROOT, r->last - r->origin);
    if (rc) return rc;
  } else if (r->timed && !r->started) {
    r->origin = t;
  }
  if (!r->started || t > r->last) r->last = t;
  r->started = true;
  return 0;
}

static int enter(replay *r, uint32_t e, pk_id base) {
  pk_id parent = r->depth ? r->stack_node[r->depth - 1] : base;
  pk_id node = pk_profile_child(r->p, parent, r->ev[e].frame);
  if (node == PK_NONE || PK_GROW(r->stack_node, r->cap_node, r->depth + 1) ||
      PK_GROW(r->stack_ev, r->cap_ev, r->depth + 1))
    return PK_ENOMEM;
  r->stack_node[r->depth] = node;
  r->stack_ev[r->depth] = e;
  r->depth++;
  return 0;
}

/* An ignored end does not move the clock: only begins and real ends do. */
static int leave(replay *r, uint32_t e, int64_t t) {
  if (!r->depth) return 0;                                               /* stack empty: ignored */
  if (r->ev[r->stack_ev[r->depth - 1]].name != r->ev[e].name) return 0; /* not the top: ignored */
  int rc = advance(r, t);
  r->depth--;
  return rc;
}

/* Before taking the end at ends[h], brings forward an end of the same time
 * that matches the top of the stack by key, else by name. */
static void match_top(replay *r, queued *ends, size_t h, size_t n) {
  if (!r->depth) return;
  const pk_trace_duration *top = &r->ev[r->stack_ev[r->depth - 1]];
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = h + 1; i < n && ends[i].ts <= ends[h].ts; i++) {
      const pk_trace_duration *e = &r->ev[ends[i].ev];
      if (pass == 0 ? e->frame == top->frame : e->name == top->name) {
        queued t = ends[h];
        ends[h] = ends[i];
        ends[i] = t;
        return;
      }
    }
}

static int replay_thread(replay *r, const pk_trace_duration *ev, size_t n, pk_id base) {
  size_t nb = 0, ne = 0, nx = 0;
  for (size_t i = 0; i < n; i++) {
    nb += ev[i].ph != 'E';
    ne += ev[i].ph != 'B';
    nx += ev[i].ph == 'X';
  }
  queued *begins = malloc((nb ? nb : 1) * sizeof *begins);
  queued *ends = malloc((ne ? ne : 1) * sizeof *ends);
  x_key *xs = malloc((nx ? nx : 1) * sizeof *xs);
  int rc = begins && ends && xs ? 0 : PK_ENOMEM;
  if (!rc) {
    size_t b = 0, e = 0, x = 0;
    for (size_t i = 0; i < n; i++) {
      if (ev[i].ph == 'B') begins[b] = (queued){ev[i].ts, (uint32_t)i, (uint32_t)b}, b++;
      else if (ev[i].ph == 'E') ends[e] = (queued){ev[i].ts, (uint32_t)i, (uint32_t)e}, e++;
      else xs[x++] = (x_key){ev[i].ts, ev[i].dur, ev[i].order, (uint32_t)i};
    }
    if (nx > 1) qsort(xs, nx, sizeof *xs, by_x_order);
    for (size_t k = 0; k < nx; k++) {
      begins[b] = (queued){xs[k].ts, xs[k].ev, (uint32_t)b}, b++;
      ends[e] = (queued){xs[k].ts + xs[k].dur, xs[k].ev, (uint32_t)e}, e++;
    }
    if (nb > 1) qsort(begins, nb, sizeof *begins, by_time);
    if (ne > 1) qsort(ends, ne, sizeof *ends, by_time);
    r->ev = ev;
    r->depth = 0;
    r->started = false;
    size_t hb = 0, he = 0;
    while (!rc && (hb < nb || he < ne)) {
      bool take_begin;
      if (he == ne) take_begin = true;
      else if (hb == nb) take_begin = false;
      else if (begins[hb].ts != ends[he].ts) take_begin = begins[hb].ts < ends[he].ts;
      else take_begin = ev[begins[hb].ev].frame == ev[ends[he].ev].frame;
      if (take_begin) {
        if (!(rc = advance(r, begins[hb].ts))) rc = enter(r, begins[hb].ev, base);
        hb++;
      } else {
        match_top(r, ends, he, ne);
        rc = leave(r, ends[he].ev, ends[he].ts);
        he++;
      }
    }
  }
  free(begins);
  free(ends);
  free(xs);
  return rc;
}

static const char *name_of(const pk_profile *p, const pk_trace_name *list, size_t n, int64_t pid, int64_t tid,
                           bool is_thread) {
  const char *found = NULL; /* the last one wins, as in speedscope's map */
  for (size_t i = 0; i < n; i++)
    if (list[i].pid == pid && (!is_thread || list[i].tid == tid)) found = pk_profile_string(p, list[i].name, NULL);
  return found;
}

pk_id pk_trace_thread_frame(const pk_trace_durations *d, pk_profile *p, int64_t pid, int64_t tid) {
  const char *process = name_of(p, d->processes, d->n_processes, pid, tid, false);
  const char *thread = name_of(p, d->threads, d->n_threads, pid, tid, true);
  char label[600];
  long long P = (long long)pid, T = (long long)tid;
  if (process && thread) snprintf(label, sizeof label, "%.250s (pid %lld), %.250s (tid %lld)", process, P, thread, T);
  else if (process) snprintf(label, sizeof label, "%.250s (pid %lld, tid %lld)", process, P, T);
  else if (thread) snprintf(label, sizeof label, "%.250s (pid %lld, tid %lld)", thread, P, T);
  else snprintf(label, sizeof label, "pid %lld, tid %lld", P, T);
  return pk_profile_frame_named(p, label, strlen(label), PK_FRAME_PLAIN);
}

bool pk_trace_keep_thread(const pk_trace_durations *d, const pk_profile *p, const pk_thread_select *select,
                          int64_t pid, int64_t tid) {
  return pk_thread_select_keep(select, name_of(p, d->processes, d->n_processes, pid, tid, false), pid,
                               name_of(p, d->threads, d->n_threads, pid, tid, true), tid);
}

int pk_trace_durations_build(pk_trace_durations *d, pk_profile *p, const pk_thread_select *select, const char *path,
                             pk_error *err) {
  if (pk_profile_add_sample_type(p, "wall", "nanoseconds") < 0)
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  if (d->n_events > 1) qsort(d->events, d->n_events, sizeof *d->events, by_thread);
  size_t threads = 0;
  for (size_t i = 0; i < d->n_events; i++)
    if (i == 0 || d->events[i].pid != d->events[i - 1].pid || d->events[i].tid != d->events[i - 1].tid)
      threads += pk_trace_keep_thread(d, p, select, d->events[i].pid, d->events[i].tid);
  if (threads == 0)
    return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                        "no thread of the trace matches --thread/--process");
  replay r = {0};
  r.p = p;
  r.timed = threads == 1;
  int rc = 0;
  for (size_t a = 0; a < d->n_events && !rc;) {
    size_t b = a + 1;
    while (b < d->n_events && d->events[b].pid == d->events[a].pid && d->events[b].tid == d->events[a].tid) b++;
    pk_id base = PK_ROOT;
    if (!pk_trace_keep_thread(d, p, select, d->events[a].pid, d->events[a].tid)) {
      a = b;
      continue;
    }
    if (threads > 1 && !select->merge) {
      pk_id f = pk_trace_thread_frame(d, p, d->events[a].pid, d->events[a].tid);
      base = f == PK_NONE ? PK_NONE : pk_profile_child(p, PK_ROOT, f);
      if (base == PK_NONE) rc = PK_ENOMEM;
    }
    if (!rc) rc = replay_thread(&r, d->events + a, b - a, base);
    a = b;
  }
  free(r.stack_node);
  free(r.stack_ev);
  if (!rc && r.timed && r.started) {
    pk_profile_meta *meta = pk_profile_meta_of(p);
    meta->time_unit = pk_profile_intern_cstr(p, "nanoseconds");
    meta->time_start = r.origin;
    meta->duration = r.last - r.origin;
  }
  if (rc == PK_ELIMIT)
    return pk_error_set(err, rc, path, PK_NO_POSITION, PK_NO_POSITION, "event durations overflow 2^63-1 ns");
  if (rc) return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  return 0;
}

/* ---- JSON.stringify of args ---- */

static bool number_byte(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* JavaScript's shortest round-trip form of a double (no exponent below 1e21). */
static size_t js_number(const char *text, size_t n, char *out, size_t cap) {
  char tmp[64];
  if (n >= sizeof tmp) n = sizeof tmp - 1;
  memcpy(tmp, text, n);
  tmp[n] = 0;
  double v = strtod(tmp, NULL);
  if (v == 0) return (size_t)snprintf(out, cap, "0");
  if (v != v || v > 1.7976931348623157e308 || v < -1.7976931348623157e308) return (size_t)snprintf(out, cap, "null");
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*g", prec, v);
    if (strtod(tmp, NULL) == v) break;
  }
  double a = v < 0 ? -v : v;
  if (a >= 1e-6 && a < 1e21 && strchr(tmp, 'e')) { /* JS writes these without an exponent */
    char *mant_end = strchr(tmp, 'e');
    int exp10 = atoi(mant_end + 1);
    char digits[40];
    size_t nd = 0;
    bool neg = tmp[0] == '-';
    for (char *c = tmp + neg; c < mant_end; c++)
      if (*c != '.') digits[nd++] = *c;
    size_t o = 0;
    if (neg) out[o++] = '-';
    int point = exp10 + 1; /* digits before the decimal point */
    if (point <= 0) {
      o += (size_t)snprintf(out + o, cap - o, "0.");
      for (int z = 0; z < -point; z++) out[o++] = '0';
      for (size_t k = 0; k < nd; k++) out[o++] = digits[k];
    } else {
      for (int k = 0; k < point || (size_t)k < nd; k++) {
        if (k == point) out[o++] = '.';
        out[o++] = (size_t)k < nd ? digits[k] : '0';
      }
    }
    out[o] = 0;
    return o;
  }
  return (size_t)snprintf(out, cap, "%s", tmp);
}

char *pk_trace_json_compact(const char *buf, size_t start, size_t end, size_t *out_len) {
  size_t cap = (end - start) + 64, o = 0;
  char *out = malloc(cap);
  if (!out) return NULL;
  for (size_t i = start; i < end;) {
    char c = buf[i];
    if (o + 64 >= cap) {
      char *grown = realloc(out, cap * 2);
      if (!grown) {
        free(out);
        return NULL;
      }
      out = grown;
      cap *= 2;
    }
    if (c == '"') { /* copy the string as written */
      size_t j = i + 1;
      while (j < end && buf[j] != '"') j += buf[j] == '\\' ? 2 : 1;
      if (j >= end) j = end - 1;
      size_t n = j + 1 - i;
      if (o + n + 64 >= cap) {
        size_t want = o + n + 64;
        char *grown = realloc(out, want);
        if (!grown) {
          free(out);
          return NULL;
        }
        out = grown;
        cap = want;
      }
      memcpy(out + o, buf + i, n);
      o += n;
      i = j + 1;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      i++;
    } else if (number_byte(c)) {
      size_t j = i;
      while (j < end && number_byte(buf[j])) j++;
      o += js_number(buf + i, j - i, out + o, cap - o);
      i = j;
    } else {
      out[o++] = c;
      i++;
    }
  }
  out[o] = 0;
  *out_len = o;
  return out;
}
