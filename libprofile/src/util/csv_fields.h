/*
 * util/csv_fields.h - splitting one CSV record into its fields.
 *
 * The CSV exports of profilers (VTune, Visual Studio) are read a line at a
 * time: a record is one line (a quoted field does not run past the end of
 * its line; an unclosed quote is an error the caller reports with the line
 * number).  Fields point into the line: a quoted field's text is what lies
 * between its quotes, with each doubled quote ("") still doubled until
 * pk_csv_unquote copies it out.  Nothing is allocated.
 */
#ifndef PK_UTIL_CSV_FIELDS_H
#define PK_UTIL_CSV_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  const char *text; /* inside the quotes for a quoted field */
  size_t len;
  bool escaped; /* quoted and holding a doubled quote: copy with pk_csv_unquote */
} pk_csv_field;

/* Splits line[0..n) at commas outside quotes into up to max fields (the
 * rest are counted, not stored).  Returns the number of fields, or 0 when
 * a quote is not closed or is followed by something other than a comma. */
size_t pk_csv_split(const char *line, size_t n, pk_csv_field *fields, size_t max);

/* Copies the field's text to out (at least f->len bytes), turning "" into
 * "; returns the length written. */
size_t pk_csv_unquote(const pk_csv_field *f, char *out);

/* Whether the field's text is exactly the C string s. */
bool pk_csv_field_is(const pk_csv_field *f, const char *s);

/* Reads a non-negative integer written with optional thousands separators
 * ("2,893,824"); false if anything else is in the field or it passes
 * INT64_MAX. */
bool pk_csv_count(const pk_csv_field *f, long long *out);

#endif
