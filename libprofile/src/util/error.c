/*
 * util/error.c - filling and formatting pk_error records.
 *
 * Errors carry the file and a position; the position is either a line (text
 * formats, computed from a byte offset only when an error is reported) or a
 * byte offset.  Formatting follows compiler conventions so editors can jump
 * to the spot: "file:line: message".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "profkit/error.h"
#include "util/error_va.h"

void pk_error_clear(pk_error *err) {
  if (!err) return;
  err->code = PK_OK;
  err->line = PK_NO_POSITION;
  err->offset = PK_NO_POSITION;
  err->path[0] = '\0';
  err->message[0] = '\0';
}

static void fill(pk_error *err, int code, const char *path, uint64_t line, uint64_t offset,
                 const char *fmt, va_list ap) {
  err->code = code;
  err->line = line;
  err->offset = offset;
  snprintf(err->path, sizeof err->path, "%s", path ? path : "");
  vsnprintf(err->message, sizeof err->message, fmt, ap);
}

int pk_error_setv(pk_error *err, int code, const char *path, uint64_t line, uint64_t offset, const char *fmt,
                  va_list ap) {
  if (err) fill(err, code, path, line, offset, fmt, ap);
  return code;
}

int pk_error_set(pk_error *err, int code, const char *path, uint64_t line, uint64_t offset,
                 const char *fmt, ...) {
  if (!err) return code;
  va_list ap;
  va_start(ap, fmt);
  fill(err, code, path, line, offset, fmt, ap);
  va_end(ap);
  return code;
}

uint64_t pk_line_of(const char *buf, size_t offset) {
  uint64_t line = 1;
  const char *p = buf, *end = buf + offset;
  while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    line++;
    p++;
  }
  return line;
}

int pk_error_set_text_at(pk_error *err, int code, const char *path, const char *buf, size_t offset,
                         const char *fmt, ...) {
  if (!err) return code;
  va_list ap;
  va_start(ap, fmt);
  fill(err, code, path, pk_line_of(buf, offset), PK_NO_POSITION, fmt, ap);
  va_end(ap);
  return code;
}

void pk_error_format(const pk_error *err, char *buf, size_t size) {
  const char *path = err->path[0] ? err->path : "<input>";
  if (err->line != PK_NO_POSITION)
    snprintf(buf, size, "%s:%llu: %s", path, (unsigned long long)err->line, err->message);
  else if (err->offset != PK_NO_POSITION)
    snprintf(buf, size, "%s: byte %llu: %s", path, (unsigned long long)err->offset, err->message);
  else
    snprintf(buf, size, "%s: %s", path, err->message);
}

const char *pk_status_name(int code) {
  switch (code) {
    case PK_OK: return "ok";
    case PK_EIO: return "i/o error";
    case PK_EPARSE: return "parse error";
    case PK_ENOMEM: return "out of memory";
    case PK_EFORMAT: return "unknown format";
    case PK_ELIMIT: return "limit exceeded";
    case PK_EINVAL: return "invalid argument";
    default: return "unknown error";
  }
}

int pk_error_check_version(pk_error *err, const char *type, unsigned version, unsigned known) {
  if (version <= known) return PK_OK;
  return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                      "%s version %u is newer than this library's (%u): rebuild against the "
                      "profkit headers installed with it", type, version, known);
}
