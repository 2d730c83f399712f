/*
 * pmcstat.c - reader for FreeBSD's `pmcstat -G` callgraph text, by the rules
 * of speedscope's pmcstat importer, so that its snapshots are met.
 *
 * The file opens with "@ EVENT [N samples]"; then for each sampled
 * function a line "PCT%  [COUNT]  NAME [@ FILE]" followed by its callers,
 * each one space deeper than its callee.  A line with no deeper line after
 * it ends a stack: the path from the sampled function to that caller,
 * read backwards (outermost caller first), weighing that line's COUNT.
 * A frame's file is the last "@ FILE" seen on this or an earlier line; a
 * name keeps the file of its first line (speedscope keys frames by name).
 * Lines that are not such entries (comments, blank lines, a second event's
 * header) are skipped as speedscope skips them, with one warning that
 * counts them; a file where they are most of the lines is refused, and an
 * indentation that skips a level is an error with its line (speedscope
 * would leave a hole in the stack).
 * Detection: the first non-blank line is "@ NAME [N samples]" and an entry
 * line follows within the first 4 KiB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/line_scan.h"
#include "formats/readers.h"

/* "@ NAME [N samples]" */
static bool event_header(const char *s, size_t n) {
  if (n < 2 || s[0] != '@' || s[1] != ' ') return false;
  const char *open = memchr(s, '[', n);
  if (!open) return false;
  size_t i = (size_t)(open - s) + 1, digits = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
  return digits && n - i >= 9 && memcmp(s + i, " samples]", 9) == 0;
}

typedef struct pm_entry {
  size_t indent;
  uint64_t count;
  const char *name, *file;
  size_t name_len, file_len; /* file NULL when the line has no "@ FILE" */
} pm_entry;

/* Parses `^( *)[\d.]+%  \[(\d+)\]\s*(\S+)(?: @ (.*))?$`; 0 when the line is no
 * entry, -1 when COUNT overflows, 1 for an entry. */
static int entry_line(const char *s, size_t n, pm_entry *e) {
  size_t i = 0;
  while (i < n && s[i] == ' ') i++;
  e->indent = i;
  size_t pct = i;
  while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) i++;
  if (i == pct || n - i < 4 || memcmp(s + i, "%  [", 4) != 0) return 0;
  i += 4;
  size_t digits = i;
  uint64_t count = 0;
  bool overflow = false;
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
    overflow |= __builtin_mul_overflow(count, 10u, &count) || __builtin_add_overflow(count, (uint64_t)(s[i] - '0'), &count);
  if (i == digits || i >= n || s[i] != ']') return 0;
  i++;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  size_t name = i;
  while (i < n && s[i] != ' ' && s[i] != '\t') i++;
  if (i == name) return 0;
  e->name = s + name;
  e->name_len = i - name;
  e->file = NULL;
  e->file_len = 0;
  if (i < n) {
    if (n - i < 3 || memcmp(s + i, " @ ", 3) != 0) return 0;
    e->file = s + i + 3;
    e->file_len = n - i - 3;
  }
  if (overflow || count > INT64_MAX) return -1;
  e->count = count;
  return 1;
}

bool pk_pmcstat_probe(const char *buf, size_t len) {
  const char *end = buf + (len < 4096 ? len : 4096), *cur = buf, *l;
  size_t n;
  bool header = false;
  while ((l = pk_next_line(&cur, end, &n))) {
    pm_entry en;
    if (!header) {
      if (n) {
        if (!event_header(l, n)) return false;
        header = true;
      }
    } else if (entry_line(l, n, &en) == 1) {
      return true;
    }
  }
  return false;
}

typedef struct pm_state {
  pk_profile *p;
  pk_id *stack, *reversed; /* frames, sampled function first */
  size_t cap, cap_reversed;
  pk_id *frame_of_name; /* by the name's string id: a name keeps its first file */
  size_t n_names, cap_names;
  pk_id file; /* the last "@ FILE" */
} pm_state;

