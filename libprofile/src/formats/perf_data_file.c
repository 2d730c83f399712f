/*
 * perf_data_file.c - header, attributes, features and record framing of
 * perf.data (see perf_data_file.h for the contract).
 *
 * Layout (tools/perf/Documentation/perf.data-file-format.txt):
 *
 *   header   magic "PERFILE2", size, attr_size, attrs{off,size},
 *            data{off,size}, event_types{off,size}, features bitmap[256]
 *   attrs    n x (perf_event_attr, ids{off,size}) -> u64 sample ids
 *   data     records {u32 type, u16 misc, u16 size, body}
 *   features after the data: one {off,size} per bit set, in bit order;
 *            EVENT_DESC (bit 12) gives the event names perf script prints
 *
 * A sample's attribute is found through its id (PERF_SAMPLE_IDENTIFIER
 * first, else the ID field at the position the first attribute gives, as
 * perf requires); other records carry the id and time in a trailer when
 * sample_id_all is set.  Timestamps decide the replay order: records are
 * sorted by (time, file offset), which is what perf's ordered-events queue
 * delivers; records without a time (synthesized at the start) sort first.
 * All reads go through the bounds-checked helpers below.
 */
#include "formats/perf_data_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"

#define HEADER_SIZE 104
#define FEAT_EVENT_DESC 12
#define ATTR_MIN 64 /* PERF_ATTR_SIZE_VER0 */

uint64_t pk_perf_u64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}
uint32_t pk_perf_u32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
uint16_t pk_perf_u16(const uint8_t *p) {
  uint16_t v;
  memcpy(&v, p, 2);
  return v;
}

/* [off, off+size) lies inside a buffer of len bytes. */
static bool inside(uint64_t off, uint64_t size, size_t len) { return off <= len && size <= len - off; }

#define FAIL(f, err, off, ...) pk_error_set((err), PK_EPARSE, (f)->path, PK_NO_POSITION, (off), __VA_ARGS__)

bool pk_perf_file_probe(const char *buf, size_t len) {
  return len >= 8 && (memcmp(buf, "PERFILE2", 8) == 0 || memcmp(buf, "2ELIFREP", 8) == 0 ||
                      memcmp(buf, "PERFFILE", 8) == 0);
}

static void default_name(pk_perf_attr *a) {
  static const char *hw[] = {"cycles", "instructions", "cache-references", "cache-misses",
                             "branches", "branch-misses", "bus-cycles", "stalled-cycles-frontend",
                             "stalled-cycles-backend", "ref-cycles"};
  static const char *sw[] = {"cpu-clock", "task-clock", "page-faults", "context-switches",
                             "cpu-migrations", "minor-faults", "major-faults", "alignment-faults",
                             "emulation-faults", "dummy", "bpf-output", "cgroup-switches"};
  if (a->type == 0 && a->config < sizeof hw / sizeof hw[0]) snprintf(a->name, sizeof a->name, "%s", hw[a->config]);
  else if (a->type == 1 && a->config < sizeof sw / sizeof sw[0]) snprintf(a->name, sizeof a->name, "%s", sw[a->config]);
  else snprintf(a->name, sizeof a->name, "raw-%u-0x%llx", a->type, (unsigned long long)a->config);
}

static int read_attr(pk_perf_attr *a, const uint8_t *p) {
  a->type = pk_perf_u32(p);
  a->config = pk_perf_u64(p + 8);
  a->sample_type = pk_perf_u64(p + 24);
  a->read_format = pk_perf_u64(p + 32);
  a->sample_id_all = (pk_perf_u64(p + 40) >> 18) & 1;
  default_name(a);
  return 0;
}

/* EVENT_DESC: u32 nr, u32 attr_size, then per event: attr, u32 nr_ids,
 * string {u32 len, bytes}, u64 ids[nr_ids].  Names go to the attributes
 * in order (perf writes both lists from the same event list). */
static int read_event_desc(pk_perf_file *f, uint64_t off, uint64_t size, pk_error *err) {
  if (!inside(off, size, f->len) || size < 8) return FAIL(f, err, off, "EVENT_DESC feature runs past the end of the file");
  const uint8_t *p = f->buf + off, *end = p + size;
  uint32_t nr = pk_perf_u32(p), asz = pk_perf_u32(p + 4);
  p += 8;
  for (uint32_t i = 0; i < nr; i++) {
    uint64_t at = (uint64_t)(p - f->buf);
    if ((size_t)(end - p) < (uint64_t)asz + 8) return FAIL(f, err, at, "EVENT_DESC event %u runs past its section", i);
    p += asz;
    uint32_t nids = pk_perf_u32(p), slen = pk_perf_u32(p + 4);
    p += 8;
    if ((size_t)(end - p) < slen || (size_t)(end - p - slen) / 8 < nids)
      return FAIL(f, err, at, "EVENT_DESC event %u runs past its section", i);
    if (i < f->n_attrs) {
      size_t n = strnlen((const char *)p, slen);
      if (n >= sizeof f->attrs[i].name) n = sizeof f->attrs[i].name - 1;
      if (n > 0) {
        memcpy(f->attrs[i].name, p, n);
        f->attrs[i].name[n] = 0;
      }
    }
    p += slen + (size_t)nids * 8;
  }
  return 0;
}

