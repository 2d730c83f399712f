/*
 * io/source.c - input bytes from a file or stdin, plain or gzip, bounded.
 *
 * The first read fills a 64 KiB buffer; if it starts with the gzip magic
 * the source inflates (concatenated members included), otherwise it hands
 * out the buffer and then reads the file directly.  Files are read, never
 * mapped: a mapped file truncated by someone else while we parse it kills
 * the process with SIGBUS, while a read sees the end early, which is
 * reported (the size at open is known) as an error naming the file.
 * Every delivered byte is
 * counted against the limits: decompressed output may not exceed the hard
 * cap, nor max(min_bytes, ratio x compressed bytes consumed), so a small
 * hostile file cannot make us inflate gigabytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "platform/pages.h"
#include "platform/regular_file.h"
#include "profkit/source.h"

#define SOURCE_BUFFER ((size_t)1 << 16)

struct pk_source {
  int fd;
  bool owns_fd, gzip, eof, z_done;
  char *name;
  pk_source_limits limits;
  unsigned char *in;       /* raw bytes read from fd */
  size_t in_len, in_pos;
  uint64_t raw_read;       /* raw bytes read from fd so far */
  uint64_t delivered;      /* decompressed bytes handed out */
  z_stream z;
  off_t file_size;         /* regular files: st_size, else -1 */
};

static int io_error(pk_error *err, const pk_source *s, const char *what) {
  return pk_error_set(err, PK_EIO, s->name, PK_NO_POSITION, PK_NO_POSITION, "%s: %s", what,
                      strerror(errno));
}

/* Keeps the unconsumed bytes, moved to the buffer's start, and reads more
 * after them; returns the count read, 0 at the end, or a pk_status. */
static ssize_t top_up(pk_source *s, pk_error *err) {
  size_t keep = s->in_len - s->in_pos;
  memmove(s->in, s->in + s->in_pos, keep);
  s->in_pos = 0;
  s->in_len = keep;
  ssize_t n;
  do n = read(s->fd, s->in + keep, SOURCE_BUFFER - keep);
  while (n < 0 && errno == EINTR);
  if (n < 0) return io_error(err, s, "cannot read");
  if (n == 0) s->eof = true;
  s->in_len += (size_t)n;
  s->raw_read += (uint64_t)n;
  return n;
}

/* Reads the next raw bytes once the buffer is used up (callers call it
 * only then, or before the first read). */
static ssize_t fill_raw(pk_source *s, pk_error *err) {
  if (s->eof) return 0;
  return top_up(s, err);
}

int pk_source_open(pk_source **out, const char *path, const pk_source_limits *limits,
                   pk_error *err) {
  *out = NULL;
  bool is_stdin = !path || strcmp(path, "-") == 0;
  pk_source *s = calloc(1, sizeof *s);
  if (!s) return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  pk_source_limits defaults = PK_SOURCE_LIMITS_INIT;
  s->limits = limits ? *limits : defaults;
  s->name = strdup(is_stdin ? "<stdin>" : path);
  s->in = malloc(SOURCE_BUFFER);
  s->file_size = -1;
  if (!s->name || !s->in) {
    pk_source_close(s);
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  if (is_stdin) {
    s->fd = 0;
  } else {
    s->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0) {
      int rc = io_error(err, s, "cannot open");
      pk_source_close(s);
      return rc;
    }
    s->owns_fd = true;
  }
  struct stat st;
  if (fstat(s->fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      int rc = pk_error_set(err, PK_EIO, s->name, PK_NO_POSITION, PK_NO_POSITION, "is a directory");
      pk_source_close(s);
      return rc;
    }
    if (S_ISREG(st.st_mode)) s->file_size = st.st_size;
  }
  ssize_t n;
  /* Read until we have the two magic bytes or the end. */
  if ((n = fill_raw(s, err)) < 0) {
    pk_source_close(s);
    return (int)n;
  }
  if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
    s->gzip = true;
    if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK) {
      pk_source_close(s);
      return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
    }
  }
  *out = s;
  return PK_OK;
}

void pk_source_close(pk_source *s) {
  if (!s) return;
  if (s->gzip) inflateEnd(&s->z);
  if (s->owns_fd) close(s->fd);
  free(s->in);
  free(s->name);
  free(s);
}

const char *pk_source_name(const pk_source *s) { return s->name; }
bool pk_source_is_gzip(const pk_source *s) { return s->gzip; }
uint64_t pk_source_offset(const pk_source *s) { return s->delivered; }

static int check_limits(pk_source *s, size_t more, pk_error *err) {
  uint64_t total = s->delivered + more;
  if (s->limits.max_bytes && total > s->limits.max_bytes)
    return pk_error_set(err, PK_ELIMIT, s->name, PK_NO_POSITION, s->delivered,
                        "input exceeds the limit of %llu bytes (raise it with --max-input-size)",
                        (unsigned long long)s->limits.max_bytes);
  if (s->gzip && s->limits.max_ratio > 0 && total > s->limits.min_bytes &&
      (double)total > s->limits.max_ratio * (double)s->raw_read)
    return pk_error_set(err, PK_ELIMIT, s->name, PK_NO_POSITION, s->delivered,
                        "gzip expands more than %.0fx (%llu bytes from %llu); refusing a possible "
                        "decompression bomb (raise with --max-ratio)",
                        s->limits.max_ratio, (unsigned long long)total,
                        (unsigned long long)s->raw_read);
  return PK_OK;
}

