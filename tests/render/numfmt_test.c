/*
 * numfmt_test.c - the hand-written number formatting of the renderers
 * against printf, which defines what the text should be.
 *
 * Integers must match "%lld"/"%+lld" exactly; fixed-point values must match
 * "%.Nf"/"%+.Nf" except where printf rounds a binary value that lies just
 * off a decimal tie the other way (llround of the scaled value decides
 * here), so random values are drawn on a grid away from ties.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "../../renderers/src/numfmt.h"

static void check_int(int64_t v) {
  char got[NUMFMT_MAX + 1], want[64];
  for (int plus = 0; plus < 2; plus++) {
    size_t n = numfmt_int(got, v, plus);
    got[n] = '\0';
    snprintf(want, sizeof want, plus ? "%+lld" : "%lld", (long long)v);
    CHECK_STR(got, want);
  }
}

static void check_fixed(double v, int decimals) {
  char got[NUMFMT_MAX + 1], want[64];
  size_t n = numfmt_fixed(got, v, decimals, false, true);
  got[n] = '\0';
  snprintf(want, sizeof want, "%+.*f", decimals, v);
  CHECK_STR(got, want);
  n = numfmt_fixed(got, v, decimals, false, false);
  got[n] = '\0';
  snprintf(want, sizeof want, "%.*f", decimals, v);
  /* Without plus a value rounding to zero drops its sign ("0.00", never "-0.00"). */
  if (strncmp(want, "-0.", 3) == 0 && strspn(want + 3, "0") == strlen(want + 3)) memmove(want, want + 1, strlen(want));
  if (strcmp(want, "-0") == 0) strcpy(want, "0");
  CHECK_STR(got, want);
  /* trim: the same text without trailing zeros after the point, nor a bare point. */
  n = numfmt_fixed(got, v, decimals, true, false);
  got[n] = '\0';
  if (strchr(want, '.') && !strchr(want, 'e')) {
    size_t len = strlen(want);
    while (want[len - 1] == '0') want[--len] = '\0';
    if (want[len - 1] == '.') want[--len] = '\0';
  }
  if (strcmp(want, "-0") == 0) strcpy(want, "0");
  CHECK_STR(got, want);
}

/* "%.2g" must be printf's to the byte, ties and exponent edges included. */
static void check_g2(double v) {
  char got[NUMFMT_MAX + 1], want[64];
  size_t n = numfmt_g2(got, v);
  got[n] = '\0';
  snprintf(want, sizeof want, "%.2g", v);
  CHECK_STR(got, want);
}

int main(void) {
  int64_t ints[] = {0, 1, -1, 9, 10, -10, 999, 1000, 123456789, INT64_MAX, INT64_MIN, -9223372036854775807LL};
  for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) check_int(ints[i]);
  char got[NUMFMT_MAX + 1];
  size_t n = numfmt_count(got, 1234567);
  got[n] = '\0';
  CHECK_STR(got, "1,234,567");
  n = numfmt_count(got, -1000);
  got[n] = '\0';
  CHECK_STR(got, "-1,000");
  n = numfmt_fixed(got, 12.50, 2, true, false);
  got[n] = '\0';
  CHECK_STR(got, "12.5");
  n = numfmt_fixed(got, 12.0, 2, true, false);
  got[n] = '\0';
  CHECK_STR(got, "12");
  n = numfmt_fixed(got, NAN, 2, false, false);
  got[n] = '\0';
  CHECK_STR(got, "0.00");
  n = numfmt_fixed(got, -0.001, 2, false, true);
  got[n] = '\0';
  CHECK_STR(got, "-0.00");
  /* Huge values go through snprintf. */
  check_fixed(1e20, 2);
  check_fixed(-3.5e17, 1);
  double g2[] = {0, 1, 0.5, 0.125, 0.0125, 0.95, 0.995, 0.9951, 9.5, 99.5, 99.49, 0.00095, 0.000099996,
                 0.0001, 0.00001, 1e-5, 9.95e-5, 1e-20, 9.99e-21, 1e15, 1e300, 5e-324, -0.5, NAN, INFINITY, 0.15,
                 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 1.5, 2.5, 12.5, 0.045, 0.055};
  for (size_t i = 0; i < sizeof g2 / sizeof *g2; i++) check_g2(g2[i]);
  srand(7);
  for (int i = 0; i < 200000; i++) { /* log-uniform over 1e-25..1e17, and two-digit decimals exactly */
    check_g2(pow(10, -25 + 42.0 * rand() / RAND_MAX));
    check_g2((double)(rand() % 1000) / pow(10, rand() % 12));
    check_g2((double)rand() / RAND_MAX);
  }
  for (int i = 0; i < 100000; i++) {
    int64_t r = ((int64_t)rand() << 31 | rand()) - ((int64_t)1 << 40);
    check_int(r);
    int decimals = rand() % 7;
    /* k + 0.3 units of the last digit: far from a rounding tie. */
    double units = (double)(rand() % 2000001 - 1000000) + 0.3;
    check_fixed(units / pow(10, decimals), decimals);
  }
  return pk_check_exit("numfmt");
}
