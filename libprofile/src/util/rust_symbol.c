/*
 * rust_symbol.c - repair of half-demangled Rust symbols (see rust_symbol.h).
 */
#include <string.h>

#include "util/rust_symbol.h"

enum { HASH_LENGTH = 17 }; /* "h" + 16 hex digits */

static const struct {
  const char *mangled, *plain;
} escapes[] = {
    {"$SP$", "@"},   {"$BP$", "*"},   {"$RF$", "&"},   {"$LT$", "<"},   {"$GT$", ">"},
    {"$LP$", "("},   {"$RP$", ")"},   {"$C$", ","},    {"$u7e$", "~"},  {"$u20$", " "},
    {"$u27$", "'"},  {"$u3d$", "="},  {"$u5b$", "["},  {"$u5d$", "]"},  {"$u7b$", "{"},
    {"$u7d$", "}"},  {"$u3b$", ";"},  {"$u2b$", "+"},  {"$u21$", "!"},  {"$u22$", "\""},
};

static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

size_t pk_rust_symbol_fix(const char *s, size_t n, char *out) {
  if (n < HASH_LENGTH || s[n - HASH_LENGTH] != 'h') return 0;
  for (size_t i = n - HASH_LENGTH + 1; i < n; i++)
    if (!is_hex(s[i])) return 0;
  size_t end = n - HASH_LENGTH, i = 0, o = 0;
  if (end >= 2 && s[end - 2] == ':' && s[end - 1] == ':') end -= 2;
  if (end >= 2 && s[0] == '_' && s[1] == '$') i = 1;
  while (i < end) {
    if (s[i] == '.') {
      if (i + 1 < end && s[i + 1] == '.') {
        out[o++] = ':';
        out[o++] = ':';
        i += 2;
      } else {
        out[o++] = '.';
        i++;
      }
    } else if (s[i] == '$') {
      size_t k = 0, count = sizeof escapes / sizeof escapes[0];
      for (; k < count; k++) {
        size_t m = strlen(escapes[k].mangled);
        if (end - i >= m && memcmp(s + i, escapes[k].mangled, m) == 0) {
          out[o++] = escapes[k].plain[0];
          i += m;
          break;
        }
      }
      if (k == count) { /* not an escape: the rest as it is */
        memcpy(out + o, s + i, end - i);
        o += end - i;
        break;
      }
    } else {
      size_t j = i;
      while (j < end && s[j] != '$' && s[j] != '.') j++;
      memcpy(out + o, s + i, j - i);
      o += j - i;
      i = j;
    }
  }
  out[o] = 0;
  return o;
}