static ssize_t read_gzip(pk_source *s, unsigned char *buf, size_t n, pk_error *err) {
  size_t produced = 0;
  while (produced == 0 && !s->z_done) {
    if (s->in_pos == s->in_len) {
      ssize_t r = fill_raw(s, err);
      if (r < 0) return r;
      if (r == 0)
        return pk_error_set(err, PK_EPARSE, s->name, PK_NO_POSITION, s->delivered,
                            "truncated gzip stream (compressed input ends at byte %llu)",
                            (unsigned long long)s->raw_read);
    }
    s->z.next_in = s->in + s->in_pos;
    s->z.avail_in = (uInt)(s->in_len - s->in_pos);
    s->z.next_out = buf;
    s->z.avail_out = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
    int zr = inflate(&s->z, Z_NO_FLUSH);
    s->in_pos = s->in_len - s->z.avail_in;
    produced = (size_t)(s->z.next_out - buf);
    if (zr == Z_STREAM_END) {
      /* Another member may follow (concatenated gzip); skip trailing zeros.
       * The next member's magic may straddle the buffer's end (a member
       * ending at byte 65535): top up before looking at it. */
      for (;;) {
        while (s->in_pos < s->in_len && s->in[s->in_pos] == 0) s->in_pos++;
        if (s->in_len - s->in_pos >= 2 || s->eof) break;
        ssize_t r = top_up(s, err);
        if (r < 0) return r;
      }
      if (s->in_len - s->in_pos >= 2 && s->in[s->in_pos] == 0x1f && s->in[s->in_pos + 1] == 0x8b)
        inflateReset(&s->z);
      else
        s->z_done = true; /* trailing garbage after the last member is ignored, as gzip -d does */
    } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
      return pk_error_set(err, PK_EPARSE, s->name, PK_NO_POSITION, s->delivered,
                          "corrupt gzip data (%s) near compressed byte %llu",
                          s->z.msg ? s->z.msg : "inflate failed",
                          (unsigned long long)(s->raw_read - (s->in_len - s->in_pos)));
    }
  }
  return (ssize_t)produced;
}

ssize_t pk_source_read(pk_source *s, void *buf, size_t n, pk_error *err) {
  if (n == 0) return 0;
  ssize_t got;
  if (s->gzip) {
    got = read_gzip(s, buf, n, err);
  } else if (s->in_pos < s->in_len) {
    got = (ssize_t)(s->in_len - s->in_pos < n ? s->in_len - s->in_pos : n);
    memcpy(buf, s->in + s->in_pos, (size_t)got);
    s->in_pos += (size_t)got;
  } else if (s->eof) {
    got = 0;
  } else {
    do got = read(s->fd, buf, n);
    while (got < 0 && errno == EINTR);
    if (got < 0) return io_error(err, s, "cannot read");
    if (got == 0) s->eof = true;
    s->raw_read += (uint64_t)got;
  }
  if (got <= 0) return got;
  int rc = check_limits(s, (size_t)got, err);
  if (rc != PK_OK) return rc;
  s->delivered += (uint64_t)got;
  return got;
}

int pk_source_skip(pk_source *s, uint64_t n, pk_error *err) {
  if (!s->gzip && s->in_pos >= s->in_len && s->file_size >= 0 && n <= (uint64_t)INT64_MAX) {
    int rc = check_limits(s, n, err);
    if (rc != PK_OK) return rc;
    if (lseek(s->fd, (off_t)n, SEEK_CUR) >= 0) {
      s->delivered += n;
      s->raw_read += n;
      return 0;
    }
  }
  char buf[1 << 16];
  while (n) {
    ssize_t got = pk_source_read(s, buf, n < sizeof buf ? (size_t)n : sizeof buf, err);
    if (got <= 0) return got < 0 ? (int)got : 0;
    n -= (uint64_t)got;
  }
  return 0;
}

int pk_source_slurp(pk_source *s, pk_buf *out, pk_error *err) {
  out->data = NULL;
  out->len = 0;
  size_t cap = SOURCE_BUFFER;
  /* The file, its NUL, and one byte of room for the read that sees the
   * end: with one byte less, that read would double (and copy) the buffer. */
  if (!s->gzip && s->file_size > 0 && (uint64_t)s->file_size < SIZE_MAX - 2) cap = (size_t)s->file_size + 2;
  char *data = malloc(cap);
  size_t len = 0;
  if (!data) return pk_error_set(err, PK_ENOMEM, s->name, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  pk_pages_advise_huge(data, cap); /* a big file: a few 2 MB faults while read() fills it */
  for (;;) {
    if (cap - len < 2) {
      if (cap > SIZE_MAX / 2) goto oom;
      char *bigger = realloc(data, cap * 2);
      if (!bigger) goto oom;
      data = bigger;
      cap *= 2;
    }
    ssize_t n = pk_source_read(s, data + len, cap - len - 1, err);
    if (n < 0) {
      free(data);
      return (int)n;
    }
    if (n == 0) break;
    len += (size_t)n;
  }
  data[len] = '\0';
  if (!s->gzip && s->file_size >= 0 && len < (uint64_t)s->file_size) {
    free(data);
    return pk_error_set(err, PK_EIO, s->name, PK_NO_POSITION, len,
                        "the file shrank while it was read (%zu of %lld bytes): was it truncated?", len,
                        (long long)s->file_size);
  }
  out->data = data;
  out->len = len;
  return PK_OK;
oom:
  free(data);
  return pk_error_set(err, PK_ENOMEM, s->name, PK_NO_POSITION, len, "out of memory reading input");
}

int pk_read_file(const char *path, const pk_source_limits *limits, pk_buf *out, pk_error *err) {
  pk_source *s;
  int rc = pk_source_open(&s, path, limits, err);
  if (rc != PK_OK) return rc;
  rc = pk_source_slurp(s, out, err);
  pk_source_close(s);
  return rc;
}

void pk_buf_free(pk_buf *buf) {
  if (!buf) return;
  free(buf->data);
  buf->data = NULL;
  buf->len = 0;
}
