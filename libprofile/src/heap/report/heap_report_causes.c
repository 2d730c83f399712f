/*
 * heap_report_causes.c - the causes of a heap report as the first lines of
 * the text report and as the "leaks" / "causes" arrays of the JSON one.
 *
 * Text: one verdict line ("1 leak", or "no leak" with what else was seen),
 * then per cause its verdict, the holder with what it holds ("Map `pending`
 * holds 2000 RequestContext, 2000 {host} ... and what they own: +478.2
 * kB"), the holder's retainer path and the reason, each line cut to the
 * width.  Names pass through heap_report_safe_name (repaired to valid UTF-8).
 */
#include <inttypes.h>
#include <string.h>

#include "heap/report/report_internal.h"
#include "heap/report/heap_report_causes.h"

#define CLASSES_SHOWN 4
#define CAUSES_SHOWN 10

int pk_heap_cause_class_label(char *buf, size_t size, const pk_heap_cause_class *c) {
  if (!c->file) return snprintf(buf, size, "%s", c->name);
  return snprintf(buf, size, "%.200s @ %.700s:%u:%u", c->name, *c->file ? c->file : "(unnamed script)", c->line,
                  c->column);
}

static void counts_line(char *buf, size_t size, const pk_heap_cause *c) {
  size_t len = 0;
  buf[0] = '\0';
  for (size_t k = 0; k < c->n_classes && k < CLASSES_SHOWN && len < size; k++) {
    len += (size_t)snprintf(buf + len, size - len, "%s%" PRIu64 " ", k ? ", " : "", c->classes[k].count);
    if (len < size) len += (size_t)pk_heap_cause_class_label(buf + len, size - len, &c->classes[k]);
  }
  if (c->n_classes > CLASSES_SHOWN && len < size)
    snprintf(buf + len, size - len, " and %zu more classes", c->n_classes - CLASSES_SHOWN);
}

/* Prints prefix + text cut to width with "...". */
static void cut_line(FILE *out, const char *prefix, const char *text, size_t width) {
  char line[2048];
  snprintf(line, sizeof line, "%.40s%.1900s", prefix, text);
  heap_report_safe_name(line, line, width < sizeof line ? width : sizeof line - 1);
  fprintf(out, "%s\n", line);
}

void heap_report_causes_text(FILE *out, const pk_heap_report *r, size_t width) {
  if (r->n_snapshots < 2) return;
  size_t counts[8] = {0};
  for (size_t i = 0; i < r->n_causes; i++) counts[r->causes[i].verdict]++;
  char head[512];
  if (r->n_leaks)
    snprintf(head, sizeof head, "Verdict: %zu leak%s", r->n_leaks, r->n_leaks == 1 ? "" : "s");
  else
    snprintf(head, sizeof head, "Verdict: no leak");
  size_t len = strlen(head);
  static const pk_heap_verdict others[] = {PK_HEAP_BOUNDED, PK_HEAP_GROWTH, PK_HEAP_CHURN, PK_HEAP_ENGINE};
  for (size_t i = 0; i < 4; i++)
    if (counts[others[i]])
      len += (size_t)snprintf(head + len, sizeof head - len, "%s %zu %s", len > 16 ? "," : ";", counts[others[i]],
                              pk_heap_verdict_name(others[i]));
  cut_line(out, "", head, width);
  if (r->warning[0]) cut_line(out, "warning: ", r->warning, width);
  for (size_t i = 0; i < r->n_causes && i < CAUSES_SHOWN; i++) {
    const pk_heap_cause *c = &r->causes[i];
    char held[1024], net[32], text[1600];
    counts_line(held, sizeof held, c);
    pk_heap_format_size(net, sizeof net, c->net_bytes, true);
    snprintf(text, sizeof text, "%-8s %s holds %s and what they own: %s", pk_heap_verdict_name(c->verdict), c->holder,
             held, net);
    cut_line(out, "  ", text, width);
    if (c->path[0]) cut_line(out, "           path: ", c->path, width);
    cut_line(out, "           why: ", c->reason, width);
  }
  if (r->n_causes > CAUSES_SHOWN) fprintf(out, "  (%zu more causes in --json)\n", r->n_causes - CAUSES_SHOWN);
  fputc('\n', out);
}

/* A closure's definition site as separate fields (nothing for other classes). */
static void json_site(FILE *out, const pk_heap_cause_class *cls) {
  if (!cls->file) return;
  fprintf(out, ", \"function\": ");
  heap_report_json_string(out, cls->function);
  fprintf(out, ", \"file\": ");
  heap_report_json_string(out, cls->file);
  fprintf(out, ", \"line\": %u, \"column\": %u", cls->line, cls->column);
  if (!cls->generated_file) return;
  fprintf(out, ", \"generated_file\": ");
  heap_report_json_string(out, cls->generated_file);
  fprintf(out, ", \"generated_line\": %u, \"generated_column\": %u", cls->generated_line, cls->generated_column);
}

static void json_cause(FILE *out, const pk_heap_report *r, const pk_heap_cause *c) {
  fprintf(out, "    {\"verdict\": \"%s\", \"holder\": ", pk_heap_verdict_name(c->verdict));
  heap_report_json_string(out, c->holder);
  fprintf(out, ", \"path\": ");
  heap_report_json_string(out, c->path);
  fprintf(out, ", \"reason\": ");
  heap_report_json_string(out, c->reason);
  fprintf(out,
          ", \"new\": %" PRIu64 ", \"new_size\": %" PRIu64 ", \"deleted\": %" PRIu64 ", \"deleted_size\": %" PRIu64
          ", \"net_size\": %" PRId64 ", \"holder_retained\": [",
          c->new_count, c->new_bytes, c->deleted_count, c->deleted_bytes, c->net_bytes);
  for (size_t s = 0; s < r->n_snapshots; s++) fprintf(out, "%s%" PRIu64, s ? ", " : "", c->holder_retained[s]);
  fprintf(out, "], \"classes\": [");
  for (size_t k = 0; k < c->n_classes; k++) {
    fprintf(out, "%s{\"name\": ", k ? ", " : "");
    heap_report_json_string(out, c->classes[k].name);
    fprintf(out, ", \"count\": %" PRIu64 ", \"size\": %" PRIu64, c->classes[k].count, c->classes[k].bytes);
    json_site(out, &c->classes[k]);
    fputc('}', out);
  }
  fprintf(out, "]}");
}

void heap_report_causes_json(FILE *out, const pk_heap_report *r) {
  fprintf(out, "  \"warning\": ");
  heap_report_json_string(out, r->warning);
  fprintf(out, ",\n  \"leak_count\": %zu,\n  \"leaks\": [\n", r->n_leaks);
  size_t shown = 0;
  for (size_t i = 0; i < r->n_causes; i++) {
    if (r->causes[i].verdict != PK_HEAP_LEAK) continue;
    fprintf(out, "%s", shown++ ? ",\n" : "");
    json_cause(out, r, &r->causes[i]);
  }
  fprintf(out, "%s  ],\n  \"causes\": [\n", shown ? "\n" : "");
  for (size_t i = 0; i < r->n_causes; i++) {
    json_cause(out, r, &r->causes[i]);
    fprintf(out, "%s\n", i + 1 < r->n_causes ? "," : "");
  }
  fprintf(out, "  ],\n");
}
