/*
 * v8log.c - reader for V8's tick log, written by `node --prof`
 * (isolate-0x...-v8.log), read as speedscope reads it after
 * `node --prof-process --preprocess -j` (its documented way in).
 *
 * The log is one event a line, comma-separated, names quoted in older
 * versions and escaped (\x2C for a comma) in newer ones.  Read in order,
 * the events keep a map of code addresses:
 *   shared-library,"path",start,end   a native library: its addresses are
 *                                     the frame "(LIB) path" (naming its C++
 *                                     functions needs the library itself and
 *                                     nm, which the log does not carry);
 *   code-creation,type,[kind,[time,]]start,size,"name"[,sfi,state]
 *                                     JIT code: with a function (sfi) it is
 *                                     JavaScript, named as speedscope does
 *                                     ("fn file:line:col" -> fn with its file,
 *                                     line and column; "(anonymous file:line)"
 *                                     without a name), else code of a kind
 *                                     ("(stub) ", "(builtin) ", "(IC) ",
 *                                     "(bytecode) ~", "(regexp) ");
 *                                     function code where code already
 *                                     starts is ignored (V8's JSON export);
 *   code-move,from,to / code-delete,start
 *   tick,pc,time_us,is_external_callback,tos,vm_state,stack...
 *                                     a sample: pc (or, in an external
 *                                     callback, tos), then the stack
 *                                     (absolute, or +/- hex from the last
 *                                     relative frame or pc; "overflow" marks
 *                                     a cut stack); addresses in no code are
 *                                     left out.
 * As with `-j`, only ticks in the JavaScript VM state (0) are kept, and each
 * weighs the time since the kept tick before it (the first, since 0):
 * speedscope's weights, so its snapshot can be met.  Other events are
 * skipped; a line that is no event, or an event with a malformed number,
 * is an error naming the line.  Addresses live in util/range_map (a skip
 * list), so no step follows the input's depth.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hex_digit.h"
#include "util/grow.h"
#include "util/line_scan.h"
#include "util/range_map.h"
#include "formats/readers.h"

enum { MAX_FIELDS = 10 }; /* fields kept per line; a tick's stack is walked, not kept */

typedef struct {
  const char *text;
  size_t len;
} field;

typedef struct {
  pk_id frame;
} code_entry;

typedef struct {
  pk_profile *p;
  pk_range_map *code, *libs;
  code_entry *entries;
  size_t n_entries, cap_entries;
  pk_id *stack; /* one tick's frames, leaf first */
  size_t cap_stack;
  char *name; /* scratch for unescaped and prefixed names */
  size_t cap_name;
  char *label; /* scratch for "(anonymous file:line)" */
  size_t cap_label;
  int64_t last_tm;
  size_t ticks;
} v8log;

/* The next comma-separated field from *s (NULL once the line is used up);
 * quoted fields lose their quotes (a backslash escapes the next byte inside
 * them). */
static bool next_field(const char **s, const char *end, field *f) {
  const char *c = *s;
  if (!c) return false;
  if (c < end && *c == '"') {
    const char *q = ++c;
    while (q < end && *q != '"') q += (*q == '\\' && q + 1 < end) ? 2 : 1;
    f->text = c;
    f->len = (size_t)((q < end ? q : end) - c);
    c = q < end ? q + 1 : end;
    while (c < end && *c != ',') c++;
  } else {
    const char *comma = memchr(c, ',', (size_t)(end - c));
    f->text = c;
    f->len = (size_t)((comma ? comma : end) - c);
    c = comma ? comma : end;
  }
  *s = c < end ? c + 1 : NULL; /* past the comma; NULL when there is none */
  return true;
}

/* "0x1f" (or bare hex digits) into *out; false on anything else or past 64 bits. */
static bool parse_hex(const char *s, size_t n, uint64_t *out) {
  if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2, n -= 2;
  if (!n || n > 16) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    int d = pk_hex_digit(s[i]);
    if (d < 0) return false;
    v = v << 4 | (uint64_t)d;
  }
  *out = v;
  return true;
}

