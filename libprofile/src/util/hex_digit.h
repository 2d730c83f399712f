/*
 * util/hex_digit.h - the value of one hexadecimal digit (internal).
 *
 * Either case; -1 for anything else.  (The folded-name escapes accept only
 * the lower case their writer produces, so formats/folded_names.c keeps
 * its own stricter test.)
 */
#ifndef PK_UTIL_HEX_DIGIT_H
#define PK_UTIL_HEX_DIGIT_H

static inline int pk_hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

#endif
