/*
 * folded_names.c - the `\xHH` escapes of folded frame names (see
 * folded_names.h for the set and why each is there).
 */
#include <string.h>

#include "formats/folded_names.h"

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* The byte of the escape at text (4 bytes available), or -1 if none. */
static int escape_at(const char *text, size_t avail) {
  if (avail < 4 || text[0] != '\\' || text[1] != 'x') return -1;
  int hi = hex_value(text[2]), lo = hex_value(text[3]);
  if (hi < 0 || lo < 0) return -1;
  int c = hi * 16 + lo;
  switch (c) {
    case 0x00: case 0x09: case 0x0a: case 0x0d: case 0x20: case 0x3b: case 0x5c: case 0x5f: return c;
    default: return -1;
  }
}

static bool is_count_char(char c) { return (c >= '0' && c <= '9') || c == '.'; }

static bool has_kind_suffix(const char *name, size_t len) {
  return len >= 4 && name[len - 4] == '_' && name[len - 3] == '[' && name[len - 1] == ']' &&
         strchr("kjiw", name[len - 2]) != NULL && name[len - 2] != '\0';
}

/* The space a reader would not keep at a line's end: the one before a
 * trailing number (read as a count), or a trailing one (trimmed), unless
 * the name is all spaces; -1 if none. */
static size_t last_space(const char *name, size_t len) {
  size_t tail = len;
  while (tail > 0 && is_count_char(name[tail - 1])) tail--;
  if (tail < len) return tail > 0 && name[tail - 1] == ' ' ? tail - 1 : (size_t)-1;
  if (len == 0 || name[len - 1] != ' ') return (size_t)-1;
  for (size_t i = 0; i < len; i++)
    if (name[i] != ' ') return len - 1;
  return (size_t)-1; /* perf's blank symbol: written as stackcollapse-perf.pl does */
}

bool pk_folded_name_differs_last(const char *name, size_t len) { return last_space(name, len) != (size_t)-1; }

size_t pk_folded_name_escape(const char *name, size_t len, bool plain_kind, bool first, bool last, char *out) {
  size_t count_space = last ? last_space(name, len) : (size_t)-1;
  size_t kind_underscore = plain_kind && has_kind_suffix(name, len) ? len - 4 : (size_t)-1;
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)name[i];
    bool escape = c == ';' || c == '\n' || c == '\r' || c == '\t' || c == '\0' ||
                  (c == ' ' && ((i == 0 && first) || i == count_space)) || i == kind_underscore ||
                  (c == '\\' && escape_at(name + i, len - i) >= 0);
    if (!escape) {
      out[o++] = (char)c;
      continue;
    }
    static const char digits[] = "0123456789abcdef";
    out[o++] = '\\';
    out[o++] = 'x';
    out[o++] = digits[c >> 4];
    out[o++] = digits[c & 15];
  }
  return o;
}

bool pk_folded_name_has_escape(const char *text, size_t len) {
  for (const char *p = memchr(text, '\\', len); p; p = memchr(p + 1, '\\', len - (size_t)(p + 1 - text)))
    if (escape_at(p, len - (size_t)(p - text)) >= 0) return true;
  return false;
}

size_t pk_folded_name_unescape(const char *text, size_t len, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    int c = text[i] == '\\' ? escape_at(text + i, len - i) : -1;
    if (c >= 0) {
      out[o++] = (char)c;
      i += 4;
    } else {
      out[o++] = text[i++];
    }
  }
  return o;
}
