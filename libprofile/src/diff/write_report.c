/*
 * diff/write_report.c - a differential profile as JSON, Markdown or a text table
 * (see diff.h; the JSON schema is in docs/diff.md).
 *
 * The three formats show the same facts in the same order: the inputs and
 * their totals, how they were compared (scale, confidence), the largest
 * significant changes by self and by total, and the gates' verdict.  JSON
 * is streamed (util/json_escape.h escapes names) rather than built as a jansson
 * tree: the report is small and flat, and names must survive invalid
 * UTF-8, which jansson refuses.  Numbers that can be infinite (a relative change from
 * zero) are written as null.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff_internal.h"
#include "util/json_escape.h"
#include "profkit/escape.h"

static const char *class_name(pk_diff_class c) {
  switch (c) {
    case PK_DIFF_GREW: return "grew";
    case PK_DIFF_SHRANK: return "shrank";
    case PK_DIFF_NOISE: return "noise";
    default: return "none";
  }
}

static int finish(FILE *out, pk_error *err) {
  if (fflush(out) != 0 || ferror(out))
    return pk_error_set(err, PK_EIO, NULL, PK_NO_POSITION, PK_NO_POSITION, "write error");
  return PK_OK;
}

static size_t top_limit(const pk_diff_report *r) { return r && r->top ? r->top : 10; }

/* Indices of the top functions by self or total (malloc'd; *found of them). */
static size_t *top_indices(const pk_diff *d, bool by_total, size_t limit, size_t *found) {
  size_t n = pk_diff_function_count(d);
  size_t *idx = malloc((n ? n : 1) * sizeof *idx);
  *found = idx ? pk_diff_top(d, by_total, limit, idx) : 0;
  return idx;
}

static void json_number(FILE *out, double v) {
  if (isfinite(v)) fprintf(out, "%.6g", v);
  else fputs("null", out);
}

static void json_field(FILE *out, const char *key, double v) {
  fprintf(out, ", \"%s\": ", key);
  json_number(out, v);
}

static void json_change(FILE *out, const pk_diff *d, size_t i, const pk_diff_change *c) {
  size_t len;
  const char *name = pk_diff_function_name(d, i, &len);
  fputs("{\"function\": ", out);
  pk_json_write_string(out, name, len);
  fprintf(out, ", \"before\": %lld, \"after\": %lld", (long long)c->before, (long long)c->after);
  if (d->has_counts)
    fprintf(out, ", \"samples_before\": %lld, \"samples_after\": %lld", (long long)c->count_before,
            (long long)c->count_after);
  json_field(out, "before_scaled", c->before_scaled);
  json_field(out, "delta", c->delta);
  json_field(out, "delta_percent", c->delta_rel);
  json_field(out, "share_before", c->share_before);
  json_field(out, "share_after", c->share_after);
  json_field(out, "delta_pp", c->delta_pp);
  json_field(out, "p_value", c->p_value);
  if (pk_diff_by_runs(d)) json_field(out, "dispersion", c->dispersion);
  fprintf(out, ", \"class\": \"%s\"}", class_name(c->cls));
}

static void json_top(FILE *out, const pk_diff *d, bool by_total, size_t limit) {
  size_t found;
  size_t *idx = top_indices(d, by_total, limit, &found);
  fputc('[', out);
  for (size_t k = 0; k < found; k++) {
    pk_diff_change c = by_total ? pk_diff_function_total(d, idx[k]) : pk_diff_function_self(d, idx[k]);
    fputs(k ? ",\n    " : "\n    ", out);
    json_change(out, d, idx[k], &c);
  }
  fputs(found ? "\n  ]" : "]", out);
  free(idx);
}

static void json_input(FILE *out, const char *key, const char *name, int64_t total) {
  fprintf(out, "  \"%s\": {\"name\": ", key);
  if (name) pk_json_write_string(out, name, strlen(name));
  else fputs("null", out);
  fprintf(out, ", \"total\": %lld},\n", (long long)total);
}

