/*
 * json_fields.h - field readers shared by the JSON profile readers
 * (speedscope, stackprof, trace samples): small steps over pk_json that
 * put what they read into the profile (private).
 */
#ifndef PROFKIT_JSON_FIELDS_H
#define PROFKIT_JSON_FIELDS_H

#include "util/json_tokenizer.h"
#include "profkit/profile.h"

/* Reads the next value: a string is interned into *out, any other value
 * is skipped and leaves *out alone.  0 or a negative pk_status. */
int pk_json_field_string(pk_json *js, pk_profile *p, pk_id *out);
/* The last KEY token as a decimal integer (object keys that are ids:
 * {"1234": {...}}); PK_EPARSE naming `what` if it is not one. */
int pk_json_key_int64(pk_json *js, const char *what, int64_t *out);

#endif
