/*
 * diff.h - differential profiles: two profiles combined, every change
 * tested against sampling noise.
 *
 * A diff is data, as in pprof: one profile whose call tree is the union of
 * both inputs, with the columns
 *
 *   PK_DIFF_BEFORE   raw values of the first profile
 *   PK_DIFF_AFTER    raw values of the second profile
 *
 * then, when the values are not sample counts (time, bytes) but the inputs
 * carry counts too (.cpuprofile samples, pprof samples), the two sample
 * counts the noise test runs on ("before_samples", "after_samples"), and,
 * with show_removed, the column a graph draws ("shown": AFTER plus the
 * scaled before of subtrees absent after).  pk_diff_shown_type names the
 * column to draw: AFTER itself unless show_removed.  The graph thus has
 * the second profile's shape, like difffolded.pl + flamegraph.pl.
 *
 * Every node and every function (frames summed by name, see functions.h)
 * has a change for its self and its total value: before and after, the
 * delta as drawn, the change of share in percentage points of the total,
 * and the p-value of the two-count binomial test of stats.h, run on sample
 * counts (the count columns when present: the test is only valid on
 * counts, never on microseconds or bytes).  A change is
 * GREW or SHRANK when p < 1 - confidence and the delta is nonzero, NOISE
 * when it is within sampling noise, NONE when both counts are zero.  A
 * node's two tests (self and total: its colour) run at (1 - confidence)
 * / 2 each, so pk_diff_node_self / _total classify at that level; the
 * gate controls its error over all functions (diff_gate.c).
 *
 * Several runs per side (pk_diff_new_runs): the runs of a side are summed,
 * and each run's tested counts are kept as a column of its own, so that
 * every change (node or function, self or total) can be tested against the
 * spread measured between the runs: a quasi-binomial test, the binomial
 * variance of the difference of shares inflated by the over-dispersion
 * the runs show (at least 1), judged by Student's t with runs - 2 degrees
 * of freedom (docs/diff.md).  With one run a side, only sampling noise is
 * known (pk_diff_runs_before / _after say how many runs there were).
 *
 * A graph marks each node (pk_diff_node_mark) by its self change when that
 * is significant, else by its total (inclusive) change when that is, so a
 * subtree whose time grew is coloured even when each frame holds few
 * samples; frames present on one side only are marked new or removed.
 *
 * Gates turn a diff into a CI verdict: fail_if_grown (a function's self or
 * total share grew by more than N points, significantly; breaches along
 * one call path fold into the function where the time is spent) and
 * budgets (the share of samples through frames matching a regex stays at
 * most N percent).
 *
 * Ownership: pk_diff_new copies what it needs; the inputs may be freed
 * afterwards.  pk_diff_new_owning takes the second profile over instead.  Strings returned (names) live as long as the diff.  The
 * function table is built on first use, so a pk_diff must not be used from
 * two threads at once.
 */
#ifndef PROFKIT_DIFF_H
#define PROFKIT_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "profkit/profile.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

enum { PK_DIFF_BEFORE = 0, PK_DIFF_AFTER = 1 };

typedef enum pk_diff_class {
  PK_DIFF_NONE = 0,    /* no samples on either side */
  PK_DIFF_NOISE = 1,   /* changed (or not) within sampling noise */
  PK_DIFF_GREW = 2,
  PK_DIFF_SHRANK = 3
} pk_diff_class;

typedef struct pk_diff_change {
  int64_t before;        /* raw count in the first profile */
  int64_t after;         /* raw count in the second profile */
  double before_scaled;  /* before x scale: what after is compared with */
  double delta;          /* after - before_scaled */
  double delta_rel;      /* delta / before_scaled in percent; +inf when new */
  double share_before;   /* before / total before, percent */
  double share_after;    /* after / total after, percent */
  double delta_pp;       /* share_after - share_before: percentage points */
  int64_t count_before;  /* samples tested: equal to before/after unless */
  int64_t count_after;   /* the values are not counts (see above) */
  double p_value;        /* two-sided; 1 when both counts are 0 */
  pk_diff_class cls;
  double dispersion;     /* run-to-run over-dispersion measured (>= 1); 0 with one run a side */
} pk_diff_change;