/* Breach records: the lines (with their context's names) or every GROWN
 * breach (with the index of the line it folded into). */
static void json_breaches(FILE *out, const pk_diff_verdict *v, const pk_diff_breach *list, size_t count,
                          bool lines) {
  for (size_t i = 0; i < count; i++) {
    const pk_diff_breach *b = &list[i];
    bool grown = b->kind == PK_BREACH_GROWN;
    fprintf(out, "%s{\"kind\": \"%s\", \"%s\": ", i ? ", " : "", grown ? "grown" : "budget",
            grown ? "function" : "regex");
    pk_json_write_string(out, b->what, b->what_len);
    if (grown) fprintf(out, ", \"measure\": \"%s\"", b->flat ? "flat" : "cum");
    json_field(out, "value", b->value);
    json_field(out, "before", b->before);
    if (grown) json_field(out, "after", b->before + b->value);
    json_field(out, "limit", b->limit);
    if (grown) json_field(out, "p_value", b->p_value);
    if (grown && lines) {
      fputs(", \"context\": [", out);
      size_t n = 0;
      for (size_t j = 0; j < v->all_count; j++) {
        const pk_diff_breach *c = &v->all_breaches[j];
        if (c->line != i || c->function == b->function) continue;
        fputs(n++ ? ", " : "", out);
        pk_json_write_string(out, c->what, c->what_len);
      }
      fputc(']', out);
    }
    if (grown && !lines) fprintf(out, ", \"line\": %zu", b->line);
    fputc('}', out);
  }
}

static void json_gates(FILE *out, const pk_diff_report *r) {
  const pk_diff_gates *g = r->gates;
  const pk_diff_verdict *v = r->verdict;
  fprintf(out, "  \"gates\": {\"passed\": %s, \"fail_if_grown\": ", v->count ? "false" : "true");
  if (g && g->fail_if_grown >= 0) json_number(out, g->fail_if_grown);
  else fputs("null", out);
  fputs(", \"budgets\": [", out);
  for (size_t i = 0; g && i < g->budget_count && i < v->budget_count; i++) {
    fputs(i ? ", {\"regex\": " : "{\"regex\": ", out);
    pk_json_write_string(out, g->budgets[i].regex, strlen(g->budgets[i].regex));
    json_field(out, "limit", g->budgets[i].max_percent);
    json_field(out, "share_before", v->budget_share_before[i]);
    json_field(out, "share_after", v->budget_share[i]);
    fprintf(out, ", \"passed\": %s}", v->budget_share[i] > g->budgets[i].max_percent ? "false" : "true");
  }
  fputs("], \"breaches\": [", out);
  json_breaches(out, v, v->breaches, v->count, true);
  fputs("], \"all_breaches\": [", out);
  json_breaches(out, v, v->all_breaches, v->all_count, false);
  fputs("]}\n", out);
}