static pk_id frame_for(pm_state *st, const pm_entry *e) {
  if (e->file && (st->file = pk_profile_intern(st->p, e->file, e->file_len)) == PK_NONE) return PK_NONE;
  pk_id name = pk_profile_intern(st->p, e->name, e->name_len);
  if (name == PK_NONE || pk_grow((void **)&st->frame_of_name, &st->cap_names, (size_t)name + 1, sizeof *st->frame_of_name))
    return PK_NONE;
  while (st->n_names <= name) st->frame_of_name[st->n_names++] = PK_NONE;
  if (st->frame_of_name[name] == PK_NONE) {
    pk_frame f = {0};
    f.name = name;
    f.file = st->file;
    st->frame_of_name[name] = pk_profile_frame(st->p, &f);
  }
  return st->frame_of_name[name];
}

static int emit(pm_state *st, size_t depth, int64_t w) {
  if (pk_grow((void **)&st->reversed, &st->cap_reversed, depth, sizeof *st->reversed)) return PK_ENOMEM;
  for (size_t k = 0; k < depth; k++) st->reversed[k] = st->stack[depth - 1 - k];
  if (w > 0 && pk_profile_add_stack(st->p, st->reversed, depth, &w, NULL)) return PK_ELIMIT;
  return 0;
}

int pk_pmcstat_parse(pk_profile *p, const char *buf, size_t len, const char *path, const pk_read_options *opts,
                     pk_error *err) {
  pm_state st = {p, NULL, NULL, 0, 0, NULL, 0, 0, 0};
  const char *cur = buf, *end = buf + len;
  uint64_t line = 0, skipped = 0, first_skipped = 0, entries = 0;
  size_t depth = 0; /* entries on the stack; the last one read is stack[depth - 1] */
  int64_t last_count = 0;
  int rc = pk_profile_add_sample_type(p, "samples", "count") < 0 ? PK_ENOMEM : 0;
  if (rc) rc = pk_error_set(err, rc, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  const char *s;
  size_t n;
  while (!rc && (s = pk_next_line(&cur, end, &n))) {
    line++;
    pm_entry en;
    int kind = entry_line(s, n, &en);
    if (kind < 0) {
      rc = pk_error_set(err, PK_ELIMIT, path, line, PK_NO_POSITION, "sample count overflows 2^63-1");
      break;
    }
    if (!kind) {
      bool blank = true;
      for (size_t k = 0; k < n && blank; k++) blank = s[k] == ' ' || s[k] == '\t';
      if (!blank && !event_header(s, n) && !skipped++) first_skipped = line;
      continue;
    }
    if (en.indent > depth) {
      rc = pk_error_set(err, PK_EPARSE, path, line, PK_NO_POSITION, "indentation skips a level");
      break;
    }
    if (en.indent < depth && (rc = emit(&st, depth, last_count))) { /* the line before was a leaf */
      rc = pk_error_set(err, rc, path, line, PK_NO_POSITION, rc == PK_ENOMEM ? "out of memory" : "counts overflow 2^63-1");
      break;
    }
    pk_id f = frame_for(&st, &en);
    if (f == PK_NONE || pk_grow((void **)&st.stack, &st.cap, en.indent + 1, sizeof *st.stack)) {
      rc = pk_error_set(err, PK_ENOMEM, path, line, PK_NO_POSITION, "out of memory");
      break;
    }
    st.stack[en.indent] = f;
    depth = en.indent + 1;
    last_count = (int64_t)en.count;
    entries++;
  }
  if (!rc && depth && (rc = emit(&st, depth, last_count)))
    rc = pk_error_set(err, rc, path, line, PK_NO_POSITION, rc == PK_ENOMEM ? "out of memory" : "counts overflow 2^63-1");
  if (!rc && !entries) rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "no callgraph entries");
  if (!rc && skipped > entries)
    rc = pk_error_set(err, PK_EPARSE, path, first_skipped, PK_NO_POSITION,
                      "not a pmcstat callgraph: %llu of %llu lines are no \"PCT%%  [COUNT] NAME\" entry",
                      (unsigned long long)skipped, (unsigned long long)(skipped + entries));
  if (!rc && skipped && opts && opts->warn) {
    char msg[160];
    snprintf(msg, sizeof msg, "skipped %llu lines that are no callgraph entry (first at line %llu), as speedscope does",
             (unsigned long long)skipped, (unsigned long long)first_skipped);
    opts->warn(opts->warn_payload, path, msg);
  }
  free(st.stack);
  free(st.reversed);
  free(st.frame_of_name);
  if (!rc) pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "pmcstat");
  return rc;
}
