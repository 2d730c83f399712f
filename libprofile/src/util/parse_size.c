/*
 * util/parse_size.c - parsing human sizes ("64K", "1.5G") given on command lines.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>

#include "profkit/source.h"

int64_t pk_parse_size(const char *text) {
  char *end;
  double v = strtod(text, &end);
  if (end == text || !(v >= 0) || isnan(v)) return -1;
  double scale = 1;
  switch (toupper((unsigned char)*end)) {
    case 'K': scale = 1024.0; end++; break;
    case 'M': scale = 1024.0 * 1024; end++; break;
    case 'G': scale = 1024.0 * 1024 * 1024; end++; break;
    case 'T': scale = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
  }
  if (toupper((unsigned char)*end) == 'I') end++;
  if (toupper((unsigned char)*end) == 'B') end++;
  if (*end) return -1;
  v *= scale;
  if (v >= 9.2e18) return -1;
  return (int64_t)v;
}
