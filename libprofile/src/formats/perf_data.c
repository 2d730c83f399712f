/*
 * perf_data.c - reader for perf.data (Linux perf record), without perf.
 *
 * The goal is `perf script | flamegen` without the text in between: the
 * records are replayed in perf's order (perf_data_file.c), the process
 * state perf keeps is rebuilt (threads and their comm by tid, each
 * process's maps, fork copying maps and comm, exec keeping the old maps
 * that new ones do not overlap), each sample's call chain is symbolised
 * (perf_symbols.c) and the lines `perf script` would print are handed to
 * the same collapser as perf script text (perf_collapse.h).  So the
 * collapse options, the quirks and the bytes are those of the text road.
 *
 * Speed comes from not printing: a stack line's frames depend only on
 * (object, symbol, java process?), so after the first time they are pushed
 * from a cache; only samples' event lines are formatted.  Memory is the
 * mapped file, a 16-byte index entry per record kept, and the tables.
 *
 * Differences from perf script, all documented in docs/design.md ("perf.data"):
 * `--pid`/`--tid` see the pid as `perf script -F +pid` prints it (perf
 * script's default shows only the tid), kernel modules have no symbols
 * here, inlined frames (perf --inline) and DWARF-unwound user
 * stacks (--call-graph dwarf) are not produced, tracepoint payloads are
 * not decoded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/hash.h"
#include "util/hash_index.h"
#include "formats/perf_collapse.h"
#include "formats/perf_data_file.h"
#include "formats/perf_symbols.h"
#include "formats/readers.h"
#include "util/progress_tick.h"

#define CONTEXT_MAX ((uint64_t)-4095)
#define CONTEXT_HV ((uint64_t)-32)
#define CONTEXT_KERNEL ((uint64_t)-128)
#define CONTEXT_USER ((uint64_t)-512)
#define MAX_STACK 127 /* perf script's default --max-stack */
#define CPUMODE_KERNEL 1
#define CPUMODE_USER 2
#define NO_SYMBOL UINT32_MAX

typedef struct thread {
  int32_t pid, tid;
  size_t comm;        /* offset in comms */
  uint32_t comm_len;
  bool comm_set;
} thread;

typedef struct map {
  uint64_t start, end, pgoff;
  int32_t dso;
  bool identity;      /* addresses are absolute (JIT, anon, kernel) */
} map;

typedef struct process {
  int32_t pid;
  map *maps;          /* sorted by start, never overlapping */
  size_t n, cap;
} process;

typedef struct frame_entry {
  int32_t dso;
  uint32_t sym;
  bool java;
  uint32_t first, count;
} frame_entry;

/* Direct-mapped cache of (process, mode, address) -> frame entry: most
 * frames of a profile are the same few thousand return addresses, and a
 * hit skips the map search, the symbol search and the entry hash.  Any
 * change to any process's maps starts a new generation. */
#define IP_CACHE_SLOTS (1u << 16)
typedef struct ip_slot {
  uint64_t ip;
  uint32_t gen, entry;  /* entry + 1; 0 = empty */
  int32_t pid;
  uint8_t mode;
  bool java;
} ip_slot;

typedef struct session {
  pk_perf_file file;
  pk_perf_dsos *dsos;
  pk_perf_collapser *c;
  const pk_read_options *opts;
  thread *threads;
  size_t n_threads, cap_threads;
  pk_idindex thread_index;
  process *procs;
  size_t n_procs, cap_procs;
  pk_idindex proc_index;
  char *comms;
  size_t comms_len, comms_cap;
  bool have_kmap;
  uint64_t kmap_start, kmap_end;
  int32_t kernel_dso, unknown_dso;
  char *line;
  size_t line_cap;
  frame_entry *frames;
  size_t n_frames, cap_frames;
  pk_idindex frame_index;
  pk_id *ids;
  size_t n_ids, cap_ids;
  ip_slot *ip_cache;
  uint32_t gen;
  uint64_t skipped;
} session;

static int intern_comm(session *s, const char *text, size_t len, size_t *off) {
  if (PK_GROW(s->comms, s->comms_cap, s->comms_len + len + 1)) return PK_ENOMEM;
  memcpy(s->comms + s->comms_len, text, len);
  *off = s->comms_len;
  s->comms_len += len;
  return 0;
}

