/*
 * json_fields.c - field readers shared by the JSON profile readers (see
 * json_fields.h).
 */
#include <stdlib.h>
#include <string.h>

#include "formats/json_fields.h"

int pk_json_field_string(pk_json *js, pk_profile *p, pk_id *out) {
  pk_json_tok tk = pk_json_next(js);
  if (tk != PK_JSON_STRING) return js->status ? js->status : pk_json_skip(js);
  size_t n;
  const char *s = pk_json_str(js, &n);
  pk_id id = s ? pk_profile_intern(p, s, n) : PK_NONE;
  if (id == PK_NONE) return pk_json_fail(js, PK_ENOMEM, "out of memory");
  *out = id;
  return 0;
}

int pk_json_key_int64(pk_json *js, const char *what, int64_t *out) {
  size_t n;
  const char *key = pk_json_str(js, &n);
  char digits[24];
  if (!key || n == 0 || n >= sizeof digits) return pk_json_fail(js, PK_EPARSE, "%s is not a number", what);
  memcpy(digits, key, n);
  digits[n] = 0;
  char *end;
  long long v = strtoll(digits, &end, 10);
  if (*end) return pk_json_fail(js, PK_EPARSE, "%s is not a number", what);
  *out = v;
  return 0;
}
