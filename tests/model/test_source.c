/*
 * test_source.c - input: plain and gzip files, concatenated members,
 * truncated and corrupt gzip, the decompression-bomb bound, sizes.
 */
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "profkit/source.h"

static char dir[] = "/tmp/pk_test_source_XXXXXX";

static const char *path_of(const char *name) {
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return path;
}

static void write_file(const char *name, const void *data, size_t len) {
  FILE *f = fopen(path_of(name), "wb");
  fwrite(data, 1, len, f);
  fclose(f);
}

static size_t gzip_bytes(const void *data, size_t len, unsigned char *out, size_t cap) {
  z_stream z = {0};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  z.next_in = (unsigned char *)data;
  z.avail_in = (uInt)len;
  z.next_out = out;
  z.avail_out = (uInt)cap;
  deflate(&z, Z_FINISH);
  size_t n = z.total_out;
  deflateEnd(&z);
  return n;
}

static void test_plain_and_gzip(void) {
  const char *text = "main;a 1\nmain;b 2\n";
  write_file("plain.txt", text, strlen(text));
  pk_buf buf;
  pk_error err;
  CHECK_EQ_INT(pk_read_file(path_of("plain.txt"), NULL, &buf, &err), PK_OK);
  CHECK_STR(buf.data, text);
  pk_buf_free(&buf);

  unsigned char gz[256], two[512];
  size_t n = gzip_bytes(text, strlen(text), gz, sizeof gz);
  write_file("a.gz", gz, n);
  CHECK_EQ_INT(pk_read_file(path_of("a.gz"), NULL, &buf, &err), PK_OK);
  CHECK_STR(buf.data, text);
  pk_buf_free(&buf);

  memcpy(two, gz, n);
  memcpy(two + n, gz, n);
  write_file("two.gz", two, 2 * n);
  CHECK_EQ_INT(pk_read_file(path_of("two.gz"), NULL, &buf, &err), PK_OK);
  CHECK_EQ_INT(buf.len, 2 * strlen(text));
  pk_buf_free(&buf);

  write_file("trunc.gz", gz, n - 6);
  CHECK_EQ_INT(pk_read_file(path_of("trunc.gz"), NULL, &buf, &err), PK_EPARSE);
  CHECK(strstr(err.message, "truncated") != NULL);
  CHECK(strstr(err.path, "trunc.gz") != NULL);

  gz[12] ^= 0xFF;
  gz[13] ^= 0xFF;
  write_file("corrupt.gz", gz, n);
  int rc = pk_read_file(path_of("corrupt.gz"), NULL, &buf, &err);
  CHECK(rc == PK_EPARSE);
  if (rc == PK_OK) pk_buf_free(&buf);

  CHECK_EQ_INT(pk_read_file(path_of("missing"), NULL, &buf, &err), PK_EIO);
  CHECK_EQ_INT(pk_read_file(dir, NULL, &buf, &err), PK_EIO);
}

static void test_bomb(void) {
  size_t big = 64u << 20;
  char *zeros = calloc(1, big);
  size_t cap = big / 100;
  unsigned char *gz = malloc(cap);
  size_t n = gzip_bytes(zeros, big, gz, cap);
  write_file("bomb.gz", gz, n);
  pk_source_limits limits = {0, 1u << 20, 100.0};
  pk_buf buf;
  pk_error err;
  CHECK_EQ_INT(pk_read_file(path_of("bomb.gz"), &limits, &buf, &err), PK_ELIMIT);
  CHECK(strstr(err.message, "decompression bomb") != NULL);
  limits.max_ratio = 0;
  limits.max_bytes = 1u << 20;
  CHECK_EQ_INT(pk_read_file(path_of("bomb.gz"), &limits, &buf, &err), PK_ELIMIT);
  limits.max_bytes = 0;
  CHECK_EQ_INT(pk_read_file(path_of("bomb.gz"), &limits, &buf, &err), PK_OK);
  CHECK_EQ_INT(buf.len, big);
  pk_buf_free(&buf);
  free(zeros);
  free(gz);
}

