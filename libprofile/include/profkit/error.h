/*
 * error.h - status codes and the error record every libprofile call fills.
 *
 * Functions return 0 (PK_OK) or a negative pk_status.  On failure they fill
 * the caller's pk_error (which may be NULL) with what went wrong and where:
 * the file, and either a line number (text formats) or a byte offset (binary
 * formats and JSON).  Parsers keep byte offsets while they work and turn
 * them into lines only when they report (pk_error_set_text_at).
 *
 * Ownership: pk_error is a plain caller-owned value; nothing to free.
 */
#ifndef PROFKIT_ERROR_H
#define PROFKIT_ERROR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef enum pk_status {
  PK_OK = 0,
  PK_EIO = -1,      /* could not read or write a file */
  PK_EPARSE = -2,   /* input is malformed */
  PK_ENOMEM = -3,   /* allocation failed */
  PK_EFORMAT = -4,  /* input is of no format we know */
  PK_ELIMIT = -5,   /* input exceeds a configured limit (size, depth, ratio) */
  PK_EINVAL = -6    /* caller passed an invalid argument or option */
} pk_status;

#define PK_NO_POSITION UINT64_MAX

typedef struct pk_error {
  int code;
  uint64_t line;    /* 1-based line, or PK_NO_POSITION */
  uint64_t offset;  /* byte offset in the (decompressed) input, or PK_NO_POSITION */
  char path[1024];
  char message[512];
} pk_error;

/* Clears err to "no error".  err may be NULL. */
void pk_error_clear(pk_error *err);

/* Fills err (if not NULL) and returns code, so a parser can write
 * `return pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "...")`. */
int pk_error_set(pk_error *err, int code, const char *path, uint64_t line, uint64_t offset,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* As pk_error_set for text input: computes the line of `offset` in buf. */
int pk_error_set_text_at(pk_error *err, int code, const char *path, const char *buf, size_t offset,
                         const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Writes "PATH:LINE: message", "PATH: byte N: message" or "PATH: message". */
void pk_error_format(const pk_error *err, char *buf, size_t size);

/* For functions taking an option struct: PK_OK when `version` (the struct's
 * first field; 0, a zeroed struct, reads as 1) is one this library knows,
 * at most `known`; else PK_EINVAL naming `type` (the caller was built
 * against a newer profkit).  See profkit.h on how option structs grow. */
int pk_error_check_version(pk_error *err, const char *type, unsigned version, unsigned known);

/* A stable name for a status code ("parse error", ...). */
const char *pk_status_name(int code);

/* 1-based line number of byte `offset` in buf. */
uint64_t pk_line_of(const char *buf, size_t offset);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
