/*
 * platform/phase_marks.h - phase marks for measuring the heap engine: with
 * PK_HEAP_PHASES set in the environment, each mark prints the seconds
 * since the first mark and the resident memory to stderr (how the figures
 * in docs/performance.md were taken).  Without it a mark is one test.
 */
#ifndef PK_HEAP_PHASE_H
#define PK_HEAP_PHASE_H

void heap_phase(const char *what);

#endif
