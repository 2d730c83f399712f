/*
 * formats/folded_parse.c - reading folded stacks ("a;b;c 12" per line).
 *
 * One pass over the buffer, a line at a time.  The count (or the two counts
 * of a differential file) is taken from the end of the line; the rest is the
 * stack.  Consecutive lines of a sorted file share long prefixes, so the
 * parser remembers the previous line's stack and the node reached after
 * each of its frames: the shared prefix costs one memcmp instead of a hash
 * lookup per frame.  UTF-16 input (with a BOM) is converted to UTF-8 first;
 * a UTF-8 BOM is skipped; CRLF line ends are accepted.  Frame names go
 * through a local index from the raw text ("read_[k]") straight to the
 * frame id, one hash per frame instead of interning the name and then the
 * frame.  Names escaped by the writer (`\x3b` for `;`, ...: see
 * formats/folded_names.h) are decoded on first sight.
 */
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/hash.h"
#include "util/hash_index.h"
#include "formats/folded_names.h"
#include "profkit/escape.h"
#include "profkit/folded.h"
#include "util/utf8.h"

typedef struct prefix_cache {
  const char *stack;  /* previous line's stack (points into the buffer) */
  size_t len;
  size_t *frame_end;  /* offset just past frame i within the stack */
  pk_id *node;        /* node reached after frame i */
  size_t count, end_capacity, node_capacity;
} prefix_cache;

static const struct {
  const char *suffix;
  pk_frame_kind kind;
} kind_suffixes[] = {
    {"_[k]", PK_FRAME_KERNEL}, {"_[j]", PK_FRAME_JIT}, {"_[i]", PK_FRAME_INLINED}, {"_[w]", PK_FRAME_WAKER}};

static pk_frame_kind strip_kind(const char *name, size_t *len) {
  if (*len < 4 || name[*len - 4] != '_' || name[*len - 3] != '[' || name[*len - 1] != ']')
    return PK_FRAME_PLAIN;
  for (size_t i = 0; i < sizeof kind_suffixes / sizeof kind_suffixes[0]; i++)
    if (name[*len - 2] == kind_suffixes[i].suffix[2]) {
      *len -= 4;
      return kind_suffixes[i].kind;
    }
  return PK_FRAME_PLAIN;
}

/* Folded text of a frame ("read_[k]") -> its frame id.  The texts are
 * copied side by side into one block: a probe then compares bytes that sit
 * in a few cache lines, not at the first occurrence of the frame somewhere
 * in a file of many megabytes. */
typedef struct text_entry {
  size_t offset;  /* in frame_cache.text */
  uint32_t len;
  pk_id frame;
} text_entry;

typedef struct frame_cache {
  pk_idindex index;  /* hash -> entry id */
  text_entry *entries;
  size_t count, capacity;
  char *text;
  size_t text_len, text_capacity;
} frame_cache;

/* The frame for folded text (suffix included), interned on first sight. */
static pk_id frame_of_text(pk_profile *p, frame_cache *cache, const char *text, size_t len) {
  if (pk_idindex_reserve(&cache->index) != 0) return PK_NONE;
  uint32_t h = (uint32_t)pk_hash_bytes(text, len);
  size_t mask = cache->index.slot_count - 1, j = h & mask;
  const uint64_t *slots = cache->index.slots;
  while (slots[j]) {
    if (PK_IDX_HASH(slots[j]) == h) {
      const text_entry *e = &cache->entries[PK_IDX_ID(slots[j])];
      if (e->len == len && (len == 0 || memcmp(cache->text + e->offset, text, len) == 0)) return e->frame;
    }
    j = (j + 1) & mask;
  }
  if (len >= UINT32_MAX || PK_GROW(cache->entries, cache->capacity, cache->count + 1) != 0 ||
      PK_GROW(cache->text, cache->text_capacity, cache->text_len + len) != 0)
    return PK_NONE;
  size_t name_len = len;
  pk_frame_kind kind = strip_kind(text, &name_len);
  pk_id frame;
  if (name_len && memchr(text, '\\', name_len) && pk_folded_name_has_escape(text, name_len)) {
    char *name = malloc(name_len);
    if (!name) return PK_NONE;
    frame = pk_profile_frame_named(p, name, pk_folded_name_unescape(text, name_len, name), kind);
    free(name);
  } else {
    frame = pk_profile_frame_named(p, text, name_len, kind);
  }
  if (frame == PK_NONE) return PK_NONE;
  if (len) memcpy(cache->text + cache->text_len, text, len);
  cache->entries[cache->count] = (text_entry){cache->text_len, (uint32_t)len, frame};
  cache->text_len += len;
  pk_idindex_put(&cache->index, j, h, (uint32_t)cache->count++);
  return frame;
}

