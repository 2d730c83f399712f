/*
 * platform/phase_marks.c - see platform/phase_marks.h.  The clock starts at the first mark;
 * resident memory comes from /proc/self/statm, the peak so far from VmHWM
 * in /proc/self/status (0 where there are none).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "platform/phase_marks.h"
#include "profkit/heap.h"

static FILE *log_to;  /* set before the work it measures starts, read by its threads */

void pk_heap_phase_log(FILE *out) { log_to = out; }

void heap_phase(const char *what) {
  static int started;
  static double start;
  struct timespec ts;
  FILE *out = log_to;
  if (!out) return;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
  if (!started) {
    started = 1;
    start = now;
  }
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    fclose(f);
  }
  long peak_kb = 0;
  char line[128];
  if ((f = fopen("/proc/self/status", "r"))) {
    while (fgets(line, sizeof line, f))
      if (sscanf(line, "VmHWM: %ld", &peak_kb) == 1) break;
    fclose(f);
  }
  fprintf(out, "[phase] %7.3f s %6ld MB (peak %4ld)  %s\n", now - start, resident * sysconf(_SC_PAGESIZE) / 1048576,
          peak_kb / 1024, what);
}