int pk_diff_write_json(FILE *out, const pk_diff *d, const pk_diff_report *r, pk_error *err) {
  if (r && r->version > PK_DIFF_REPORT_VERSION)
    return pk_error_check_version(err, "pk_diff_report", r->version, PK_DIFF_REPORT_VERSION);
  size_t limit = top_limit(r);
  const pk_profile *p = d->profile;
  fputs("{\n  \"schema\": \"profkit-diff/1\",\n", out);
  json_input(out, "before", r ? r->before_name : NULL, d->total_before);
  json_input(out, "after", r ? r->after_name : NULL, d->total_after);
  fputs("  \"unit\": ", out);
  size_t ulen;
  const char *unit = pk_profile_string(p, pk_profile_type(p, PK_DIFF_AFTER).unit, &ulen);
  pk_json_write_string(out, unit, ulen);
  fprintf(out, ",\n  \"tested_on\": \"%s\"", d->has_counts ? "sample_counts" : "values");
  fprintf(out, ",\n  \"normalized\": %s,\n  \"scale\": ", d->normalized ? "true" : "false");
  json_number(out, d->scale);
  fputs(",\n  \"confidence\": ", out);
  json_number(out, 1.0 - d->alpha);
  fprintf(out, ",\n  \"runs\": {\"before\": %zu, \"after\": %zu, \"run_to_run_noise\": \"%s\"}",
          d->runs_before, d->runs_after, pk_diff_by_runs(d) ? "measured" : "unknown");
  fputs(",\n  \"top_self\": ", out);
  json_top(out, d, false, limit);
  fputs(",\n  \"top_total\": ", out);
  json_top(out, d, true, limit);
  if (r && r->verdict) {
    fputs(",\n", out);
    json_gates(out, r);
  } else {
    fputc('\n', out);
  }
  fputs("}\n", out);
  return finish(out, err);
}

/* ---- Markdown and text share the table shape ---- */

typedef void (*text_writer)(FILE *out, const char *s, size_t len);

static void table(FILE *out, const pk_diff *d, bool by_total, size_t limit, bool markdown) {
  size_t found;
  size_t *idx = top_indices(d, by_total, limit, &found);
  const char *what = by_total ? "total (inclusive)" : "self";
  if (markdown) fprintf(out, "\n#### Largest significant changes by %s\n\n", what);
  else fprintf(out, "\nLargest significant changes by %s:\n", what);
  if (!found) {
    fputs(markdown ? "_None._\n" : "  none\n", out);
    free(idx);
    return;
  }
  if (markdown)
    fputs("| Function | Before | After | Change | Share before | Share after | Δ points | p |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|\n", out);
  else
    fprintf(out, "%12s %12s %9s %9s %9s %9s %10s  %s\n", "before", "after", "change", "share0",
            "share1", "delta_pp", "p", "function");
  text_writer write_name = markdown ? pk_write_markdown_text : pk_write_plain_text;
  for (size_t k = 0; k < found; k++) {
    pk_diff_change c = by_total ? pk_diff_function_total(d, idx[k]) : pk_diff_function_self(d, idx[k]);
    size_t len;
    const char *name = pk_diff_function_name(d, idx[k], &len);
    char rel[32];
    if (isfinite(c.delta_rel)) snprintf(rel, sizeof rel, "%+.1f%%", c.delta_rel);
    else snprintf(rel, sizeof rel, "new");
    if (markdown) {
      fputs("| ", out);
      write_name(out, name, len);
      fprintf(out, " | %lld | %lld | %s | %.2f%% | %.2f%% | %+.2f | %.2g |\n", (long long)c.before,
              (long long)c.after, rel, c.share_before, c.share_after, c.delta_pp, c.p_value);
    } else {
      fprintf(out, "%12lld %12lld %9s %8.2f%% %8.2f%% %+9.2f %10.2g  ", (long long)c.before,
              (long long)c.after, rel, c.share_before, c.share_after, c.delta_pp, c.p_value);
      write_name(out, name, len);
      fputc('\n', out);
    }
  }
  free(idx);
}

void pk_diff_write_breach(FILE *out, const pk_diff_verdict *v, size_t i, bool markdown) {
  text_writer write_name = markdown ? pk_write_markdown_text : pk_write_plain_text;
  const pk_diff_breach *b = &v->breaches[i];
  if (b->kind != PK_BREACH_GROWN) {
    fputs("budget: ", out);
    write_name(out, b->what, b->what_len);
    fprintf(out, " at %.2f%% of total (was %.2f%%), limit %.2f%%\n", b->value, b->before, b->limit);
    return;
  }
  fputs("grew: ", out);
  write_name(out, b->what, b->what_len);
  fprintf(out, " %+.2f points of %s (%s %.2f%% -> %.2f%%, p=%.2g), limit %.2f", b->value,
          b->flat ? "self" : "total", b->flat ? "flat" : "cum", b->before, b->before + b->value,
          b->p_value, b->limit);
  if (b->context) {
    fprintf(out, "; on its call path also: ");
    size_t shown = 0;
    for (size_t j = 0; j < v->all_count && shown < 5; j++) {
      const pk_diff_breach *c = &v->all_breaches[j];
      if (c->line != i || c->function == b->function) continue;
      fputs(shown++ ? ", " : "", out);
      write_name(out, c->what, c->what_len);
    }
    if (b->context > shown) fprintf(out, " (+%zu more)", b->context - shown);
  }
  fputc('\n', out);
}