/* ---- threads (by tid, as perf keeps them) and processes (by pid) ---- */

static process *find_process(session *s, int32_t pid, bool create) {
  uint64_t h = pk_hash_mix((uint64_t)(uint32_t)pid + 1);
  if (create && pk_idindex_reserve(&s->proc_index)) return NULL;
  if (!s->proc_index.slot_count) return NULL;
  size_t mask = s->proc_index.slot_count - 1, slot = (size_t)h & mask;
  for (; s->proc_index.slots[slot]; slot = (slot + 1) & mask) {
    uint64_t v = s->proc_index.slots[slot];
    if (PK_IDX_HASH(v) == (uint32_t)h && s->procs[PK_IDX_ID(v)].pid == pid) return &s->procs[PK_IDX_ID(v)];
  }
  if (!create || s->n_procs >= UINT32_MAX - 1 || PK_GROW(s->procs, s->cap_procs, s->n_procs + 1)) return NULL;
  s->procs[s->n_procs] = (process){.pid = pid};
  pk_idindex_put(&s->proc_index, slot, (uint32_t)h, (uint32_t)s->n_procs);
  return &s->procs[s->n_procs++];
}

static int set_default_comm(session *s, thread *t) {
  char buf[24];
  int n = snprintf(buf, sizeof buf, ":%d", t->tid);
  t->comm_set = false;
  t->comm_len = (uint32_t)n;
  return intern_comm(s, buf, (size_t)n, &t->comm);
}

/* perf's machine__findnew_thread: by tid; a known thread learns its pid. */
static thread *findnew_thread(session *s, int32_t pid, int32_t tid) {
  uint64_t h = pk_hash_mix((uint64_t)(uint32_t)tid + 1);
  if (pk_idindex_reserve(&s->thread_index)) return NULL;
  size_t mask = s->thread_index.slot_count - 1, slot = (size_t)h & mask;
  for (; s->thread_index.slots[slot]; slot = (slot + 1) & mask) {
    uint64_t v = s->thread_index.slots[slot];
    thread *t = &s->threads[PK_IDX_ID(v)];
    if (PK_IDX_HASH(v) == (uint32_t)h && t->tid == tid) {
      if (t->pid == -1 && pid != -1) t->pid = pid;
      return t;
    }
  }
  if (s->n_threads >= UINT32_MAX - 1 || PK_GROW(s->threads, s->cap_threads, s->n_threads + 1)) return NULL;
  thread *t = &s->threads[s->n_threads];
  *t = (thread){.pid = pid, .tid = tid};
  if (set_default_comm(s, t)) return NULL;
  pk_idindex_put(&s->thread_index, slot, (uint32_t)h, (uint32_t)s->n_threads++);
  return t;
}

/* ---- maps ---- */

/* Inserts m, cutting the maps it overlaps as perf's maps__fixup_overlappings. */
static int insert_map(process *p, map m) {
  if (m.end <= m.start) return 0;
  size_t lo = 0;
  while (lo < p->n && p->maps[lo].end <= m.start) lo++;
  size_t hi = lo;
  while (hi < p->n && p->maps[hi].start < m.end) hi++;
  map before = {0}, after = {0};
  bool has_before = false, has_after = false;
  if (lo < hi) {
    const map *first = &p->maps[lo], *last = &p->maps[hi - 1];
    if (first->start < m.start) {
      before = *first;
      before.end = m.start;
      has_before = true;
    }
    if (last->end > m.end) {
      after = *last;
      if (!after.identity) after.pgoff += m.end - last->start;
      after.start = m.end;
      has_after = true;
    }
  }
  size_t add = 1 + has_before + has_after, removed = hi - lo;
  if (PK_GROW(p->maps, p->cap, p->n - removed + add)) return PK_ENOMEM;
  memmove(p->maps + lo + add, p->maps + hi, (p->n - hi) * sizeof *p->maps);
  size_t k = lo;
  if (has_before) p->maps[k++] = before;
  p->maps[k++] = m;
  if (has_after) p->maps[k++] = after;
  p->n = p->n - removed + add;
  return 0;
}

