/*
 * numfmt.c - numbers as text, by hand (see numfmt.h).
 *
 * Integers are written backwards from the end of a small array; fixed-point
 * values are rounded once to an integer count of their last digit and
 * written the same way, so 0.125 -> "0.13" follows llround.  Values beyond
 * exact doubles' integer range (about 9e15 units) go through snprintf.
 *
 * "%.2g" is printf's to the byte: v is scaled by an exact power of ten to
 * two digits before the point (one rounding of the product, far below the
 * 1e-6 margin kept from a tie); any value closer than that to a tie goes
 * to snprintf, which rounds the exact binary value.
 */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static size_t digits_backward(char *end, uint64_t v) {
  char *p = end;
  do {
    *--p = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  return (size_t)(end - p);
}

static size_t put_u64(char *out, uint64_t v) {
  char buf[24];
  size_t k = digits_backward(buf + sizeof buf, v);
  memcpy(out, buf + sizeof buf - k, k);
  return k;
}

size_t numfmt_int(char *out, int64_t v, bool plus) {
  size_t n = 0;
  if (v < 0) out[n++] = '-';
  else if (plus) out[n++] = '+';
  return n + put_u64(out + n, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
}

size_t numfmt_count(char *out, int64_t v) {
  char digits[24];
  uint64_t magnitude = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  size_t k = digits_backward(digits + sizeof digits, magnitude), n = 0;
  const char *d = digits + sizeof digits - k;
  if (v < 0) out[n++] = '-';
  for (size_t i = 0; i < k; i++) {
    if (i > 0 && (k - i) % 3 == 0) out[n++] = ',';
    out[n++] = d[i];
  }
  return n;
}

size_t numfmt_fixed(char *out, double v, int decimals, bool trim, bool plus) {
  static const double scales[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6};
  if (decimals < 0) decimals = 0;
  if (decimals > 6) decimals = 6;
  if (!isfinite(v)) v = 0;
  double scaled = fabs(v) * scales[decimals];
  if (scaled >= 9e15) {
    int k = snprintf(out, NUMFMT_MAX, plus ? "%+.*f" : "%.*f", decimals, v);
    return k > 0 && k < NUMFMT_MAX ? (size_t)k : 0;
  }
  /* llround of a non-negative value below 2^53, without the call: the
   * truncated part is exact, and so is its difference from scaled. */
  uint64_t units = (uint64_t)scaled;
  if (scaled - (double)units >= 0.5) units++;
  uint64_t whole, frac;
  switch (decimals) { /* constant divisors: multiplies, not divisions */
  case 0: whole = units, frac = 0; break;
  case 1: whole = units / 10, frac = units % 10; break;
  case 2: whole = units / 100, frac = units % 100; break;
  default: whole = units / (uint64_t)scales[decimals], frac = units % (uint64_t)scales[decimals];
  }
  size_t n = 0;
  if (v < 0 && (units || plus)) out[n++] = '-';
  else if (plus) out[n++] = '+';
  n += put_u64(out + n, whole);
  char f[8];
  for (int i = decimals - 1; i >= 0; i--, frac /= 10) f[i] = (char)('0' + frac % 10);
  int len = decimals;
  if (trim)
    while (len > 0 && f[len - 1] == '0') len--;
  if (len == 0) return n;
  out[n++] = '.';
  memcpy(out + n, f, (size_t)len);
  return n + (size_t)len;
}

size_t numfmt_g2(char *out, double v) {
  static const double tens[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (v == 0) {
    out[0] = '0';
    return 1;
  }
  int e = v >= 1e-20 && v < 1e15 ? (int)floor(log10(v)) : 99; /* v's leading digit is at 10^e */
  double m = 0;                                               /* v / 10^(e-1), in [10, 100) */
  for (int tries = 0; e != 99 && tries < 3; tries++) {
    m = e - 1 < 0 ? v * tens[1 - e] : v / tens[e - 1];
    if (m < 10) e--;
    else if (m >= 100) e++;
    else break;
  }
  double whole = floor(m), frac = m - whole;
  if (e == 99 || !(m >= 10 && m < 100) || fabs(frac - 0.5) < 1e-6) {
    int k = snprintf(out, NUMFMT_MAX, "%.2g", v);
    return k > 0 && k < NUMFMT_MAX ? (size_t)k : 0;
  }
  int d = (int)whole + (frac > 0.5);
  if (d == 100) d = 10, e++;
  char hi = (char)('0' + d / 10), lo = (char)('0' + d % 10);
  size_t n = 0;
  if (e < -4 || e >= 2) { /* d.de-XX */
    out[n++] = hi;
    if (lo != '0') out[n++] = '.', out[n++] = lo;
    out[n++] = 'e';
    out[n++] = e < 0 ? '-' : '+';
    int x = e < 0 ? -e : e;
    if (x < 10) out[n++] = '0';
    return n + put_u64(out + n, (uint64_t)x);
  }
  if (e == 1) { /* "12" */
    out[n++] = hi, out[n++] = lo;
    return n;
  }
  if (e == 0) {
    out[n++] = hi;
  } else { /* 0.000hl */
    out[n++] = '0';
    out[n++] = '.';
    for (int z = -e - 1; z > 0; z--) out[n++] = '0';
    out[n++] = hi;
  }
  if (lo != '0') {
    if (e == 0) out[n++] = '.';
    out[n++] = lo;
  }
  return n;
}