static bool parse_dec(const field *f, int64_t *out) {
  if (!f->len) return false;
  int64_t v = 0;
  for (size_t i = 0; i < f->len; i++) {
    char c = f->text[i];
    if (c < '0' || c > '9' || v > (INT64_MAX - (c - '0')) / 10) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

static bool is_hex_address(const field *f) { return f->len > 2 && f->text[0] == '0' && f->text[1] == 'x'; }

/* Copies prefix + the field unescaped (\xHH, \\, \", \n) into v->name; its length, or -1 on OOM. */
static long long unescape(v8log *v, const char *prefix, const field *f) {
  size_t pl = strlen(prefix);
  if (pk_grow((void **)&v->name, &v->cap_name, pl + f->len + 1, 1)) return -1;
  memcpy(v->name, prefix, pl);
  size_t o = pl;
  for (size_t i = 0; i < f->len; i++) {
    char c = f->text[i];
    if (c == '\\' && i + 1 < f->len) {
      char e = f->text[i + 1];
      if (e == 'x' && i + 3 < f->len && pk_hex_digit(f->text[i + 2]) >= 0 && pk_hex_digit(f->text[i + 3]) >= 0) {
        v->name[o++] = (char)(pk_hex_digit(f->text[i + 2]) << 4 | pk_hex_digit(f->text[i + 3]));
        i += 3;
        continue;
      }
      if (e == '\\' || e == '"' || e == ',') {
        v->name[o++] = e;
        i++;
        continue;
      }
      if (e == 'n') {
        v->name[o++] = '\n';
        i++;
        continue;
      }
    }
    v->name[o++] = c;
  }
  return (long long)o;
}

static bool fn_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || c == '$';
}
static bool file_char(char c) { return fn_char(c) || c == '/'; }

/* Digits at s[*i..n) as a line or column (1..INT32_MAX); advances *i. */
static bool small_number(const char *s, size_t n, size_t *i, int32_t *out) {
  size_t start = *i;
  int64_t v = 0;
  while (*i < n && s[*i] >= '0' && s[*i] <= '9') {
    v = v * 10 + (s[*i] - '0');
    if (v > INT32_MAX) return false;
    (*i)++;
  }
  *out = (int32_t)v;
  return *i > start;
}

/* speedscope's JavaScript frame: the first "fn file:line:col" in the name
 * (fn and file may be empty); the frame is named fn, or "(anonymous
 * basename:line)".  Plain name when there is no such part. */
static pk_id js_frame(v8log *v, const char *s, size_t n) {
  for (size_t p = 0; p < n;) {
    size_t q = p;
    while (q < n && fn_char(s[q])) q++;
    size_t after = q + 1, i = after;
    int32_t line = 0, col = 0;
    if (q < n && s[q] == ' ') {
      while (i < n && file_char(s[i])) i++;
      size_t file_end = i;
      if (i < n && s[i] == ':' && (++i, small_number(s, n, &i, &line)) && i < n && s[i] == ':' &&
          (++i, small_number(s, n, &i, &col))) {
        pk_frame f = {0};
        const char *file = s + after;
        size_t file_len = file_end - after;
        if (q > p) {
          f.name = pk_profile_intern(v->p, s + p, q - p);
        } else {
          const char *base = file;
          for (size_t k = 0; k < file_len; k++)
            if (file[k] == '/') base = file + k + 1;
          size_t base_len = (size_t)(file + file_len - base);
          size_t cap = base_len + 32;
          if (pk_grow((void **)&v->label, &v->cap_label, cap, 1)) return PK_NONE;
          int k = file_len ? snprintf(v->label, cap, "(anonymous %.*s:%d)", (int)base_len, base, (int)line)
                           : snprintf(v->label, cap, "(anonymous)");
          f.name = pk_profile_intern(v->p, v->label, (size_t)k);
        }
        f.file = file_len ? pk_profile_intern(v->p, file, file_len) : pk_profile_intern_cstr(v->p, "(unknown file)");
        f.line = line;
        f.column = col;
        if (f.name == PK_NONE || f.file == PK_NONE) return PK_NONE;
        return pk_profile_frame(v->p, &f);
      }
    }
    p = q + 1; /* no match starts inside this run of name characters */
  }
  return pk_profile_frame_named(v->p, s, n, PK_FRAME_PLAIN);
}

static const char *code_prefix(const field *type) {
  static const struct {
    const char *type, *prefix;
  } kinds[] = {{"LoadIC", "(IC) "},  {"StoreIC", "(IC) "},         {"KeyedStoreIC", "(IC) "}, {"KeyedLoadIC", "(IC) "},
               {"LoadGlobalIC", "(IC) "}, {"Handler", "(IC) "},    {"BytecodeHandler", "(bytecode) ~"},
               {"Stub", "(stub) "},  {"Builtin", "(builtin) "},    {"RegExp", "(regexp) "}};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (type->len == strlen(kinds[i].type) && memcmp(type->text, kinds[i].type, type->len) == 0) return kinds[i].prefix;
  return "";
}

/* A new code entry for frame; its index, or -1 on OOM. */
static long long add_entry(v8log *v, pk_id frame) {
  if (frame == PK_NONE || v->n_entries >= UINT32_MAX ||
      pk_grow((void **)&v->entries, &v->cap_entries, v->n_entries + 1, sizeof *v->entries))
    return -1;
  v->entries[v->n_entries] = (code_entry){frame};
  return (long long)v->n_entries++;
}

/* Returns NULL, or the error message. */
static const char *on_shared_library(v8log *v, const field *f, size_t n) {
  uint64_t start, end;
  if (n < 4 || !parse_hex(f[2].text, f[2].len, &start) || !parse_hex(f[3].text, f[3].len, &end))
    return "shared-library without a start and end address";
  long long len = unescape(v, "(LIB) ", &f[1]);
  long long e = len < 0 ? -1 : add_entry(v, pk_profile_frame_named(v->p, v->name, (size_t)len, PK_FRAME_PLAIN));
  if (e < 0 || pk_range_map_add(v->libs, start, end > start ? end - start : 1, (uint32_t)e)) return "out of memory";
  return NULL;
}

static const char *on_code_creation(v8log *v, const field *f, size_t n) {
  size_t at; /* where the start address is: after type, kind and time (V8 >= 5.8), type and kind, or type */
  if (n > 6 && is_hex_address(&f[4])) at = 4;
  else if (n > 5 && is_hex_address(&f[3])) at = 3;
  else if (n > 4 && is_hex_address(&f[2])) at = 2;
  else return "code-creation without a start address";
  uint64_t start, size;
  if (!parse_hex(f[at].text, f[at].len, &start)) return "code-creation with an invalid start address";
  int64_t sz;
  if (!parse_dec(&f[at + 1], &sz)) return "code-creation with an invalid size";
  size = (uint64_t)sz;
  const field *name = &f[at + 2];
  bool function = n > at + 3 && f[at + 3].len > 0;
  uint32_t existing;
  if (function && pk_range_map_at(v->code, start, &existing)) return NULL; /* kept, as V8's JSON export does */
  long long len = unescape(v, function ? "" : code_prefix(&f[1]), name);
  if (len < 0) return "out of memory";
  pk_id frame = function ? js_frame(v, v->name, (size_t)len) : pk_profile_frame_named(v->p, v->name, (size_t)len, PK_FRAME_PLAIN);
  long long e = add_entry(v, frame);
  if (e < 0 || pk_range_map_add(v->code, start, size, (uint32_t)e)) return "out of memory";
  return NULL;
}

static const char *on_code_move(v8log *v, const field *f, size_t n) {
  uint64_t from, to, size;
  uint32_t e;
  if (n < 3 || !parse_hex(f[1].text, f[1].len, &from) || !parse_hex(f[2].text, f[2].len, &to))
    return "code-move without two addresses";
  if (pk_range_map_remove(v->code, from, &size, &e) && pk_range_map_add(v->code, to, size, e)) return "out of memory";
  return NULL;
}

static const char *on_code_delete(v8log *v, const field *f, size_t n) {
  uint64_t start;
  if (n < 2 || !parse_hex(f[1].text, f[1].len, &start)) return "code-delete without an address";
  pk_range_map_remove(v->code, start, NULL, NULL);
  return NULL;
}

/* The code entry at addr (libraries first, as V8 looks), or -1. */
static long long resolve(const v8log *v, uint64_t addr) {
  uint32_t e;
  if (pk_range_map_find(v->libs, addr, &e, NULL) || pk_range_map_find(v->code, addr, &e, NULL)) return e;
  return -1;
}

static int push_frame(v8log *v, size_t *depth, long long e) {
  if (e < 0) return 0;
  if (pk_grow((void **)&v->stack, &v->cap_stack, *depth + 1, sizeof *v->stack)) return -1;
  v->stack[(*depth)++] = v->entries[e].frame;
  return 0;
}

static const char *on_tick(v8log *v, const field *f, size_t n, const char *rest, const char *end) {
  uint64_t pc, tos; /* tos is a frame only in an external callback: V8's JSON export never finds it a function */
  int64_t tm, external, vm_state;
  if (n < 6 || !parse_hex(f[1].text, f[1].len, &pc) || !parse_dec(&f[2], &tm) || !parse_dec(&f[3], &external) ||
      !parse_hex(f[4].text, f[4].len, &tos) || !parse_dec(&f[5], &vm_state))
    return "tick: pc, time (us), external-callback flag, tos or VM state missing or malformed";
  if (vm_state != 0) return NULL; /* not JavaScript: left out, as -j does */
  size_t depth = 0;
  if (external) {
    pc = tos;
    tos = 0;
  }
  if (push_frame(v, &depth, resolve(v, pc))) return "out of memory";
  uint64_t prev = pc; /* relative frames count from the last relative one, or pc (V8's tick processor) */
  field s;
  while (next_field(&rest, end, &s)) {
    if (!s.len || s.text[0] == 'o') continue; /* "overflow": the stack was cut */
    uint64_t a;
    bool rel = s.text[0] == '+' || s.text[0] == '-';
    if (!parse_hex(s.text + rel, s.len - rel, &a)) return "tick with an invalid stack address";
    if (rel) a = prev = s.text[0] == '+' ? prev + a : prev - a; /* unsigned: wraps, as addresses do */
    if (push_frame(v, &depth, resolve(v, a))) return "out of memory";
  }
  for (size_t i = 0, j = depth; i + 1 < j; i++, j--) { /* leaf first -> root first */
    pk_id x = v->stack[i];
    v->stack[i] = v->stack[j - 1];
    v->stack[j - 1] = x;
  }
  int64_t weight = 0;
  if (tm >= v->last_tm) {
    if (tm - v->last_tm > INT64_MAX / 1000) return "tick time out of range";
    weight = (tm - v->last_tm) * 1000; /* microseconds -> nanoseconds */
    v->last_tm = tm;
  }
  int rc = pk_profile_add_stack(v->p, v->stack, depth, &weight, NULL);
  if (rc == PK_ELIMIT) return "tick weights overflow 2^63-1";
  if (rc) return "out of memory";
  v->ticks++;
  return NULL;
}

static bool starts_with(const char *s, size_t n, const char *prefix) {
  size_t k = strlen(prefix);
  return n >= k && memcmp(s, prefix, k) == 0;
}

bool pk_v8log_probe(const char *buf, size_t len) {
  return starts_with(buf, len, "v8-version,") || starts_with(buf, len, "shared-library,") ||
         starts_with(buf, len, "code-creation,");
}

static bool event_name(const field *f) {
  if (!f->len) return false;
  for (size_t i = 0; i < f->len; i++) {
    char c = f->text[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

static bool field_is(const field *f, const char *s) { return f->len == strlen(s) && memcmp(f->text, s, f->len) == 0; }

int pk_v8log_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                   pk_error *err) {
  (void)opts;
  if (pk_profile_add_sample_type(p, "wall", "nanoseconds") < 0)
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  v8log v = {.p = p, .code = pk_range_map_new(), .libs = pk_range_map_new()};
  const char *msg = v.code && v.libs ? NULL : "out of memory";
  uint64_t line = 0;
  size_t n_line;
  for (const char *l = buf, *s; !msg && (s = pk_next_line(&l, buf + len, &n_line));) {
    const char *e = s + n_line;
    line++;
    if (e == s) continue;
    field f[MAX_FIELDS];
    size_t n = 0;
    const char *c = s;
    while (n < MAX_FIELDS && (n < 6 || !field_is(&f[0], "tick")) && next_field(&c, e, &f[n])) n++;
    if (!event_name(&f[0])) msg = "not a V8 log event (name,fields...)";
    else if (field_is(&f[0], "tick")) msg = on_tick(&v, f, n, c, e);
    else if (field_is(&f[0], "code-creation")) msg = on_code_creation(&v, f, n);
    else if (field_is(&f[0], "code-move")) msg = on_code_move(&v, f, n);
    else if (field_is(&f[0], "code-delete")) msg = on_code_delete(&v, f, n);
    else if (field_is(&f[0], "shared-library")) msg = on_shared_library(&v, f, n);
  }
  int rc = 0;
  if (msg) rc = pk_error_set(err, strcmp(msg, "out of memory") ? PK_EPARSE : PK_ENOMEM, path, line, PK_NO_POSITION, "%s", msg);
  else if (!v.ticks) rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "no ticks in the JavaScript VM state (was node run with --prof?)");
  else pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "v8log");
  pk_range_map_free(v.code);
  pk_range_map_free(v.libs);
  free(v.entries);
  free(v.stack);
  free(v.name);
  free(v.label);
  return rc;
}