static const map *find_map(const process *p, uint64_t ip) {
  if (!p) return NULL;
  size_t lo = 0, hi = p->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (p->maps[mid].start <= ip) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && ip < p->maps[lo - 1].end ? &p->maps[lo - 1] : NULL;
}

static bool has_prefix(const char *s, size_t n, const char *lit) {
  size_t m = strlen(lit);
  return n >= m && memcmp(s, lit, m) == 0;
}

static int on_mmap(session *s, const uint8_t *body, size_t bn, bool v2, uint16_t misc) {
  size_t name_at = v2 ? 64 : 32;
  if (bn < name_at + 1) return 1;
  int32_t pid = (int32_t)pk_perf_u32(body);
  uint64_t start = pk_perf_u64(body + 8), len = pk_perf_u64(body + 16), pgoff = pk_perf_u64(body + 24);
  uint32_t prot = v2 ? pk_perf_u32(body + 56) : ((misc & (1u << 13)) ? 0 : 4);
  uint32_t flags = v2 ? pk_perf_u32(body + 60) : 0;
  const char *name = (const char *)body + name_at;
  size_t nlen = strnlen(name, bn - name_at);
  uint64_t end = start + len < start ? UINT64_MAX : start + len;
  if (has_prefix(name, nlen, "[kernel.kallsyms]")) {
    s->have_kmap = true;
    s->kmap_start = start;
    s->kmap_end = end;
    if (nlen == 22 && memcmp(name + 17, "_text", 5) == 0) pk_perf_dsos_set_kernel_text(s->dsos, pgoff);
    return 0;
  }
  if (pid == -1) return 0; /* kernel modules: no symbols here */
  bool anon = has_prefix(name, nlen, "//anon") || has_prefix(name, nlen, "/dev/zero") ||
              has_prefix(name, nlen, "/anon_hugepage") || (flags & 0x40000);
  bool no_dso = has_prefix(name, nlen, "[stack") || has_prefix(name, nlen, "/SYSV") ||
                (nlen == 6 && memcmp(name, "[heap]", 6) == 0);
  map m = {start, end, pgoff, -1, anon || no_dso};
  if ((anon || no_dso) && (prot & 4)) {
    char jit[40];
    int n = snprintf(jit, sizeof jit, "/tmp/perf-%d.map", pid);
    m.dso = pk_perf_dso_get(s->dsos, jit, (size_t)n, PK_DSO_PERF_MAP);
  } else {
    bool vdso = nlen == 6 && memcmp(name, "[vdso]", 6) == 0;
    if (vdso) m.pgoff = 0;
    pk_perf_dso_kind kind = vdso ? PK_DSO_VDSO
                            : (anon || no_dso || (nlen && name[0] == '[')) ? PK_DSO_NONE : PK_DSO_ELF;
    m.dso = pk_perf_dso_get(s->dsos, name, nlen, kind);
  }
  if (m.dso < 0) return PK_ENOMEM;
  process *p = find_process(s, pid, true);
  if (!p) return PK_ENOMEM;
  s->gen++;
  return insert_map(p, m);
}

static int on_comm(session *s, const uint8_t *body, size_t bn) {
  if (bn < 9) return 1;
  thread *t = findnew_thread(s, (int32_t)pk_perf_u32(body), (int32_t)pk_perf_u32(body + 4));
  if (!t) return PK_ENOMEM;
  const char *name = (const char *)body + 8;
  size_t n = strnlen(name, bn - 8);
  int rc = intern_comm(s, name, n, &t->comm);
  t->comm_len = (uint32_t)n;
  t->comm_set = true;
  return rc;
}

