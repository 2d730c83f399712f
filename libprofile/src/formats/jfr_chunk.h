/*
 * formats/jfr_chunk.h - decoding one chunk of a Java Flight Recorder file:
 * its header, its metadata (the type descriptions) and values of any
 * described type (private to the JFR reader, formats/jfr.c).
 *
 * A JFR file is a run of self-contained chunks.  Each starts with a 68-byte
 * big-endian header (magic FLR\0, version, chunk size, offsets of the last
 * constant-pool event and of the metadata event, times, flags) followed by
 * events: a compressed size (counting itself), a compressed type id, then
 * the fields of that type in the order the metadata lists them.  Integers
 * are LEB128-like "compressed" varints (7 bits a byte, the ninth byte
 * whole); strings carry an encoding byte (null, empty, pool reference,
 * UTF-8, UTF-16 units, Latin-1).  Type 0 is the metadata event, type 1 a
 * constant-pool (checkpoint) event.
 *
 * Every read goes through a jfr_cursor bounded by the end of the event it
 * is in, so a length or count in the input can never reach past the real
 * bytes; nested values (structs in structs, arrays of structs) are walked
 * with an explicit stack of bounded depth, never by recursion, and an array
 * may not claim more elements than its event has bytes left.
 */
#ifndef PROFKIT_JFR_CHUNK_H
#define PROFKIT_JFR_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/compiler.h"
#include "profkit/error.h"

#define JFR_HEADER_SIZE 68
#define JFR_EVENT_METADATA 0
#define JFR_EVENT_POOL 1

/* How a field's value is stored. */
typedef enum jfr_kind {
  JFR_STRUCT = 0, /* the fields of its class, inline */
  JFR_VARINT,     /* char, short, int, long: a compressed integer */
  JFR_BYTE1,      /* boolean, byte */
  JFR_FLOAT4,
  JFR_DOUBLE8,
  JFR_STRING
} jfr_kind;

typedef struct jfr_field {
  const char *name; /* in the chunk's metadata strings */
  uint32_t cls;     /* index into jfr_meta.classes */
  bool pooled;      /* stored as a constant-pool key (a varint) */
  bool array;       /* a count, then that many values */
} jfr_field;

typedef struct jfr_class {
  int64_t id;
  const char *name;
  uint32_t first_field, n_fields; /* into jfr_meta.fields */
  uint8_t kind;                   /* jfr_kind */
} jfr_class;

typedef struct jfr_meta {
  jfr_class *classes; /* sorted by id */
  size_t n_classes;
  jfr_field *fields;
  size_t n_fields;
  char *strings; /* the metadata's strings, NUL-terminated, UTF-8 */
} jfr_meta;

typedef struct jfr_chunk {
  size_t start, size; /* in the whole input */
  int64_t pool_offset, meta_offset; /* from the chunk start */
  jfr_meta meta;
} jfr_chunk;

/* Reads input[pos, end); errors name path and the absolute byte offset. */
typedef struct jfr_cursor {
  const unsigned char *buf;
  size_t pos, end;
  const char *path;
  pk_error *err;
} jfr_cursor;

/* A string value: bytes of an encoding (3 UTF-8, 4 UTF-16 varints, 5
 * Latin-1) or a pool key (encoding 2); encoding 0/1 null/empty. */
typedef struct jfr_string {
  uint8_t encoding;
  size_t at, len; /* at: offset of the bytes (or units); len: their count */
  int64_t key;    /* encoding 2 */
} jfr_string;

int jfr_fail(jfr_cursor *c, size_t at, int code, const char *fmt, ...) PK_PRINTF_FORMAT(4, 5);
int jfr_varint(jfr_cursor *c, int64_t *out);
int jfr_byte(jfr_cursor *c, uint8_t *out);
int jfr_read_string(jfr_cursor *c, jfr_string *out);
/* Appends s as NUL-terminated UTF-8 to *buf (growing it); *at gets the
 * offset of its first byte.  Pool-referenced strings become empty. */
int jfr_string_utf8(jfr_cursor *c, const jfr_string *s, char **buf, size_t *len, size_t *cap, size_t *at);

/* Checks the header at input[start]; fills chunk start, size and offsets. */
int jfr_chunk_header(jfr_cursor *c, size_t start, jfr_chunk *ch);
/* Reads the chunk's metadata event into ch->meta. */
int jfr_chunk_metadata(jfr_cursor *c, jfr_chunk *ch);
void jfr_chunk_free(jfr_chunk *ch);

/* The class with this id, or -1. */
int64_t jfr_class_index(const jfr_meta *m, int64_t id);
/* The index of the class named name, or -1. */
int64_t jfr_class_named(const jfr_meta *m, const char *name);
/* The field of class cls named name, or -1. */
int64_t jfr_field_named(const jfr_meta *m, uint32_t cls, const char *name);

/* Skips one value of the field (array, pooled or inline) at the cursor. */
int jfr_skip_field(jfr_cursor *c, const jfr_meta *m, const jfr_field *f);

/* Reads one record of class cls field by field.  wanted[i] (i < the
 * class's field count) says where field i goes: -1 skip it; otherwise
 * ints[wanted[i]] gets a pooled key, integer or boolean, strs[wanted[i]] a
 * string (strs may be NULL when no string is wanted).  Fields not read as
 * a single scalar (arrays, inline structs) are skipped. */
int jfr_read_record(jfr_cursor *c, const jfr_meta *m, uint32_t cls, const int8_t *wanted, int64_t *ints,
                    jfr_string *strs);

#endif
