/*
 * stats.h - the sampling-noise test behind differential profiles.
 *
 * A frame seen b times among B samples before and a times among A samples
 * after: did its rate really change, or is the difference what sampling
 * alone would produce?  Given n = a + b, each of the n samples falls "after"
 * with probability p0 under the null hypothesis (no change), so a follows
 * Binomial(n, p0): the conditional test for two Poisson counts.  p0 is
 * s / (1 + s) where s is the scale applied to the before count (A / B when
 * normalising, 1 when comparing raw counts).  The two-sided p-value is twice
 * the smaller tail, capped at 1.
 *
 * Tails are exact (regularised incomplete beta by continued fraction) while
 * the variance n p0 (1 - p0) is small, and the normal approximation with
 * continuity correction beyond, where the two agree to well under 1e-3.
 * docs/diff.md explains the choice.
 */
#ifndef PROFKIT_STATS_H
#define PROFKIT_STATS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

/* P(X >= k) for X ~ Binomial(n, p); 1 when k <= 0, 0 when k > n. */
double pk_binomial_upper(int64_t k, int64_t n, double p);
/* P(X <= k) for X ~ Binomial(n, p); 0 when k < 0, 1 when k >= n. */
double pk_binomial_lower(int64_t k, int64_t n, double p);

/* Two-sided p-value that `after` of the `after + before` samples fell after
 * when each does so with probability p0 (0 < p0 < 1).  1 when both are 0. */
double pk_change_p_value(int64_t before, int64_t after, double p0);

/* The same p-value to show (two digits in a tooltip), not to decide by: the
 * normal approximation with continuity correction once the variance
 * reaches 400, the exact tail below.  A graph shows tens of thousands. */
double pk_change_p_value_shown(int64_t before, int64_t after, double p0);

/* Whether pk_change_p_value(before, after, p0) < alpha, without the exact
 * tail when the normal approximation is far (a factor 4) from alpha either
 * way: the fast path used to classify every node of a large graph. */
bool pk_change_significant(int64_t before, int64_t after, double p0, double alpha);

/* Two-sided p-value of Student's t statistic t with df > 0 degrees of
 * freedom: P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2).  1 when t is 0 or
 * not finite-and-positive df. */
double pk_student_t_p_value(double t, double df);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