static int on_fork(session *s, const uint8_t *body, size_t bn) {
  if (bn < 16) return 1;
  int32_t pid = (int32_t)pk_perf_u32(body), ppid = (int32_t)pk_perf_u32(body + 4);
  int32_t tid = (int32_t)pk_perf_u32(body + 8), ptid = (int32_t)pk_perf_u32(body + 12);
  thread *parent = findnew_thread(s, ppid, ptid);
  if (!parent) return PK_ENOMEM;
  size_t pcomm = parent->comm;
  uint32_t pcomm_len = parent->comm_len;
  bool pset = parent->comm_set;
  thread *t = findnew_thread(s, pid, tid); /* a reused tid starts afresh */
  if (!t) return PK_ENOMEM;
  t->pid = pid;
  if (set_default_comm(s, t)) return PK_ENOMEM;
  if (pset) {
    t->comm = pcomm;
    t->comm_len = pcomm_len;
    t->comm_set = true;
  }
  if (pid != ppid) { /* a new process: a copy of the parent's maps */
    s->gen++;
    process *child = find_process(s, pid, true);
    if (!child) return PK_ENOMEM;
    child->n = 0;
    size_t ci = (size_t)(child - s->procs);
    const process *pp = find_process(s, ppid, false);
    child = &s->procs[ci];
    if (pp && pp->n) {
      if (PK_GROW(child->maps, child->cap, pp->n)) return PK_ENOMEM;
      memcpy(child->maps, pp->maps, pp->n * sizeof *pp->maps);
      child->n = pp->n;
    }
  }
  return 0;
}

/* ---- the lines perf script prints ---- */

static int line_room(session *s, size_t need) {
  return PK_GROW(s->line, s->line_cap, need) ? PK_ENOMEM : 0;
}

static char *put(char *o, const char *src, size_t n) {
  memcpy(o, src, n);
  return o + n;
}

static char *put_hex(char *o, uint64_t v, int width) {
  char tmp[16];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  for (int i = n; i < width; i++) *o++ = ' ';
  while (n) *o++ = tmp[--n];
  return o;
}

static char *put_dec(char *o, uint64_t v, int width) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  for (int i = n; i < width; i++) *o++ = ' ';
  while (n) *o++ = tmp[--n];
  return o;
}

static char *put_int(char *o, int32_t v, int width) {
  if (v < 0) {
    *o++ = '-';
    return put_dec(o, (uint64_t)(-(int64_t)v), width - 1);
  }
  return put_dec(o, (uint64_t)v, width);
}

/* "comm  tid  sec.usec:  period event: " as perf script prints a sample
 * with a call chain (pid/tid when --pid or --tid is asked for). */
static int event_line(session *s, const thread *t, const pk_perf_sample *smp) {
  const pk_perf_attr *a = smp->attr;
  size_t name_len = strlen(a->name);
  int rc = line_room(s, t->comm_len + name_len + 128);
  if (rc) return rc;
  char *o = put(s->line, s->comms + t->comm, t->comm_len);
  *o++ = ' ';
  if (s->opts && (s->opts->perf_pid || s->opts->perf_tid)) { /* "%5d/%-5d " */
    o = put_int(o, (int32_t)smp->pid, 5);
    *o++ = '/';
    char *t0 = o;
    o = put_int(o, (int32_t)smp->tid, 0);
    while (o - t0 < 5) *o++ = ' ';
  } else {
    o = put_int(o, (int32_t)smp->tid, 5);
  }
  *o++ = ' ';
  if (a->sample_type & PK_PERF_SAMPLE_TIME) {
    o = put_dec(o, smp->time / 1000000000u, 5);
    *o++ = '.';
    uint64_t us = smp->time % 1000000000u / 1000u;
    for (uint64_t d = 100000; d; d /= 10) *o++ = (char)('0' + us / d % 10);
    *o++ = ':';
    *o++ = ' ';
  }
  if (a->sample_type & PK_PERF_SAMPLE_PERIOD) {
    o = put_dec(o, smp->period, 10);
    *o++ = ' ';
  }
  o = put(o, a->name, name_len);
  *o++ = ':';
  *o++ = ' ';
  if (a->type == 2) o = put(o, "(payload)", 9);               /* tracepoints print their fields */
  if (!(a->sample_type & PK_PERF_SAMPLE_CALLCHAIN)) o = put(o, "(ip)", 4); /* one-line samples */
  return pk_perf_collapser_line(s->c, s->line, (size_t)(o - s->line));
}

typedef struct resolved {
  int32_t dso;
  bool have_sym;
  pk_perf_sym sym;
  uint64_t addr, vaddr;  /* as perf prints it; where the symbol offset is taken */
} resolved;

