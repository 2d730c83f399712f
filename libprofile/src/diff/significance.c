/*
 * diff/significance.c - binomial tails and the two-count change test (see stats.h).
 *
 * The exact tail uses the identity P(X >= k) = I_p(k, n - k + 1), with the
 * regularised incomplete beta I evaluated by its continued fraction (modified
 * Lentz).  The fraction converges fast on the side x < (a + 1) / (a + b + 2);
 * on the other side we use I_x(a, b) = 1 - I_{1-x}(b, a).  Small tails, the
 * ones a significance test cares about, always land on the direct side, so
 * they keep their relative precision.  Past a variance of EXACT_MAX_VARIANCE
 * the fraction needs many terms and the normal approximation is already far
 * more accurate than any confidence level a user would pick, so we switch.
 */
#include <math.h>

#include "profkit/stats.h"

#define EXACT_MAX_VARIANCE 1.0e4
#define CF_MAX_TERMS 20000
/* Shown p-values (two digits) are exact below this variance when they
 * are small enough to matter (below SHOWN_EXACT_BELOW); elsewhere the
 * normal approximation is within a few percent (large variance) or far
 * from any significance level (p above SHOWN_EXACT_BELOW). */
#define SHOWN_EXACT_MAX_VARIANCE 400.0
#define SHOWN_EXACT_BELOW 0.02
#define CF_EPS 1.0e-15
#define CF_TINY 1.0e-300

static double beta_cf(double a, double b, double x) {
  double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap;
  if (fabs(d) < CF_TINY) d = CF_TINY;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= CF_MAX_TERMS; m++) {
    double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (fabs(d) < CF_TINY) d = CF_TINY;
    c = 1.0 + aa / c;
    if (fabs(c) < CF_TINY) c = CF_TINY;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (fabs(d) < CF_TINY) d = CF_TINY;
    c = 1.0 + aa / c;
    if (fabs(c) < CF_TINY) c = CF_TINY;
    d = 1.0 / d;
    double step = d * c;
    h *= step;
    if (fabs(step - 1.0) < CF_EPS) break;
  }
  return h;
}

/* Regularised incomplete beta I_x(a, b), a, b > 0. */
static double beta_inc(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_cf(a, b, x) / a;
  return 1.0 - front * beta_cf(b, a, 1.0 - x) / b;
}

static double normal_upper(double z) { return 0.5 * erfc(z / sqrt(2.0)); }

double pk_binomial_upper(int64_t k, int64_t n, double p) {
  if (k <= 0) return 1.0;
  if (k > n) return 0.0;
  double nd = (double)n, var = nd * p * (1.0 - p);
  if (var > EXACT_MAX_VARIANCE) return normal_upper(((double)k - 0.5 - nd * p) / sqrt(var));
  return beta_inc((double)k, (double)(n - k) + 1.0, p);
}

double pk_binomial_lower(int64_t k, int64_t n, double p) {
  if (k < 0) return 0.0;
  if (k >= n) return 1.0;
  double nd = (double)n, var = nd * p * (1.0 - p);
  if (var > EXACT_MAX_VARIANCE) return normal_upper((nd * p - (double)k - 0.5) / sqrt(var));
  return beta_inc((double)(n - k), (double)k + 1.0, 1.0 - p);
}

/* Halves both counts if their sum would overflow: the shares stay, the
 * test gets stricter. */
static int64_t sample_count(int64_t *before, int64_t *after) {
  if (*after > INT64_MAX - *before) {
    *before /= 2;
    *after /= 2;
  }
  return *before + *after;
}

double pk_change_p_value_shown(int64_t before, int64_t after, double p0) {
  if (before < 0 || after < 0 || (before == 0 && after == 0)) return 1.0;
  int64_t n = sample_count(&before, &after);
  double nd = (double)n, var = nd * p0 * (1.0 - p0);
  if (var < 25.0) return pk_change_p_value(before, after, p0);
  double z = (fabs((double)after - nd * p0) - 0.5) / sqrt(var);
  double p = z > 0 ? 2.0 * normal_upper(z) : 1.0;
  if (var < SHOWN_EXACT_MAX_VARIANCE && p < SHOWN_EXACT_BELOW) return pk_change_p_value(before, after, p0);
  return p > 1.0 ? 1.0 : p;
}

bool pk_change_significant(int64_t before, int64_t after, double p0, double alpha) {
  if (before < 0 || after < 0 || (before == 0 && after == 0)) return false;
  int64_t n = sample_count(&before, &after);
  double nd = (double)n, var = nd * p0 * (1.0 - p0);
  /* Within one standard deviation of the mean no binomial tail is small
   * (the two-sided p-value is well above any alpha a user picks, <= 0.2),
   * whatever the variance: most frames of a big graph stop here. */
  if (alpha <= 0.2 && fabs((double)after - nd * p0) <= sqrt(var)) return false;
  if (var >= 25.0) {
    double z = (fabs((double)after - nd * p0) - 0.5) / sqrt(var);
    double approx = z > 0 ? 2.0 * normal_upper(z) : 1.0;
    if (approx > 4.0 * alpha) return false;
    if (approx < alpha / 4.0) return true;
  }
  return pk_change_p_value(before, after, p0) < alpha;
}

double pk_change_p_value(int64_t before, int64_t after, double p0) {
  if (before < 0 || after < 0) return 1.0;
  if (before == 0 && after == 0) return 1.0;
  int64_t n = sample_count(&before, &after);
  /* The two tails sum to 1 + P(X = after), so a tail of at most 1/2 is the
   * smaller one: the tail on after's side of the mean almost always is, and
   * the other one is computed only when it is not. */
  bool above = (double)after >= (double)n * p0;
  double tail = above ? pk_binomial_upper(after, n, p0) : pk_binomial_lower(after, n, p0);
  if (tail > 0.5) {
    double other = above ? pk_binomial_lower(after, n, p0) : pk_binomial_upper(after, n, p0);
    if (other < tail) tail = other;
  }
  double p = 2.0 * tail;
  return p > 1.0 ? 1.0 : p;
}

double pk_student_t_p_value(double t, double df) {
  if (!(df > 0) || !isfinite(df) || isnan(t)) return 1.0;
  if (isinf(t)) return 0.0;
  double x = df / (df + t * t);
  double p = beta_inc(df / 2.0, 0.5, x);
  return p > 1.0 ? 1.0 : p < 0.0 ? 0.0 : p;
}