#define PK_DIFF_NORMALIZE_AUTO (-1)

#define PK_DIFF_OPTIONS_VERSION 1

typedef struct pk_diff_options {
  unsigned version;     /* PK_DIFF_OPTIONS_VERSION, set by PK_DIFF_OPTIONS_INIT */
  int normalize;        /* PK_DIFF_NORMALIZE_AUTO: when the totals differ; 0 never; 1 always */
  double confidence;    /* in (0, 1); 0 means the default 0.99 */
  bool show_removed;    /* draw subtrees present only before (SHOWN column) */
  /* Sample-count columns of each input to run the noise test on when the
   * compared columns hold time or bytes; -1 (both) tests the compared
   * columns themselves.  pk_diff_count_type suggests one. */
  int before_count_type, after_count_type;
} pk_diff_options;

#define PK_DIFF_OPTIONS_INIT                                                                      \
  {.version = PK_DIFF_OPTIONS_VERSION, .normalize = PK_DIFF_NORMALIZE_AUTO, .confidence = 0.99,     \
   .show_removed = false, .before_count_type = -1, .after_count_type = -1}

/* The column of p to test when comparing column `type`: -1 if type itself
 * counts samples (unit "count"), else the first column whose unit is
 * "count", else -1 (then the values are tested as if they were counts,
 * which overstates significance; pk_diff_has_counts tells). */
int pk_diff_count_type(const pk_profile *p, size_t type);

typedef struct pk_diff pk_diff;

/* Combines column before_type of `before` with column after_type of
 * `after` (they may be the same profile, e.g. a two-count folded file;
 * finished or not: only self values are read).  PK_EINVAL when a column is
 * missing or a total is not positive; PK_ELIMIT; PK_ENOMEM. */
int pk_diff_new(pk_diff **out, const pk_profile *before, size_t before_type,
                const pk_profile *after, size_t after_type, const pk_diff_options *opts,
                pk_error *err);
/* The same, built inside `after`, which the diff takes over whatever the
 * outcome (freed with the diff, or at once on failure): no copy of its
 * tree is made.  `before` must be another profile. */
int pk_diff_new_owning(pk_diff **out, const pk_profile *before, size_t before_type, pk_profile *after,
                       size_t after_type, const pk_diff_options *opts, pk_error *err);
void pk_diff_free(pk_diff *d);

/* The combined, finished profile (columns above). */
const pk_profile *pk_diff_profile(const pk_diff *d);
/* The column of pk_diff_profile a graph draws. */
size_t pk_diff_shown_type(const pk_diff *d);
/* A new finished profile of the diff's tree with two columns: before scaled
 * to after's total when normalising (truncated toward zero per stack, as
 * difffolded.pl -n does) and after: the two-count folded form.  The caller
 * frees it.  PK_ENOMEM. */
int pk_diff_folded_profile(pk_profile **out, const pk_diff *d, pk_error *err);
int64_t pk_diff_total_before(const pk_diff *d);
int64_t pk_diff_total_after(const pk_diff *d);
/* The factor applied to before counts (1 when not normalising). */
double pk_diff_scale(const pk_diff *d);
bool pk_diff_normalized(const pk_diff *d);
/* True when the test runs on separate sample-count columns. */
bool pk_diff_has_counts(const pk_diff *d);
double pk_diff_confidence(const pk_diff *d);

/* How many runs each side sums (1 for pk_diff_new / _owning). */
size_t pk_diff_runs_before(const pk_diff *d);
size_t pk_diff_runs_after(const pk_diff *d);