static void resolve(session *s, const process *p, int cpumode, uint64_t ip, resolved *r) {
  r->have_sym = false;
  r->addr = r->vaddr = ip;
  r->dso = s->unknown_dso;
  bool kernel = cpumode == CPUMODE_KERNEL;
  if (cpumode == CPUMODE_USER) {
    const map *m = find_map(p, ip);
    if (m) {
      r->dso = m->dso;
      r->addr = m->identity ? ip : ip - m->start + m->pgoff;
      r->have_sym = pk_perf_dso_kind_of(s->dsos, m->dso) != PK_DSO_NONE &&
                    pk_perf_dso_lookup(s->dsos, m->dso, r->addr, &r->sym, &r->vaddr);
      return;
    }
    kernel = s->have_kmap ? ip >= s->kmap_start : ip >= (1ull << 63); /* vsyscall and the like */
  }
  if (!kernel || (s->have_kmap && (ip < s->kmap_start || ip >= s->kmap_end))) return;
  r->dso = s->kernel_dso;
  r->have_sym = pk_perf_dso_lookup(s->dsos, s->kernel_dso, ip, &r->sym, &r->vaddr);
}

static frame_entry *find_frame(session *s, int32_t dso, uint32_t sym, bool java, size_t *slot_out, uint32_t *hash_out) {
  uint64_t h = pk_hash_fold(pk_hash_mix(((uint64_t)(uint32_t)dso << 32) | sym), java);
  *hash_out = (uint32_t)h;
  if (pk_idindex_reserve(&s->frame_index)) return NULL;
  size_t mask = s->frame_index.slot_count - 1, slot = (size_t)h & mask;
  for (; s->frame_index.slots[slot]; slot = (slot + 1) & mask) {
    uint64_t v = s->frame_index.slots[slot];
    frame_entry *e = &s->frames[PK_IDX_ID(v)];
    if (PK_IDX_HASH(v) == (uint32_t)h && e->dso == dso && e->sym == sym && e->java == java) return e;
  }
  *slot_out = slot;
  return NULL;
}

static int emit_frame(session *s, const process *p, int cpumode, uint64_t ip) {
  if (!pk_perf_collapser_in_sample(s->c)) return 0; /* filtered event: its stack lines are ignored */
  bool java = pk_perf_collapser_is_java(s->c);
  int32_t pid = p ? p->pid : -1;
  ip_slot *is = &s->ip_cache[pk_hash_mix(ip ^ ((uint64_t)(uint32_t)pid << 40) ^ ((uint64_t)cpumode << 36)) & (IP_CACHE_SLOTS - 1)];
  if (is->entry && is->gen == s->gen && is->ip == ip && is->pid == pid && is->mode == cpumode && is->java == java) {
    const frame_entry *e = &s->frames[is->entry - 1];
    return pk_perf_collapser_push(s->c, s->ids + e->first, e->count);
  }
  resolved r;
  resolve(s, p, cpumode, ip, &r);
  uint32_t sym = r.have_sym ? r.sym.index : NO_SYMBOL;
  bool cacheable = r.have_sym || !(s->opts && s->opts->perf_addrs);
  size_t slot = 0;
  uint32_t hash = 0;
  if (cacheable) {
    frame_entry *e = find_frame(s, r.dso, sym, java, &slot, &hash);
    if (e) {
      *is = (ip_slot){ip, s->gen, (uint32_t)(e - s->frames) + 1, pid, (uint8_t)cpumode, java};
      return pk_perf_collapser_push(s->c, s->ids + e->first, e->count);
    }
    if (!s->frame_index.slot_count) return PK_ENOMEM;
  }
  size_t dso_len;
  const char *dso_name = pk_perf_dso_name(s->dsos, r.dso, &dso_len);
  size_t sym_len = r.have_sym ? r.sym.name_len : 9;
  int rc = line_room(s, sym_len + dso_len + 64);
  if (rc) return rc;
  char *o = s->line;
  *o++ = '\t';
  o = put_hex(o, r.addr, 16);
  *o++ = ' ';
  if (r.have_sym) {
    o = put(o, r.sym.name, r.sym.name_len);
    o = put(o, "+0x", 3);
    o = put_hex(o, r.vaddr - r.sym.start, 0);
  } else {
    o = put(o, "[unknown]", 9);
  }
  o = put(o, " (", 2);
  o = put(o, dso_name, dso_len);
  *o++ = ')';
  size_t before = pk_perf_collapser_depth(s->c);
  if ((rc = pk_perf_collapser_line(s->c, s->line, (size_t)(o - s->line)))) return rc;
  /* The frames depend on nothing but (object, symbol, java) unless the
   * object's name could move where the stack-line pattern splits. */
  if (!cacheable || !pk_perf_collapser_in_sample(s->c) || memmem(dso_name, dso_len, " (", 2)) return 0;
  size_t count = pk_perf_collapser_depth(s->c) - before;
  if (s->n_frames >= UINT32_MAX - 1 || s->n_ids + count > UINT32_MAX ||
      PK_GROW(s->frames, s->cap_frames, s->n_frames + 1) || PK_GROW(s->ids, s->cap_ids, s->n_ids + count))
    return PK_ENOMEM;
  memcpy(s->ids + s->n_ids, pk_perf_collapser_frames(s->c) + before, count * sizeof(pk_id));
  s->frames[s->n_frames] = (frame_entry){r.dso, sym, java, (uint32_t)s->n_ids, (uint32_t)count};
  s->n_ids += count;
  *is = (ip_slot){ip, s->gen, (uint32_t)s->n_frames + 1, pid, (uint8_t)cpumode, java};
  pk_idindex_put(&s->frame_index, slot, hash, (uint32_t)s->n_frames++);
  return 0;
}