/* A file truncated after it was opened (someone else rewrites it while we
 * read): an error naming the file, never SIGBUS as with a mapping. */
static void test_truncated_under_us(void) {
  static char text[200000];
  memset(text, 'x', sizeof text);
  for (size_t i = 99; i < sizeof text; i += 100) text[i] = '\n';
  write_file("shrinks.txt", text, sizeof text);
  pk_source *s;
  pk_error err;
  CHECK_EQ_INT(pk_source_open(&s, path_of("shrinks.txt"), NULL, &err), PK_OK);
  CHECK(truncate(path_of("shrinks.txt"), 100000) == 0);
  pk_buf buf;
  CHECK_EQ_INT(pk_source_slurp(s, &buf, &err), PK_EIO);
  CHECK(strstr(err.path, "shrinks.txt") != NULL);
  CHECK(strstr(err.message, "shrank") != NULL);
  pk_source_close(s);
}

/* One gzip member holding data as a single stored block: 23 + len bytes. */
static size_t gzip_stored(const unsigned char *data, size_t len, unsigned char *out) {
  static const unsigned char header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
  memcpy(out, header, 10);
  out[10] = 1; /* final block, stored */
  out[11] = (unsigned char)len;
  out[12] = (unsigned char)(len >> 8);
  out[13] = (unsigned char)~len;
  out[14] = (unsigned char)(~len >> 8);
  memcpy(out + 15, data, len);
  uint32_t crc = (uint32_t)crc32(0, data, (uInt)len), size = (uint32_t)len;
  for (int i = 0; i < 4; i++) {
    out[15 + len + i] = (unsigned char)(crc >> (8 * i));
    out[19 + len + i] = (unsigned char)(size >> (8 * i));
  }
  return 23 + len;
}

/* A gzip member that ends exactly at byte 65535, one short of the first
 * 64 KiB read: the next member's magic straddles the buffer's end and must
 * still be found (all 199 stacks of mm-boundary-65535.gz, not 46). */
static void test_member_at_buffer_end(void) {
  static unsigned char text[65512], file[1 << 17];
  for (size_t i = 0; i < sizeof text; i++) text[i] = i % 64 == 63 ? '\n' : 'a' + i % 26;
  size_t n = gzip_stored(text, sizeof text, file);
  CHECK_EQ_INT(n, 65535);
  const char *tail = "main;second 1\n";
  n += gzip_stored((const unsigned char *)tail, strlen(tail), file + n);
  write_file("boundary.gz", file, n);
  pk_buf buf;
  pk_error err;
  CHECK_EQ_INT(pk_read_file(path_of("boundary.gz"), NULL, &buf, &err), PK_OK);
  CHECK_EQ_INT(buf.len, sizeof text + strlen(tail));
  CHECK(buf.len == sizeof text + strlen(tail) && strcmp(buf.data + sizeof text, tail) == 0);
  pk_buf_free(&buf);
}

static void test_sizes(void) {
  CHECK_EQ_INT(pk_parse_size("512"), 512);
  CHECK_EQ_INT(pk_parse_size("64K"), 65536);
  CHECK_EQ_INT(pk_parse_size("2MiB"), 2 << 20);
  CHECK_EQ_INT(pk_parse_size("1.5G"), 1610612736LL);
  CHECK_EQ_INT(pk_parse_size("x"), -1);
  CHECK_EQ_INT(pk_parse_size("-1"), -1);
  CHECK_EQ_INT(pk_parse_size("5Q"), -1);
}

int main(void) {
  if (!mkdtemp(dir)) return 1;
  test_plain_and_gzip();
  test_bomb();
  test_sizes();
  test_truncated_under_us();
  test_member_at_buffer_end();
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) return 1;
  return pk_check_exit("test_source");
}