/* Several runs a side: before[i]'s column before_types[i] (and, when
 * count_types is not NULL and count_types[i] >= 0, its sample counts in
 * that column) and the same for after.  All runs of a side must count the
 * same thing; the test uses counts when every run has them.  Inputs are
 * only read.  PK_EINVAL when a side has no run or a column is missing;
 * PK_ELIMIT; PK_ENOMEM. */
typedef struct pk_diff_side {
  const pk_profile *const *runs;
  size_t count;
  const size_t *types;
  const int *count_types;  /* may be NULL */
} pk_diff_side;
int pk_diff_new_runs(pk_diff **out, const pk_diff_side *before, const pk_diff_side *after,
                     const pk_diff_options *opts, pk_error *err);

/* As pk_diff_node_self (total false) or pk_diff_node_total, with the
 * p-value to show rather than to decide by (pk_change_p_value_shown; with
 * several runs a side the same t test): what a graph's tooltips print. */
pk_diff_change pk_diff_node_shown(const pk_diff *d, pk_id node, bool total);

/* Changes of a node's self and total values. */
pk_diff_change pk_diff_node_self(const pk_diff *d, pk_id node);
pk_diff_change pk_diff_node_total(const pk_diff *d, pk_id node);
/* How a graph colours a node: its self change's class, and the size of
 * its delta relative to the largest significant self delta, in [-1, 1]
 * (positive = grew).  0 for NONE and NOISE. */
double pk_diff_node_intensity(const pk_diff *d, pk_id node, pk_diff_class *cls);

/* How a graph draws a node (diff_paint.h gives each its own style). */
typedef enum pk_diff_mark {
  PK_MARK_NONE = 0,      /* no samples of its own, total unchanged: a pure caller */
  PK_MARK_NOISE = 1,     /* self and total changes both within noise */
  PK_MARK_SELF_GREW = 2, /* its own samples grew significantly */
  PK_MARK_SELF_SHRANK = 3,
  PK_MARK_TOTAL_GREW = 4,   /* own change is noise, inclusive change significant */
  PK_MARK_TOTAL_SHRANK = 5,
  PK_MARK_NEW = 6,       /* no samples before; total significant */
  PK_MARK_REMOVED = 7    /* no samples after (drawn with show_removed); total significant */
} pk_diff_mark;

/* The node's mark and its strength in [-1, 1] (positive = grew): self
 * marks relative to the largest significant self delta, total marks to
 * the largest total delta among total-only marks; +1 for NEW, -1 for
 * REMOVED, 0 for NONE and NOISE. */
pk_diff_mark pk_diff_node_mark(const pk_diff *d, pk_id node, double *intensity);

/* Functions (frames summed by name), in no particular order. */
size_t pk_diff_function_count(const pk_diff *d);
const char *pk_diff_function_name(const pk_diff *d, size_t i, size_t *len);
pk_diff_change pk_diff_function_self(const pk_diff *d, size_t i);
pk_diff_change pk_diff_function_total(const pk_diff *d, size_t i);

/* Indices of the functions with a significant change of self (by_total
 * false) or total, largest |delta_pp| first, at most `limit` (0 = all).
 * Returns the count written to idx (capacity pk_diff_function_count). */
size_t pk_diff_top(const pk_diff *d, bool by_total, size_t limit, size_t *idx);

/* ---- CI gates ---- */

typedef struct pk_diff_budget {
  const char *regex;   /* POSIX extended regex over frame names */
  double max_percent;  /* share of the second profile's total allowed */
} pk_diff_budget;

/* Parses "REGEX<=PCT" (split at the last "<="; PCT may end in '%').
 * out->regex is a copy: release it with pk_diff_budget_release.
 * PK_EINVAL with a message when malformed (the regex is compiled later). */
int pk_diff_parse_budget(pk_diff_budget *out, const char *text, pk_error *err);
void pk_diff_budget_release(pk_diff_budget *b);

#define PK_DIFF_GATES_VERSION 1