/* One sample: the event line, a stack line per call-chain entry, a blank. */
static int on_sample(session *s, uint64_t offset, pk_error *err) {
  pk_perf_sample smp;
  int rc = pk_perf_sample_decode(&s->file, offset, &smp, err);
  if (rc == 1) s->skipped++;
  if (rc) return rc == 1 ? 0 : rc;
  thread *t = findnew_thread(s, (int32_t)smp.pid, (int32_t)smp.tid);
  if (!t) return PK_ENOMEM;
  if ((rc = event_line(s, t, &smp)) != 0) return rc;
  const process *p = find_process(s, t->pid, false);
  if (smp.attr->sample_type & PK_PERF_SAMPLE_CALLCHAIN) {
    /* perf drops the whole chain at a context it does not know (guest) */
    bool valid = true;
    for (uint64_t i = 0, real = 0; i < smp.chain_nr && real < MAX_STACK; i++) {
      uint64_t ip = pk_perf_u64(smp.chain + 8 * i);
      if (ip < CONTEXT_MAX) real++;
      else if (ip != CONTEXT_HV && ip != CONTEXT_KERNEL && ip != CONTEXT_USER) valid = false;
    }
    int cpumode = CPUMODE_USER;
    for (uint64_t i = 0, real = 0; valid && i < smp.chain_nr && real < MAX_STACK && rc == 0; i++) {
      uint64_t ip = pk_perf_u64(smp.chain + 8 * i);
      if (ip >= CONTEXT_MAX) {
        cpumode = ip == CONTEXT_KERNEL ? CPUMODE_KERNEL : ip == CONTEXT_USER ? CPUMODE_USER : 3;
        continue;
      }
      real++;
      rc = emit_frame(s, p, cpumode, ip);
    }
  }
  return rc ? rc : pk_perf_collapser_line(s->c, "", 0);
}

bool pk_perf_data_probe(const char *buf, size_t len) { return pk_perf_file_probe(buf, len); }

static void session_free(session *s) {
  pk_perf_file_close(&s->file);
  pk_perf_dsos_free(s->dsos);
  pk_perf_collapser_free(s->c);
  for (size_t i = 0; i < s->n_procs; i++) free(s->procs[i].maps);
  free(s->procs);
  free(s->proc_index.slots);
  free(s->threads);
  free(s->thread_index.slots);
  free(s->comms);
  free(s->line);
  free(s->frames);
  free(s->frame_index.slots);
  free(s->ids);
  free(s->ip_cache);
}