/* Length of the common prefix of a and b (at most n bytes), a word at a time. */
static size_t common_prefix(const char *a, const char *b, size_t n) {
  size_t i = 0;
  while (i + 8 <= n) {
    uint64_t x, y;
    memcpy(&x, a + i, 8);
    memcpy(&y, b + i, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (x != y) return i + (size_t)(__builtin_ctzll(x ^ y) / 8);
#else
    if (x != y) break;
#endif
    i += 8;
  }
  while (i < n && a[i] == b[i]) i++;
  return i;
}

static bool is_space(char c) { return c == ' ' || c == '\t'; }

/* Parses the number ending at end (exclusive), scanning backwards.  On
 * success sets *start to its first byte and *value to its integer part. */
static bool parse_count_back(const char *line, const char *end, const char **start, int64_t *value,
                             bool *fractional) {
  const char *p = end;
  const char *dot = NULL;
  while (p > line && ((p[-1] >= '0' && p[-1] <= '9') || (p[-1] == '.' && !dot))) {
    if (p[-1] == '.') dot = p - 1;
    p--;
  }
  if (p == end || p == dot) return false;
  if (dot == p) return false; /* ".5" has no integer digits; flamegraph.pl rejects it too */
  const char *int_end = dot ? dot : end;
  int64_t v = 0;
  for (const char *q = p; q < int_end; q++)
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, q[0] - '0', &v)) return false;
  *fractional = false;
  if (dot)
    for (const char *q = dot + 1; q < end; q++)
      if (*q != '0') *fractional = true;
  *start = p;
  *value = v;
  return true;
}

/* Splits a line into stack and counts.  Returns the number of counts found
 * (1 or 2) or 0 if malformed; want is 0 (decide), 1 or 2. */
static int split_line(const char *line, const char *end, int want, const char **stack_end,
                      int64_t counts[2], bool *fractional) {
  const char *start;
  bool frac1 = false, frac2 = false;
  if (!parse_count_back(line, end, &start, &counts[1], &frac2)) return 0;
  if (start == line || !is_space(start[-1])) return 0;
  const char *before = start;
  while (before > line && is_space(before[-1])) before--;
  if (want != 1) {
    const char *start0;
    if (parse_count_back(line, before, &start0, &counts[0], &frac1) && start0 > line &&
        is_space(start0[-1])) {
      const char *s = start0;
      while (s > line && is_space(s[-1])) s--;
      if (s > line) {
        *stack_end = s;
        *fractional = frac1 || frac2;
        return 2;
      }
    }
    if (want == 2) return 0;
  }
  if (before == line) return 0;
  counts[0] = counts[1];
  *stack_end = before;
  *fractional = frac2;
  return 1;
}

static char *utf16_to_utf8(const char *buf, size_t len, bool big_endian, size_t *out_len) {
  size_t units = len / 2;
  char *out = malloc(units * 3 + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 1; i < units; i++) { /* unit 0 is the BOM */
    const unsigned char *u = (const unsigned char *)buf + 2 * i;
    uint32_t c = big_endian ? (uint32_t)(u[0] << 8 | u[1]) : (uint32_t)(u[1] << 8 | u[0]);
    uint32_t pair = 0;
    if (i + 1 < units) {
      const unsigned char *v = u + 2;
      pair = pk_utf16_pair(c, big_endian ? (uint32_t)(v[0] << 8 | v[1]) : (uint32_t)(v[1] << 8 | v[0]));
      if (pair) i++;
    }
    o += pk_utf8_encode(pair ? pair : pk_utf16_unit(c), out + o);
  }
  out[o] = '\0';
  *out_len = o;
  return out;
}

bool pk_folded_probe(const char *buf, size_t len) {
  size_t scan = len < 65536 ? len : 65536;
  if (scan >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
                    ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF)))
    return true;
  if (memchr(buf, '\0', scan)) return false;
  /* Lines that start in the first 64 KiB are judged whole, however long
   * (a 3,500-frame stack is a 66 KB line). */
  const char *p = buf, *end = buf + scan;
  int checked = 0;
  while (p < end && checked < 20) {
    const char *nl = memchr(p, '\n', (size_t)(buf + len - p));
    const char *line_end = nl ? nl : buf + len;
    const char *e = line_end;
    if (e > p && e[-1] == '\r') e--;
    if (e > p) {
      const char *stack_end;
      int64_t counts[2];
      bool frac;
      if (split_line(p, e, 0, &stack_end, counts, &frac)) return true;
      checked++;
    }
    p = line_end + 1;
  }
  return false;
}

/* The frame that stands for the frames of a stack past the depth bound. */
static pk_id cut_frame(pk_profile *p, const char *rest, size_t len) {
  uint64_t n = 1;
  for (const char *q = memchr(rest, ';', len); q; q = memchr(q + 1, ';', len - (size_t)(q + 1 - rest))) n++;
  char name[64];
  int k = snprintf(name, sizeof name, "[%llu frames cut]", (unsigned long long)n);
  return pk_profile_frame_named(p, name, (size_t)k, PK_FRAME_PLAIN);
}

