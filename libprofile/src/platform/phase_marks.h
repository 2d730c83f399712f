/*
 * platform/phase_marks.h - phase marks for measuring the heap engine: once
 * a caller has named a stream (pk_heap_phase_log, public in
 * profkit/heap.h; heapdiff does it when PK_HEAP_PHASES is set), each mark
 * writes the seconds since the first mark and the resident memory there
 * (how the figures in docs/performance.md were taken).  Without one a mark
 * is one test, and the library writes nothing.
 */
#ifndef PK_HEAP_PHASE_H
#define PK_HEAP_PHASE_H

void heap_phase(const char *what);

#endif
