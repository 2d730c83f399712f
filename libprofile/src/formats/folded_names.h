/*
 * folded_names.h - frame names in folded text, kept whole.
 *
 * Folded stacks give `;` and the line end a meaning, the count is the last
 * number after white space, a line's leading and trailing white space is
 * trimmed, and `_[k]`-style suffixes are frame kinds.  A name holding any
 * of these would come back as other frames (a name with a newline and
 * "main;x 999999" injects a stack).  The writer escapes those bytes as
 * `\xHH` (lowercase hex); the reader decodes exactly this set:
 *
 *   \x00 NUL   \x09 tab   \x0a LF   \x0d CR   \x3b ;     always
 *   \x20 space             first byte of a line's first name (lines are
 *                          trimmed); of a line's last name, the space before
 *                          a trailing number ("f 12 5" would be counts 12
 *                          and 5) and a trailing space
 *   \x5f _                 of a plain name ending in _[k] _[j] _[i] _[w]
 *   \x5c \                 a backslash that would otherwise start one of these
 *
 * Nothing else changes, so names without these bytes (almost all) are
 * written as every collapser writes them.  flamegraph.pl draws an escaped
 * name as one frame, with the escape shown as text.  The one name not
 * kept is a name of spaces only at a line's end, which comes back empty:
 * stackcollapse-perf.pl writes perf's blank symbol as "f;  3", inferno
 * reads that as an empty name, and that output stays byte-identical.
 */
#ifndef PK_FOLDED_NAMES_H
#define PK_FOLDED_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* Upper bound of the escaped length of a name of len bytes. */
#define PK_FOLDED_ESCAPED_MAX(len) ((len) * 4)

/* Writes name[0..len) escaped into out (room for PK_FOLDED_ESCAPED_MAX);
 * plain_kind: the frame has no kind suffix; first: it begins the line;
 * last: it ends the line.  Returns the bytes written. */
size_t pk_folded_name_escape(const char *name, size_t len, bool plain_kind, bool first, bool last, char *out);
/* True if the name, last on a line, is escaped differently than in the
 * middle of one (it ends in a space and a number, or in a space). */
bool pk_folded_name_differs_last(const char *name, size_t len);
/* True if text[0..len) holds an escape the reader decodes. */
bool pk_folded_name_has_escape(const char *text, size_t len);
/* Decodes text[0..len) into out (room for len bytes); returns the length. */
size_t pk_folded_name_unescape(const char *text, size_t len, char *out);

#endif
