/*
 * util/json_tokenizer.h - a pull tokenizer for JSON held in one buffer (private).
 *
 * The V8 and trace-event readers walk their input token by token instead of
 * building a DOM: a 100 MB .cpuprofile is mostly two integer arrays, which
 * go straight into int arrays, so memory stays near the input size.  The
 * scanner checks the full JSON grammar (nesting, commas, string escapes,
 * numbers) with an explicit stack of open containers, so nesting depth is
 * bounded only by the input and never by the C stack.
 *
 *   pk_json js;
 *   pk_json_init(&js, buf, len, path, err);
 *   while ((t = pk_json_next(&js)) == PK_JSON_KEY) { ...; pk_json_skip(&js) ... }
 *   pk_json_fini(&js);
 *
 * Errors fill the caller's pk_error with the path and byte offset and make
 * every later pk_json_next return PK_JSON_ERROR.  Strings are returned
 * undecoded when they hold no escape (a pointer into the buffer), otherwise
 * decoded into a scratch buffer valid until the next string is decoded.
 */
#ifndef PROFKIT_JSON_SCAN_H
#define PROFKIT_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profkit/error.h"
#include "platform/compiler.h"

typedef enum pk_json_tok {
  PK_JSON_ERROR = -1,
  PK_JSON_EOF = 0,
  PK_JSON_OBJECT,     /* '{' */
  PK_JSON_OBJECT_END, /* '}' */
  PK_JSON_ARRAY,      /* '[' */
  PK_JSON_ARRAY_END,  /* ']' */
  PK_JSON_KEY,        /* a string before ':'; the ':' is consumed */
  PK_JSON_STRING,
  PK_JSON_NUMBER,
  PK_JSON_TRUE,
  PK_JSON_FALSE,
  PK_JSON_NULL
} pk_json_tok;

typedef struct pk_json {
  const char *buf;
  size_t len, pos;
  const char *path;
  pk_error *err;
  int status;            /* 0, or the pk_status of the first error */
  uint8_t *stack;        /* open containers: '{' or '[' */
  size_t depth, cap;
  int expect;            /* private state */
  bool first;            /* no element yet in the innermost container */
  pk_json_tok tok;       /* last token */
  size_t tok_start;      /* its first byte (for strings: after the quote) */
  size_t tok_end;        /* one past its last byte (strings: the closing quote) */
  bool tok_escaped;      /* string holds a backslash escape */
  char *scratch;
  size_t scratch_cap;
} pk_json;

/* Never fails; skips a UTF-8 byte order mark. */
void pk_json_init(pk_json *js, const char *buf, size_t len, const char *path, pk_error *err);
void pk_json_fini(pk_json *js);
/* Starts scanning one value at byte `offset` of buf (a second cursor over
 * a part already scanned); offsets in errors stay those of buf. */
void pk_json_init_at(pk_json *js, const char *buf, size_t len, size_t offset, const char *path, pk_error *err);
/* Reads an array of numbers (the next token must be '[') and returns how
 * many it holds in *count, storing nothing. */
int pk_json_count_numbers(pk_json *js, size_t *count);

pk_json_tok pk_json_next(pk_json *js);
/* After a value token: if it opened a container, consumes up to its end.
 * Returns 0 or a negative pk_status. */
int pk_json_skip(pk_json *js);
/* Reads the next token and skips the whole value it starts. */
int pk_json_skip_value(pk_json *js);

/* The last KEY or STRING token's bytes (decoded); NULL on allocation failure. */
const char *pk_json_str(pk_json *js, size_t *len);
/* True if the last KEY/STRING token equals lit (no escapes allowed in it). */
bool pk_json_is(const pk_json *js, const char *lit);

/* The last NUMBER token as an integer: exact for integers, truncated for
 * fractions, PK_EPARSE (with position) if it is out of range. */
int pk_json_int64(pk_json *js, int64_t *out);
int pk_json_double(pk_json *js, double *out);
/* Reads the next value: a number, or a string holding one (what
 * JavaScript's Number() accepts of trace files: "11552125241").  Returns
 * 0 with *out set, 1 when the value is neither (it is skipped), or a
 * negative pk_status. */
int pk_json_number_like(pk_json *js, double *out);

/* Reports an error at the last token; returns the code. */
int pk_json_fail(pk_json *js, int code, const char *fmt, ...) PK_PRINTF_FORMAT(3, 4);
/* As pk_json_fail, at an explicit byte offset. */
int pk_json_fail_at(pk_json *js, size_t offset, int code, const char *fmt, ...)
    PK_PRINTF_FORMAT(4, 5);

/* Reads the next token and requires it to be `want` (else a parse error
 * naming `what`).  Returns 0 or a negative pk_status. */
int pk_json_expect(pk_json *js, pk_json_tok want, const char *what);

/* Reads an array of integers (the next token must be '['), appending them
 * to *vals (realloc-grown, capacity *cap) as int64_t (elem 8) or int32_t
 * (elem 4, values out of its range are an error).  null is refused. */
int pk_json_int_array(pk_json *js, void **vals, size_t elem, size_t *n, size_t *cap);

#endif
