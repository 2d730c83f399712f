/*
 * util/json_tokenizer.c - a pull tokenizer for JSON held in one buffer.
 *
 * One token per call, no allocation except the container stack (one byte
 * per open container) and a scratch buffer for strings with escapes.  The
 * grammar state is three values: the stack of open containers, what may
 * come next (a value, a key, or a comma/closer), and whether the innermost
 * container is still empty.  Skipping a value is a loop over tokens down to
 * the depth where it started, so deep input cannot exhaust the C stack.
 * Byte offsets are kept for every token so that callers can report
 * "FILE: byte N: ..." for semantic errors as precisely as for syntax ones.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hex_digit.h"
#include "util/error_va.h"
#include "util/json_tokenizer.h"
#include "profkit/escape.h"
#include "util/grow.h"
#include "util/utf8.h"

enum { EXPECT_VALUE, EXPECT_KEY, EXPECT_COMMA, EXPECT_DONE };

void pk_json_init(pk_json *js, const char *buf, size_t len, const char *path, pk_error *err) {
  memset(js, 0, sizeof *js);
  js->buf = buf;
  js->len = len;
  js->path = path;
  js->err = err;
  js->expect = EXPECT_VALUE;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) js->pos = 3;
}

void pk_json_init_at(pk_json *js, const char *buf, size_t len, size_t offset, const char *path, pk_error *err) {
  pk_json_init(js, buf, len, path, err);
  js->pos = offset < len ? offset : len;
}

int pk_json_count_numbers(pk_json *js, size_t *count) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of numbers");
  *count = 0;
  while (!rc) {
    pk_json_tok t = pk_json_next(js);
    if (t == PK_JSON_ARRAY_END) return 0;
    if (t != PK_JSON_NUMBER) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a number in the array");
    (*count)++;
  }
  return rc;
}

void pk_json_fini(pk_json *js) {
  free(js->stack);
  free(js->scratch);
  js->stack = NULL;
  js->scratch = NULL;
}

static int vfail(pk_json *js, size_t offset, int code, const char *fmt, va_list ap) {
  if (js->status) return js->status;
  js->status = code;
  js->tok = PK_JSON_ERROR;
  return pk_error_setv(js->err, code, js->path, PK_NO_POSITION, offset, fmt, ap);
}

int pk_json_fail_at(pk_json *js, size_t offset, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = vfail(js, offset, code, fmt, ap);
  va_end(ap);
  return rc;
}

int pk_json_fail(pk_json *js, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t at = js->tok == PK_JSON_STRING || js->tok == PK_JSON_KEY ? js->tok_start - 1 : js->tok_start;
  int rc = vfail(js, at, code, fmt, ap);
  va_end(ap);
  return rc;
}

static pk_json_tok syntax(pk_json *js, const char *what) {
  if (js->pos >= js->len)
    pk_json_fail_at(js, js->pos, PK_EPARSE, "unexpected end of input (truncated JSON?), expected %s", what);
  else
    pk_json_fail_at(js, js->pos, PK_EPARSE, "invalid JSON: expected %s", what);
  return PK_JSON_ERROR;
}

static void skip_ws(pk_json *js) {
  const char *b = js->buf;
  size_t p = js->pos, n = js->len;
  while (p < n && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t')) p++;
  js->pos = p;
}

/* Scans a string starting at the opening quote; sets the token span. */
static bool scan_string(pk_json *js) {
  const char *b = js->buf;
  size_t p = js->pos + 1, n = js->len;
  bool esc = false;
  while (p < n) {
    unsigned char c = (unsigned char)b[p];
    if (c == '"') break;
    if (c < 0x20) {
      pk_json_fail_at(js, p, PK_EPARSE, "invalid JSON: control character in string");
      return false;
    }
    if (c == '\\') {
      esc = true;
      if (p + 1 >= n) break;
      char e = b[p + 1];
      if (e == 'u') {
        if (p + 6 > n || pk_hex_digit(b[p + 2]) < 0 || pk_hex_digit(b[p + 3]) < 0 ||
            pk_hex_digit(b[p + 4]) < 0 || pk_hex_digit(b[p + 5]) < 0) {
          pk_json_fail_at(js, p, PK_EPARSE, "invalid JSON: bad \\u escape");
          return false;
        }
        p += 6;
        continue;
      }
      if (!strchr("\"\\/bfnrt", e) || e == 0) {
        pk_json_fail_at(js, p, PK_EPARSE, "invalid JSON: bad escape in string");
        return false;
      }
      p += 2;
      continue;
    }
    p++;
  }
  if (p >= n) {
    pk_json_fail_at(js, js->pos, PK_EPARSE, "unexpected end of input inside a string (truncated JSON?)");
    return false;
  }
  js->tok_start = js->pos + 1;
  js->tok_end = p;
  js->tok_escaped = esc;
  js->pos = p + 1;
  return true;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool scan_number(pk_json *js) {
  const char *b = js->buf;
  size_t p = js->pos, n = js->len;
  if (p < n && b[p] == '-') p++;
  if (p < n && b[p] == '0') {
    p++;
  } else if (p < n && is_digit(b[p])) {
    while (p < n && is_digit(b[p])) p++;
  } else {
    js->pos = p;
    syntax(js, "a digit");
    return false;
  }
  if (p < n && b[p] == '.') {
    p++;
    if (p >= n || !is_digit(b[p])) {
      js->pos = p;
      syntax(js, "a digit after '.'");
      return false;
    }
    while (p < n && is_digit(b[p])) p++;
  }
  if (p < n && (b[p] == 'e' || b[p] == 'E')) {
    p++;
    if (p < n && (b[p] == '+' || b[p] == '-')) p++;
    if (p >= n || !is_digit(b[p])) {
      js->pos = p;
      syntax(js, "a digit in the exponent");
      return false;
    }
    while (p < n && is_digit(b[p])) p++;
  }
  js->tok_start = js->pos;
  js->tok_end = p;
  js->pos = p;
  return true;
}

static bool push(pk_json *js, uint8_t kind) {
  if (PK_GROW(js->stack, js->cap, js->depth + 1) != 0) {
    pk_json_fail_at(js, js->pos, PK_ENOMEM, "out of memory");
    return false;
  }
  js->stack[js->depth++] = kind;
  return true;
}

static pk_json_tok emit(pk_json *js, pk_json_tok t) {
  js->tok = t;
  return t;
}

static pk_json_tok close_container(pk_json *js) {
  uint8_t kind = js->stack[--js->depth];
  js->tok_start = js->pos;
  js->pos++;
  js->expect = js->depth ? EXPECT_COMMA : EXPECT_DONE;
  js->first = false;
  return emit(js, kind == '{' ? PK_JSON_OBJECT_END : PK_JSON_ARRAY_END);
}

static pk_json_tok literal(pk_json *js, const char *word, pk_json_tok t) {
  size_t n = strlen(word);
  if (js->len - js->pos < n || memcmp(js->buf + js->pos, word, n) != 0) return syntax(js, "a value");
  js->tok_start = js->pos;
  js->pos += n;
  js->tok_end = js->pos;
  js->expect = js->depth ? EXPECT_COMMA : EXPECT_DONE;
  return emit(js, t);
}

pk_json_tok pk_json_next(pk_json *js) {
  if (js->status) return PK_JSON_ERROR;
  for (;;) {
    skip_ws(js);
    size_t p = js->pos;
    char c = p < js->len ? js->buf[p] : 0;
    switch (js->expect) {
    case EXPECT_DONE:
      if (p < js->len) return syntax(js, "end of input after the top-level value");
      js->tok_start = p;
      return emit(js, PK_JSON_EOF);
    case EXPECT_COMMA: {
      uint8_t top = js->stack[js->depth - 1];
      if (c == ',') {
        js->pos++;
        js->expect = top == '{' ? EXPECT_KEY : EXPECT_VALUE;
        js->first = false;
        continue;
      }
      if ((c == '}' && top == '{') || (c == ']' && top == '[')) return close_container(js);
      return syntax(js, top == '{' ? "',' or '}'" : "',' or ']'");
    }
    case EXPECT_KEY:
      if (c == '}' && js->first) return close_container(js);
      if (c != '"') return syntax(js, "a key string");
      if (!scan_string(js)) return PK_JSON_ERROR;
      skip_ws(js);
      if (js->pos >= js->len || js->buf[js->pos] != ':') return syntax(js, "':'");
      js->pos++;
      js->expect = EXPECT_VALUE;
      return emit(js, PK_JSON_KEY);
    default: /* EXPECT_VALUE */
      if (p >= js->len) return syntax(js, "a value");
      js->tok_start = p;
      switch (c) {
      case '{':
      case '[':
        if (!push(js, (uint8_t)c)) return PK_JSON_ERROR;
        js->pos++;
        js->expect = c == '{' ? EXPECT_KEY : EXPECT_VALUE;
        js->first = true;
        return emit(js, c == '{' ? PK_JSON_OBJECT : PK_JSON_ARRAY);
      case ']':
        if (js->first && js->depth && js->stack[js->depth - 1] == '[') return close_container(js);
        return syntax(js, "a value");
      case '"':
        if (!scan_string(js)) return PK_JSON_ERROR;
        js->expect = js->depth ? EXPECT_COMMA : EXPECT_DONE;
        return emit(js, PK_JSON_STRING);
      case 't': return literal(js, "true", PK_JSON_TRUE);
      case 'f': return literal(js, "false", PK_JSON_FALSE);
      case 'n': return literal(js, "null", PK_JSON_NULL);
      default:
        if (c == '-' || is_digit(c)) {
          if (!scan_number(js)) return PK_JSON_ERROR;
          js->expect = js->depth ? EXPECT_COMMA : EXPECT_DONE;
          return emit(js, PK_JSON_NUMBER);
        }
        return syntax(js, "a value");
      }
    }
  }
}

int pk_json_skip(pk_json *js) {
  if (js->status) return js->status;
  if (js->tok != PK_JSON_OBJECT && js->tok != PK_JSON_ARRAY) return 0;
  size_t target = js->depth - 1;
  for (;;) {
    pk_json_tok t = pk_json_next(js);
    if (t == PK_JSON_ERROR) return js->status;
    if ((t == PK_JSON_OBJECT_END || t == PK_JSON_ARRAY_END) && js->depth == target) return 0;
  }
}

int pk_json_skip_value(pk_json *js) {
  pk_json_tok t = pk_json_next(js);
  if (t == PK_JSON_ERROR) return js->status;
  if (t == PK_JSON_OBJECT_END || t == PK_JSON_ARRAY_END || t == PK_JSON_KEY || t == PK_JSON_EOF)
    return pk_json_fail(js, PK_EPARSE, "expected a value");
  return pk_json_skip(js);
}

int pk_json_expect(pk_json *js, pk_json_tok want, const char *what) {
  pk_json_tok t = pk_json_next(js);
  if (t == PK_JSON_ERROR) return js->status;
  if (t != want) return pk_json_fail(js, PK_EPARSE, "expected %s", what);
  return 0;
}

bool pk_json_is(const pk_json *js, const char *lit) {
  size_t n = js->tok_end - js->tok_start;
  return !js->tok_escaped && strlen(lit) == n && memcmp(js->buf + js->tok_start, lit, n) == 0;
}

static uint32_t hex4(const char *s) {
  return (uint32_t)(pk_hex_digit(s[0]) << 12 | pk_hex_digit(s[1]) << 8 | pk_hex_digit(s[2]) << 4 |
                    pk_hex_digit(s[3]));
}

const char *pk_json_str(pk_json *js, size_t *len) {
  const char *s = js->buf + js->tok_start;
  size_t n = js->tok_end - js->tok_start;
  if (!js->tok_escaped) {
    if (len) *len = n;
    return s;
  }
  /* decoded text is never longer than the escaped text (+1 for NUL) */
  if (js->scratch_cap < n + 1) {
    char *q = realloc(js->scratch, n + 1);
    if (!q) return NULL;
    js->scratch = q;
    js->scratch_cap = n + 1;
  }
  char *o = js->scratch;
  size_t k = 0;
  for (size_t i = 0; i < n;) {
    if (s[i] != '\\') {
      o[k++] = s[i++];
      continue;
    }
    char e = s[i + 1];
    if (e != 'u') {
      static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
      o[k++] = to[strchr(from, e) - from];
      i += 2;
      continue;
    }
    uint32_t cp = hex4(s + i + 2);
    i += 6;
    uint32_t pair = i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u' ? pk_utf16_pair(cp, hex4(s + i + 2)) : 0;
    if (pair) i += 6;
    k += pk_utf8_encode(pair ? pair : pk_utf16_unit(cp), o + k);
  }
  o[k] = 0;
  if (len) *len = k;
  return o;
}

int pk_json_int64(pk_json *js, int64_t *out) {
  if (js->tok != PK_JSON_NUMBER) return pk_json_fail(js, PK_EPARSE, "expected a number");
  const char *s = js->buf + js->tok_start;
  size_t n = js->tok_end - js->tok_start;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-') {
    neg = true;
    i = 1;
  }
  uint64_t v = 0;
  for (; i < n && is_digit(s[i]); i++) {
    unsigned d = (unsigned)(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return pk_json_fail(js, PK_EPARSE, "number out of range");
    v = v * 10 + d;
  }
  if (i < n) { /* fraction or exponent */
    double d;
    int rc = pk_json_double(js, &d);
    if (rc) return rc;
    if (!(d > -9.2e18 && d < 9.2e18)) return pk_json_fail(js, PK_EPARSE, "number out of range");
    *out = (int64_t)d;
    return 0;
  }
  if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
    return pk_json_fail(js, PK_EPARSE, "number out of range");
  *out = neg ? (int64_t)(0 - v) : (int64_t)v;
  return 0;
}

int pk_json_double(pk_json *js, double *out) {
  if (js->tok != PK_JSON_NUMBER) return pk_json_fail(js, PK_EPARSE, "expected a number");
  char tmp[64];
  size_t n = js->tok_end - js->tok_start;
  if (n >= sizeof tmp) n = sizeof tmp - 1; /* long mantissas: precision beyond 63 digits is moot */
  memcpy(tmp, js->buf + js->tok_start, n);
  tmp[n] = 0;
  errno = 0;
  double d = strtod(tmp, NULL);
  if (!isfinite(d)) return pk_json_fail(js, PK_EPARSE, "number out of range");
  *out = d;
  return 0;
}

int pk_json_int_array(pk_json *js, void **vals, size_t elem, size_t *n, size_t *cap) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of numbers");
  if (rc) return rc;
  for (;;) {
    pk_json_tok t = pk_json_next(js);
    if (t == PK_JSON_ARRAY_END) return 0;
    if (t == PK_JSON_ERROR) return js->status;
    if (t != PK_JSON_NUMBER) return pk_json_fail(js, PK_EPARSE, "expected a number in the array");
    if (pk_grow(vals, cap, *n + 1, elem) != 0) return pk_json_fail(js, PK_ENOMEM, "out of memory");
    int64_t v;
    if ((rc = pk_json_int64(js, &v))) return rc;
    if (elem == sizeof(int32_t)) {
      if (v < INT32_MIN || v > INT32_MAX) return pk_json_fail(js, PK_EPARSE, "number out of range");
      ((int32_t *)*vals)[(*n)++] = (int32_t)v;
    } else {
      ((int64_t *)*vals)[(*n)++] = v;
    }
  }
}

int pk_json_number_like(pk_json *js, double *out) {
  pk_json_tok tk = pk_json_next(js);
  if (tk == PK_JSON_NUMBER) return pk_json_double(js, out);
  if (tk == PK_JSON_STRING) {
    size_t n;
    const char *s = pk_json_str(js, &n);
    char tmp[64];
    if (!s || n == 0 || n >= sizeof tmp) return 1;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    char *end;
    double v = strtod(tmp, &end);
    if (*end || v != v) return 1;
    *out = v;
    return 0;
  }
  if (tk == PK_JSON_ERROR) return js->status;
  int rc = pk_json_skip(js);
  return rc ? rc : 1;
}
