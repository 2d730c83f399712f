/*
 * numfmt.c - numbers as text, by hand (see numfmt.h).
 *
 * Integers are written backwards, two digits a division, into a small
 * array; fixed-point values are rounded once to an integer count of their
 * last digit and written the same way, so 0.125 -> "0.13" follows llround.  Values beyond
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

/* "00".."99": two digits per division, half the divisions of one-by-one. */
static const char digit_pairs[201] = "0001020304050607080910111213141516171819"
                                     "2021222324252627282930313233343536373839"
                                     "4041424344454647484950515253545556575859"
                                     "6061626364656667686970717273747576777879"
                                     "8081828384858687888990919293949596979899";

/* v's digits written backward ending just before end; returns the start. */
static char *digits_backward(char *end, uint64_t v) {
  char *p = end;
  while (v >= 100) {
    unsigned r = (unsigned)(v % 100);
    v /= 100;
    p -= 2;
    memcpy(p, digit_pairs + 2 * r, 2);
  }
  if (v >= 10) {
    p -= 2;
    memcpy(p, digit_pairs + 2 * v, 2);
  } else {
    *--p = (char)('0' + v);
  }
  return p;
}

/* Numbers are composed backward in a buffer of 2 * NUMFMT_HALF bytes whose
 * text ends at its middle, then copied out in one fixed-size copy (the
 * caller's array holds NUMFMT_MAX >= NUMFMT_HALF bytes): no call to a
 * variable-length memcpy per number.  The bytes past the text are copied
 * but never counted. */
#define NUMFMT_HALF 32
_Static_assert(NUMFMT_MAX >= NUMFMT_HALF, "numbers are copied out NUMFMT_HALF bytes at a time");

static size_t copy_out(char *out, const char *start, const char *end) {
  memcpy(out, start, NUMFMT_HALF);
  return (size_t)(end - start);
}

size_t numfmt_int(char *out, int64_t v, bool plus) {
  char buf[2 * NUMFMT_HALF] = {0};
  char *end = buf + NUMFMT_HALF;
  char *p = digits_backward(end, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
  if (v < 0) *--p = '-';
  else if (plus) *--p = '+';
  return copy_out(out, p, end);
}

size_t numfmt_count(char *out, int64_t v) {
  char digits[24];
  uint64_t magnitude = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  const char *d = digits_backward(digits + sizeof digits, magnitude);
  size_t k = (size_t)(digits + sizeof digits - d), n = 0;
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
    size_t len = k > 0 && k < NUMFMT_MAX ? (size_t)k : 0;
    if (trim && decimals > 0 && len > 0) { /* "...00.50" -> "...00.5", "...00.00" -> "...00" */
      while (out[len - 1] == '0') len--;
      if (out[len - 1] == '.') len--;
    }
    return len;
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
  char buf[2 * NUMFMT_HALF] = {0};
  char *end = buf + NUMFMT_HALF, *p = end;
  int len = decimals; /* fraction digits kept */
  if (trim)
    for (; len > 0 && frac % 10 == 0; len--) frac /= 10;
  for (int i = len; i >= 2; i -= 2, frac /= 100) {
    p -= 2;
    memcpy(p, digit_pairs + 2 * (frac % 100), 2);
  }
  if (len & 1) *--p = (char)('0' + frac % 10);
  if (len) *--p = '.';
  p = digits_backward(p, whole);
  if (v < 0 && (units || plus)) *--p = '-';
  else if (plus) *--p = '+';
  return copy_out(out, p, end);
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
    out[n++] = (char)('0' + x / 10); /* |e| <= 20 here: always two digits, as printf */
    out[n++] = (char)('0' + x % 10);
    return n;
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