typedef struct pk_diff_gates {
  unsigned version;     /* PK_DIFF_GATES_VERSION, set by PK_DIFF_GATES_INIT */
  double fail_if_grown;          /* percentage points; negative = off */
  const pk_diff_budget *budgets;
  size_t budget_count;
} pk_diff_gates;

#define PK_DIFF_GATES_INIT {.version = PK_DIFF_GATES_VERSION, .fail_if_grown = -1.0, .budgets = NULL, .budget_count = 0}

typedef enum pk_breach_kind { PK_BREACH_GROWN = 0, PK_BREACH_BUDGET = 1 } pk_breach_kind;

typedef struct pk_diff_breach {
  pk_breach_kind kind;
  const char *what;   /* function name (GROWN) or the budget's regex (BUDGET) */
  size_t what_len;
  double value;       /* delta_pp (GROWN) or share after in percent (BUDGET) */
  double before;      /* share before in percent */
  double limit;
  double p_value;     /* GROWN only; 0 for budgets */
  bool flat;          /* GROWN: the self (flat) share grew; else the total (cum) share */
  size_t function;    /* GROWN: function index (pk_diff_function_*) */
  size_t context;     /* in breaches: how many of all_breaches folded into this one */
  size_t line;        /* in all_breaches: index of the line in breaches it folded into */
} pk_diff_breach;

typedef struct pk_diff_verdict {
  /* One line per regression: GROWN breaches on one call path fold into
   * the function where the time is spent (by decreasing value), then
   * budgets in order. */
  pk_diff_breach *breaches;
  size_t count;
  pk_diff_breach *all_breaches;  /* every GROWN breach before folding */
  size_t all_count;
  double *budget_share;      /* per budget: share after (percent) */
  double *budget_share_before;
  size_t budget_count;
} pk_diff_verdict;

/* Evaluates the gates.  PK_EINVAL (naming the regex) when a budget's regex
 * does not compile.  Release with pk_diff_verdict_release. */
int pk_diff_check(pk_diff_verdict *out, const pk_diff *d, const pk_diff_gates *gates,
                  pk_error *err);
void pk_diff_verdict_release(pk_diff_verdict *v);

/* Share (percent) of a column's root total whose stacks pass through a
 * frame matching re, each sample counted once.  PK_EINVAL if re is bad. */
int pk_profile_share_matching(double *out, const pk_profile *p, size_t type, const char *re,
                              pk_error *err);

/* ---- reports ---- */

#define PK_DIFF_REPORT_VERSION 1

typedef struct pk_diff_report {
  unsigned version;     /* PK_DIFF_REPORT_VERSION, set by PK_DIFF_REPORT_INIT */
  const char *before_name;   /* shown as given (escaped) */
  const char *after_name;
  size_t top;                /* rows per table; 0 = 10 */
  const pk_diff_gates *gates;          /* may be NULL */
  const pk_diff_verdict *verdict;      /* may be NULL */
} pk_diff_report;

#define PK_DIFF_REPORT_INIT {.version = PK_DIFF_REPORT_VERSION}

/* JSON (schema in docs/diff.md), Markdown (for a pull-request comment) and a
 * plain-text table.  Every name is escaped for its format.  PK_EIO when the
 * stream reports a write error. */
int pk_diff_write_json(FILE *out, const pk_diff *d, const pk_diff_report *r, pk_error *err);
int pk_diff_write_markdown(FILE *out, const pk_diff *d, const pk_diff_report *r, pk_error *err);
int pk_diff_write_text(FILE *out, const pk_diff *d, const pk_diff_report *r, pk_error *err);
/* One line of a verdict (breaches[i]) as plain text or Markdown: the
 * function, flat or cum, the shares before and after, p, and the breaches
 * folded into it (call-path context). */
void pk_diff_write_breach(FILE *out, const pk_diff_verdict *v, size_t i, bool markdown);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