static int add_line(pk_profile *p, const char *stack, size_t stack_len, const int64_t *counts,
                    prefix_cache *cache, frame_cache *frames, size_t max_depth, uint64_t *cut) {
  /* Reuse the nodes of the frames this stack shares with the previous one. */
  size_t common = common_prefix(stack, cache->stack, stack_len < cache->len ? stack_len : cache->len);
  size_t reuse = 0;
  while (reuse < cache->count) {
    size_t fe = cache->frame_end[reuse];
    if (fe > common || (fe < stack_len && stack[fe] != ';')) break;
    reuse++;
  }
  pk_id node = reuse ? cache->node[reuse - 1] : PK_ROOT;
  size_t pos = reuse ? cache->frame_end[reuse - 1] + 1 : 0;
  cache->count = reuse;
  if (reuse == 0 || cache->frame_end[reuse - 1] < stack_len) {
    for (;;) {
      const char *semi = memchr(stack + pos, ';', stack_len - pos);
      if (semi && cache->count + 1 >= max_depth) { /* the rest becomes one frame, never cached */
        pk_id frame = cut_frame(p, stack + pos, stack_len - pos);
        node = frame == PK_NONE ? PK_NONE : pk_profile_child(p, node, frame);
        if (node == PK_NONE) return PK_ENOMEM;
        (*cut)++;
        break;
      }
      size_t end = semi ? (size_t)(semi - stack) : stack_len;
      pk_id frame = frame_of_text(p, frames, stack + pos, end - pos);
      if (frame == PK_NONE) return PK_ENOMEM;
      node = pk_profile_child(p, node, frame);
      if (node == PK_NONE) return PK_ENOMEM;
      if (PK_GROW(cache->frame_end, cache->end_capacity, cache->count + 1) != 0 ||
          PK_GROW(cache->node, cache->node_capacity, cache->count + 1) != 0)
        return PK_ENOMEM;
      cache->frame_end[cache->count] = end;
      cache->node[cache->count] = node;
      cache->count++;
      if (!semi) break;
      pos = end + 1;
    }
  }
  cache->stack = stack;
  cache->len = stack_len;
  return pk_profile_add_self(p, node, counts);
}

int pk_folded_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                    pk_folded_stats *stats, pk_error *err) {
  return pk_folded_parse_bounded(p, buf, len, path, 0, stats, err);
}

int pk_folded_parse_bounded(pk_profile *p, const char *buf, size_t len, const char *path, size_t max_depth,
                            pk_folded_stats *stats, pk_error *err) {
  if (max_depth == 0) max_depth = PK_FOLDED_MAX_DEPTH;
  if (max_depth < 2) max_depth = 2;
  pk_folded_stats local = {0};
  if (!stats) stats = &local;
  memset(stats, 0, sizeof *stats);
  char *converted = NULL;
  const char *text = buf;
  if (len >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
                   ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF))) {
    converted = utf16_to_utf8(buf, len, (unsigned char)buf[0] == 0xFE, &len);
    if (!converted)
      return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
    text = converted;
  } else if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    len -= 3;
  }
  prefix_cache cache = {0};
  frame_cache frames = {0};
  int counts_per_line = 0;
  int rc = PK_OK;
  const char *pos = text, *end = text + len;
  uint64_t line_no = 0;
  while (pos < end) {
    line_no++;
    const char *nl = memchr(pos, '\n', (size_t)(end - pos));
    const char *line_end = nl ? nl : end;
    const char *e = line_end;
    if (e > pos && e[-1] == '\r') e--;
    while (e > pos && is_space(e[-1])) e--;
    const char *s = pos;
    while (s < e && is_space(*s)) s++;
    if (s < e) {
      const char *stack_end;
      int64_t counts[2];
      bool fractional;
      int n = split_line(s, e, counts_per_line, &stack_end, counts, &fractional);
      if (n == 0) {
        if (!stats->malformed) stats->first_malformed_line = line_no;
        stats->malformed++;
      } else {
        if (!counts_per_line) {
          counts_per_line = n;
          if (n == 1) {
            rc = pk_profile_add_sample_type(p, "samples", "count");
          } else if ((rc = pk_profile_add_sample_type(p, "before", "count")) >= 0) {
            rc = pk_profile_add_sample_type(p, "after", "count");
          }
          if (rc < 0) {
            rc = pk_error_set(err, rc, path, line_no, PK_NO_POSITION, "cannot set sample types");
            goto done;
          }
          rc = PK_OK;
        }
        stats->lines++;
        if (fractional) stats->fractional++;
        rc = add_line(p, s, (size_t)(stack_end - s), counts, &cache, &frames, max_depth, &stats->cut);
        if (rc != PK_OK) {
          rc = pk_error_set(err, rc, path, line_no, PK_NO_POSITION,
                            rc == PK_ELIMIT ? "count overflows 2^63-1 when added" : "out of memory");
          goto done;
        }
      }
    }
    pos = line_end + (nl ? 1 : 0);
  }
  if (!stats->lines) {
    if (stats->malformed)
      rc = pk_error_set(err, PK_EPARSE, path, stats->first_malformed_line, PK_NO_POSITION,
                        "no valid stack line (%llu malformed; expected \"frame;frame;... COUNT\")",
                        (unsigned long long)stats->malformed);
    else
      rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "no stack counts found (empty input)");
    goto done;
  }
  pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "folded");
done:
  free(cache.frame_end);
  free(cache.node);
  free(frames.index.slots);
  free(frames.entries);
  free(frames.text);
  free(converted);
  return rc;
}