int pk_perf_data_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                       const pk_read_options *opts, pk_error *err) {
  session s = {0};
  s.opts = opts;
  int rc = pk_perf_file_open(&s.file, buf, len, path, err);
  if (rc) {
    session_free(&s);
    return rc;
  }
  s.dsos = pk_perf_dsos_new(opts ? opts->perf_kallsyms : NULL);
  s.ip_cache = calloc(IP_CACHE_SLOTS, sizeof *s.ip_cache);
  if (!s.dsos || !s.ip_cache || (rc = pk_perf_collapser_new(&s.c, p, opts, path, err)) != 0) {
    session_free(&s);
    return rc ? rc : pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  s.kernel_dso = pk_perf_dso_get(s.dsos, "[kernel.kallsyms]", 17, PK_DSO_KERNEL);
  s.unknown_dso = pk_perf_dso_get(s.dsos, "[unknown]", 9, PK_DSO_NONE);
  thread *idle = findnew_thread(&s, 0, 0); /* perf registers the idle thread */
  if (s.kernel_dso < 0 || s.unknown_dso < 0 || !idle || intern_comm(&s, "swapper", 7, &idle->comm)) {
    session_free(&s);
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  idle->comm_len = 7;
  idle->comm_set = true;
  pk_perf_record *recs = NULL;
  size_t n = 0;
  if ((rc = pk_perf_file_index(&s.file, &recs, &n, err)) != 0) {
    session_free(&s);
    return rc;
  }
  uint64_t at = PK_NO_POSITION;
  pk_progress_tick tick; /* records replay in time order: bytes as the share of records done */
  pk_progress_tick_init(&tick, opts ? &opts->progress : NULL, path, "parsing", len);
  for (size_t i = 0; i < n && rc == 0; i++) {
    pk_progress_tick_at(&tick, (uint64_t)((double)len * (double)i / (double)n));
    at = recs[i].offset;
    const uint8_t *h = s.file.buf + at;
    uint32_t type = pk_perf_u32(h);
    const uint8_t *body = h + 8;
    size_t bn = pk_perf_u16(h + 6) - 8u;
    switch (type) {
    case PK_PERF_RECORD_SAMPLE: rc = on_sample(&s, at, err); break;
    case PK_PERF_RECORD_COMM: rc = on_comm(&s, body, bn); break;
    case PK_PERF_RECORD_MMAP: rc = on_mmap(&s, body, bn, false, pk_perf_u16(h + 4)); break;
    case PK_PERF_RECORD_MMAP2: rc = on_mmap(&s, body, bn, true, pk_perf_u16(h + 4)); break;
    case PK_PERF_RECORD_FORK: rc = on_fork(&s, body, bn); break;
    default: break; /* EXIT: perf keeps the thread for late samples */
    }
    if (rc == 1) {
      rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, at, "record of type %u is too short for its fields", type);
    } else if (rc == PK_ENOMEM) { /* parse errors were reported where they were found */
      rc = pk_error_set(err, rc, path, PK_NO_POSITION, at, "out of memory");
    }
  }
  free(recs);
  if (rc == 0) {
    for (size_t i = 0; i < s.file.n_attrs && opts && opts->warn; i++) {
      if (!(s.file.attrs[i].sample_type & PK_PERF_SAMPLE_STACK_USER)) continue;
      opts->warn(opts->warn_payload, path,
                 "user stacks recorded with --call-graph dwarf are not unwound here: they stop at the sampled "
                 "function (perf script unwinds them; record with -g or --call-graph fp)");
      break;
    }
    const char *problem = pk_perf_dsos_problem(s.dsos);
    if (problem && opts && opts->warn) {
      char msg[1200];
      snprintf(msg, sizeof msg, "some frames are [unknown]: %s", problem);
      opts->warn(opts->warn_payload, path, msg);
    }
    if (s.skipped && opts && opts->warn) {
      char msg[120];
      snprintf(msg, sizeof msg, "skipped %llu samples naming no recorded event", (unsigned long long)s.skipped);
      opts->warn(opts->warn_payload, path, msg);
    }
    rc = pk_perf_collapser_finish(s.c, 0, 0, err);
  }
  session_free(&s);
  return rc;
}