static void verdict_lines(FILE *out, const pk_diff_report *r, bool markdown) {
  const pk_diff_verdict *v = r->verdict;
  if (!v) return;
  if (!v->count) {
    fputs(markdown ? "\n**CI gates: passed.**\n" : "\nCI gates: passed\n", out);
    return;
  }
  fprintf(out, markdown ? "\n**CI gates: %zu breach%s.**\n\n" : "\nCI gates: %zu breach%s\n", v->count,
          v->count == 1 ? "" : "es");
  for (size_t i = 0; i < v->count; i++) {
    fputs(markdown ? "- " : "  ", out);
    pk_diff_write_breach(out, v, i, markdown);
  }
}

static void header(FILE *out, const pk_diff *d, const pk_diff_report *r, bool markdown) {
  const char *before = r && r->before_name ? r->before_name : "before";
  const char *after = r && r->after_name ? r->after_name : "after";
  text_writer write_name = markdown ? pk_write_markdown_text : pk_write_plain_text;
  fputs(markdown ? "### Profile diff: " : "Profile diff: ", out);
  write_name(out, before, strlen(before));
  fputs(" -> ", out);
  write_name(out, after, strlen(after));
  fprintf(out, "\n%sTotals: %lld before, %lld after", markdown ? "\n" : "", (long long)d->total_before,
          (long long)d->total_after);
  if (d->normalized) fprintf(out, "; before scaled by %.4g", d->scale);
  if (pk_diff_by_runs(d))
    fprintf(out, ". Changes are significant at %g%% confidence against the run-to-run spread of %zu and %zu "
            "runs (quasi-binomial t test on %s).\n", 100.0 * (1.0 - d->alpha), d->runs_before,
            d->runs_after, d->has_counts ? "the sample counts" : "the counts");
  else
    fprintf(out, ". Changes are significant at %g%% confidence (binomial test on %s).\n%s"
            "Run-to-run noise is unknown (%zu and %zu run%s): only sampling noise is tested. Record 3 or "
            "more runs a side (directories, or repeated --before/--after) to measure it.\n",
            100.0 * (1.0 - d->alpha), d->has_counts ? "the sample counts" : "the counts",
            markdown ? "\n" : "", d->runs_before, d->runs_after,
            d->runs_before + d->runs_after == 2 ? " a side" : "s");
}

static int write_tables(FILE *out, const pk_diff *d, const pk_diff_report *r, bool markdown,
                        pk_error *err) {
  if (r && r->version > PK_DIFF_REPORT_VERSION)
    return pk_error_check_version(err, "pk_diff_report", r->version, PK_DIFF_REPORT_VERSION);
  header(out, d, r, markdown);
  if (r) verdict_lines(out, r, markdown);
  table(out, d, false, top_limit(r), markdown);
  table(out, d, true, top_limit(r), markdown);
  return finish(out, err);
}

int pk_diff_write_markdown(FILE *out, const pk_diff *d, const pk_diff_report *r, pk_error *err) {
  return write_tables(out, d, r, true, err);
}

int pk_diff_write_text(FILE *out, const pk_diff *d, const pk_diff_report *r, pk_error *err) {
  return write_tables(out, d, r, false, err);
}