static int by_id(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

int pk_perf_file_open(pk_perf_file *f, const char *buf, size_t len, const char *path, pk_error *err) {
  memset(f, 0, sizeof *f);
  f->buf = (const uint8_t *)buf;
  f->len = len;
  f->path = path;
  if (len >= 8 && memcmp(buf, "2ELIFREP", 8) == 0)
    return FAIL(f, err, 0, "perf.data of the other byte order (recorded on another machine) is not supported");
  if (len >= 8 && memcmp(buf, "PERFFILE", 8) == 0)
    return FAIL(f, err, 0, "perf.data version 1 (PERFFILE) is not supported");
  if (len < 16) return FAIL(f, err, 0, "truncated perf.data header");
  uint64_t hsize = pk_perf_u64(f->buf + 8);
  if (hsize == 16)
    return FAIL(f, err, 8, "perf.data written to a pipe is not supported; record to a file (perf record -o FILE)");
  if (len < HEADER_SIZE || hsize < HEADER_SIZE) return FAIL(f, err, 8, "truncated perf.data header");
  uint64_t attr_size = pk_perf_u64(f->buf + 16);
  uint64_t attrs_off = pk_perf_u64(f->buf + 24), attrs_size = pk_perf_u64(f->buf + 32);
  f->data_offset = pk_perf_u64(f->buf + 40);
  f->data_size = pk_perf_u64(f->buf + 48);
  if (attr_size < ATTR_MIN + 16 || attr_size > 4096)
    return FAIL(f, err, 16, "attribute size %llu is not plausible", (unsigned long long)attr_size);
  if (!inside(attrs_off, attrs_size, len)) return FAIL(f, err, 24, "attribute section runs past the end of the file");
  if (!inside(f->data_offset, f->data_size, len)) return FAIL(f, err, 40, "data section runs past the end of the file");
  f->n_attrs = attrs_size / attr_size;
  if (f->n_attrs == 0) return FAIL(f, err, 24, "no event attributes");
  f->attrs = calloc(f->n_attrs, sizeof *f->attrs);
  if (!f->attrs) return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  size_t cap_ids = 0;
  for (size_t i = 0; i < f->n_attrs; i++) {
    const uint8_t *p = f->buf + attrs_off + i * attr_size;
    read_attr(&f->attrs[i], p);
    uint64_t ids_off = pk_perf_u64(p + attr_size - 16), ids_size = pk_perf_u64(p + attr_size - 8);
    if (!inside(ids_off, ids_size, len))
      return FAIL(f, err, attrs_off + i * attr_size + attr_size - 16, "sample ids of event %zu run past the end of the file", i);
    for (uint64_t k = 0; k + 8 <= ids_size; k += 8) {
      if (PK_GROW(f->ids, cap_ids, f->n_ids + 1))
        return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
      f->ids[f->n_ids++] = pk_perf_u64(f->buf + ids_off + k);
    }
  }
  /* id -> attribute: sorted pairs packed as (id, index) via a parallel sort */
  f->id_attr = malloc((f->n_ids ? f->n_ids : 1) * sizeof *f->id_attr);
  uint64_t *pairs = malloc((f->n_ids ? f->n_ids : 1) * 2 * sizeof *pairs);
  if (!f->id_attr || !pairs) {
    free(pairs);
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  size_t k = 0;
  for (size_t i = 0; i < f->n_attrs; i++) {
    const uint8_t *p = f->buf + attrs_off + i * attr_size;
    uint64_t ids_off = pk_perf_u64(p + attr_size - 16), ids_size = pk_perf_u64(p + attr_size - 8);
    for (uint64_t j = 0; j + 8 <= ids_size; j += 8, k++) {
      pairs[2 * k] = pk_perf_u64(f->buf + ids_off + j);
      pairs[2 * k + 1] = i;
    }
  }
  qsort(pairs, f->n_ids, 2 * sizeof *pairs, by_id);
  for (size_t i = 0; i < f->n_ids; i++) {
    f->ids[i] = pairs[2 * i];
    f->id_attr[i] = (uint32_t)pairs[2 * i + 1];
  }
  free(pairs);
  /* features: after the data section, one {off,size} per bit set */
  const uint8_t *bits = f->buf + 72;
  uint64_t feat_table = f->data_offset + f->data_size;
  size_t index = 0;
  for (int bit = 0; bit < 256; bit++) {
    if (!(bits[bit / 8] >> (bit % 8) & 1)) continue;
    uint64_t at = feat_table + 16 * (uint64_t)index++;
    if (bit != FEAT_EVENT_DESC) continue;
    if (!inside(at, 16, len)) return FAIL(f, err, at, "feature table runs past the end of the file");
    int rc = read_event_desc(f, pk_perf_u64(f->buf + at), pk_perf_u64(f->buf + at + 8), err);
    if (rc) return rc;
  }
  return 0;
}

void pk_perf_file_close(pk_perf_file *f) {
  free(f->attrs);
  free(f->ids);
  free(f->id_attr);
  memset(f, 0, sizeof *f);
}

static const pk_perf_attr *attr_of_id(const pk_perf_file *f, uint64_t id) {
  size_t lo = 0, hi = f->n_ids;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < f->n_ids && f->ids[lo] == id ? &f->attrs[f->id_attr[lo]] : NULL;
}

/* The attribute of a sample body (after the 8-byte header) of n bytes. */
static const pk_perf_attr *sample_attr(const pk_perf_file *f, const uint8_t *body, size_t n) {
  if (f->n_attrs == 1) return &f->attrs[0];
  uint64_t st = f->attrs[0].sample_type;
  size_t pos;
  if (st & PK_PERF_SAMPLE_IDENTIFIER) pos = 0;
  else if (st & PK_PERF_SAMPLE_ID) {
    pos = 0;
    if (st & PK_PERF_SAMPLE_IP) pos += 8;
    if (st & PK_PERF_SAMPLE_TID) pos += 8;
    if (st & PK_PERF_SAMPLE_TIME) pos += 8;
    if (st & PK_PERF_SAMPLE_ADDR) pos += 8;
  } else {
    return &f->attrs[0];
  }
  return pos + 8 <= n ? attr_of_id(f, pk_perf_u64(body + pos)) : NULL;
}

/* The time of a non-sample record from its sample_id_all trailer. */
static uint64_t trailer_time(const pk_perf_file *f, const uint8_t *body, size_t n) {
  const pk_perf_attr *a = &f->attrs[0];
  if (!a->sample_id_all || !(a->sample_type & PK_PERF_SAMPLE_TIME)) return 0;
  uint64_t st = a->sample_type;
  size_t back = 8; /* the time itself */
  if (st & PK_PERF_SAMPLE_IDENTIFIER) back += 8;
  if (st & PK_PERF_SAMPLE_CPU) back += 8;
  if (st & PK_PERF_SAMPLE_STREAM_ID) back += 8;
  if (st & PK_PERF_SAMPLE_ID) back += 8;
  return back <= n ? pk_perf_u64(body + n - back) : 0;
}

static int by_time(const void *a, const void *b) {
  const pk_perf_record *x = a, *y = b;
  if (x->time != y->time) return x->time < y->time ? -1 : 1;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

int pk_perf_file_index(pk_perf_file *f, pk_perf_record **out, size_t *count, pk_error *err) {
  pk_perf_record *recs = NULL;
  size_t n = 0, cap = 0;
  uint64_t pos = f->data_offset, end = f->data_offset + f->data_size;
  while (pos < end) {
    if (end - pos < 8) {
      free(recs);
      return FAIL(f, err, pos, "truncated record header");
    }
    const uint8_t *h = f->buf + pos;
    uint32_t type = pk_perf_u32(h);
    uint16_t size = pk_perf_u16(h + 6);
    if (size < 8 || size > end - pos) {
      free(recs);
      return FAIL(f, err, pos, "record of type %u has size %u, %s", type, size,
                  size < 8 ? "smaller than its header" : "past the end of the data section");
    }
    const uint8_t *body = h + 8;
    size_t bn = size - 8u;
    uint64_t time = 0;
    bool keep = true;
    switch (type) {
    case PK_PERF_RECORD_SAMPLE: {
      const pk_perf_attr *a = sample_attr(f, body, bn);
      if (a && (a->sample_type & PK_PERF_SAMPLE_TIME)) {
        size_t tp = 0;
        if (a->sample_type & PK_PERF_SAMPLE_IDENTIFIER) tp += 8;
        if (a->sample_type & PK_PERF_SAMPLE_IP) tp += 8;
        if (a->sample_type & PK_PERF_SAMPLE_TID) tp += 8;
        if (tp + 8 <= bn) time = pk_perf_u64(body + tp);
      }
      break;
    }
    case PK_PERF_RECORD_MMAP:
    case PK_PERF_RECORD_MMAP2:
    case PK_PERF_RECORD_COMM:
    case PK_PERF_RECORD_FORK:
    case PK_PERF_RECORD_EXIT:
      time = trailer_time(f, body, bn);
      break;
    case 81: /* PERF_RECORD_COMPRESSED */
      free(recs);
      return FAIL(f, err, pos, "compressed records (perf record -z) are not supported; record without -z or "
                               "decompress with perf inject");
    case 71: { /* PERF_RECORD_AUXTRACE: its payload follows the record */
      uint64_t extra = bn >= 8 ? pk_perf_u64(body) : 0;
      if (extra > end - pos - size) {
        free(recs);
        return FAIL(f, err, pos, "AUXTRACE payload runs past the end of the data section");
      }
      pos += extra;
      keep = false;
      break;
    }
    default:
      keep = false;
    }
    if (keep) {
      if (time == UINT64_MAX) time = 0;
      if (PK_GROW(recs, cap, n + 1)) {
        free(recs);
        return pk_error_set(err, PK_ENOMEM, f->path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
      }
      recs[n++] = (pk_perf_record){time, pos};
    }
    pos += size;
  }
  if (n) qsort(recs, n, sizeof *recs, by_time);
  *out = recs;
  *count = n;
  return 0;
}

int pk_perf_sample_decode(const pk_perf_file *f, uint64_t offset, pk_perf_sample *s, pk_error *err) {
  const uint8_t *h = f->buf + offset;
  size_t n = pk_perf_u16(h + 6) - 8u;
  const uint8_t *b = h + 8;
  memset(s, 0, sizeof *s);
  s->misc = pk_perf_u16(h + 4);
  s->attr = sample_attr(f, b, n);
  if (!s->attr) return 1;
  uint64_t st = s->attr->sample_type;
  size_t p = 0;
#define NEED(k)                                                                               \
  do {                                                                                        \
    if ((k) > n - p) {                                                                        \
      return FAIL(f, err, offset, "sample record ends inside its fields (%zu bytes)", n);      \
    }                                                                                         \
  } while (0)
  if (st & PK_PERF_SAMPLE_IDENTIFIER) {
    NEED(8);
    p += 8;
  }
  if (st & PK_PERF_SAMPLE_IP) {
    NEED(8);
    s->ip = pk_perf_u64(b + p);
    p += 8;
  }
  if (st & PK_PERF_SAMPLE_TID) {
    NEED(8);
    s->pid = pk_perf_u32(b + p);
    s->tid = pk_perf_u32(b + p + 4);
    p += 8;
  }
  if (st & PK_PERF_SAMPLE_TIME) {
    NEED(8);
    s->time = pk_perf_u64(b + p);
    p += 8;
  }
  if (st & PK_PERF_SAMPLE_ADDR) {
    NEED(8);
    p += 8;
  }
  if (st & PK_PERF_SAMPLE_ID) {
    NEED(8);
    p += 8;
  }
  if (st & PK_PERF_SAMPLE_STREAM_ID) {
    NEED(8);
    p += 8;
  }
  if (st & PK_PERF_SAMPLE_CPU) {
    NEED(8);
    s->cpu = pk_perf_u32(b + p);
    p += 8;
  }
  if (st & PK_PERF_SAMPLE_PERIOD) {
    NEED(8);
    s->period = pk_perf_u64(b + p);
    p += 8;
  }
  if (st & PK_PERF_SAMPLE_READ) {
    uint64_t rf = s->attr->read_format;
    size_t per = 8 + ((rf & 4) ? 8 : 0) + ((rf & 16) ? 8 : 0);
    size_t times = ((rf & 1) ? 8 : 0) + ((rf & 2) ? 8 : 0);
    if (rf & 8) { /* PERF_FORMAT_GROUP */
      NEED(8);
      uint64_t nr = pk_perf_u64(b + p);
      p += 8;
      NEED(times);
      p += times;
      if (nr > (n - p) / per) NEED(n + 1); /* reports the error */
      p += (size_t)nr * per;
    } else {
      NEED(per + times);
      p += per + times;
    }
  }
  if (st & PK_PERF_SAMPLE_CALLCHAIN) {
    NEED(8);
    uint64_t nr = pk_perf_u64(b + p);
    p += 8;
    if (nr > (n - p) / 8) NEED(n + 1);
    s->chain = b + p;
    s->chain_nr = nr;
  }
#undef NEED
  return 0;
}
