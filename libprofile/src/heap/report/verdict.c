/*
 * heap/report/verdict.c - leak, growth, churn, shrink or stable, with the reason.
 *
 * The rules are those of heap_report.h, applied in that order.  Over two
 * snapshots a leak needs new objects that hold at least half of the
 * class's retained growth (otherwise existing objects grew: "growth").
 * Over three or more it also needs a retained size that never shrank and
 * objects born between the first two snapshots still alive in the last.
 */
#include <stdio.h>
#include <stdlib.h>

#include "heap/report/report_internal.h"
#include "heap/report/heap_causes.h"

const char *pk_heap_verdict_name(pk_heap_verdict v) {
  switch (v) {
    case PK_HEAP_LEAK: return "leak";
    case PK_HEAP_GROWTH: return "growth";
    case PK_HEAP_CHURN: return "churn";
    case PK_HEAP_SHRINK: return "shrink";
    case PK_HEAP_BOUNDED: return "bounded";
    case PK_HEAP_ENGINE: return "engine";
    default: return "stable";
  }
}

void heap_verdict(pk_heap_class_row *row, size_t n, const pk_heap_verdict_options *o) {
  char grown[32], held[32], alloc[32], freed[32];
  pk_heap_format_size(grown, sizeof grown, row->retained_delta, true);
  pk_heap_format_size(held, sizeof held, (int64_t)row->new_retained, false);
  pk_heap_format_size(alloc, sizeof alloc, (int64_t)row->alloc_size, false);
  pk_heap_format_size(freed, sizeof freed, (int64_t)row->freed_size, false);
  int64_t delta = row->retained_delta;
  uint64_t turnover = row->alloc_size > row->freed_size ? row->alloc_size : row->freed_size;
  row->verdict = PK_HEAP_STABLE;
  if (n < 2) {
    snprintf(row->reason, sizeof row->reason, "single snapshot");
    return;
  }
  if (delta >= (int64_t)o->min_growth) {
    int enough_new = row->new_count >= o->min_new && row->count_delta > 0;
    int new_hold = row->new_retained * 2 >= (uint64_t)delta;
    if (n == 2 && enough_new && new_hold) {
      row->verdict = PK_HEAP_LEAK;
      snprintf(row->reason, sizeof row->reason,
               "%llu new objects survive (net %+lld) and retained size grew %s; the new objects retain %s",
               (unsigned long long)row->new_count, (long long)row->count_delta, grown, held);
    } else if (n >= 3 && enough_new && row->monotonic && row->survivors > 0) {
      row->verdict = PK_HEAP_LEAK;
      char slope[32];
      pk_heap_format_size(slope, sizeof slope, (int64_t)row->slope, true);
      snprintf(row->reason, sizeof row->reason,
               "retained size grew in every snapshot (%s in all, %s per snapshot); %llu objects born "
               "between the first two snapshots are still alive in the last",
               grown, slope, (unsigned long long)row->survivors);
    } else {
      row->verdict = PK_HEAP_GROWTH;
      const char *why = !enough_new ? "but few new objects survive (existing objects grew)"
                        : n == 2    ? "but the new objects hold less than half of the growth"
                        : !row->monotonic ? "but not in every snapshot"
                                          : "but no object from the first interval survived";
      snprintf(row->reason, sizeof row->reason, "retained size grew %s (%llu new, %llu deleted) %s", grown,
               (unsigned long long)row->new_count, (unsigned long long)row->deleted_count, why);
    }
    return;
  }
  if (row->new_count >= o->min_new && row->deleted_count >= o->min_new &&
      (double)llabs(delta) <= o->tolerance * (double)turnover) {
    row->verdict = PK_HEAP_CHURN;
    snprintf(row->reason, sizeof row->reason,
             "%llu new and %llu deleted objects (%s allocated, %s freed) but retained size changed only %s",
             (unsigned long long)row->new_count, (unsigned long long)row->deleted_count, alloc, freed, grown);
    return;
  }
  if (delta <= -(int64_t)o->min_growth) {
    row->verdict = PK_HEAP_SHRINK;
    snprintf(row->reason, sizeof row->reason, "retained size fell %s (%llu deleted)", grown,
             (unsigned long long)row->deleted_count);
    return;
  }
  snprintf(row->reason, sizeof row->reason, "retained size changed %s (%llu new, %llu deleted)", grown,
           (unsigned long long)row->new_count, (unsigned long long)row->deleted_count);
}

void heap_verdict_by_causes(pk_heap_class_row *row, uint64_t leak_new, uint64_t bounded_new) {
  if (row->verdict != PK_HEAP_LEAK && row->verdict != PK_HEAP_GROWTH) return;
  if (heap_class_is_engine(row->name)) {
    row->verdict = PK_HEAP_ENGINE;
    snprintf(row->reason, sizeof row->reason,
             "the engine's own objects (%llu new, %llu deleted): counted in the cause that holds them, never a "
             "leak on their own",
             (unsigned long long)row->new_count, (unsigned long long)row->deleted_count);
    return;
  }
  if (row->verdict != PK_HEAP_LEAK || leak_new * 2 >= row->new_count) return;
  if (bounded_new * 2 >= row->new_count) {
    row->verdict = PK_HEAP_BOUNDED;
    snprintf(row->reason, sizeof row->reason,
             "%llu new and %llu deleted objects: most new ones replace evicted ones under one holder (bounded "
             "cause)",
             (unsigned long long)row->new_count, (unsigned long long)row->deleted_count);
  } else {
    row->verdict = PK_HEAP_GROWTH;
    snprintf(row->reason, sizeof row->reason,
             "%llu new objects, but only %llu of them are held by a leaking retainer",
             (unsigned long long)row->new_count, (unsigned long long)leak_new);
  }
}
