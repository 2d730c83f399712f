/*
 * heap_floor.c - the speed floor for reading a heap snapshot: converts
 * every integer in the file to a number and sums them, nothing else.
 * heap_bench.sh times heapdiff against it.  (read in 1 MiB blocks.)
 */
#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv) {
  FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
  if (!f) { fprintf(stderr, "usage: heap_floor FILE\n"); return 2; }
  static char buf[1 << 20];
  uint64_t sum = 0, count = 0, v = 0;
  int in_number = 0;
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    for (size_t i = 0; i < n; i++) {
      unsigned d = (unsigned)(buf[i] - '0');
      if (d < 10) { v = v * 10 + d; in_number = 1; }
      else if (in_number) { sum += v; count++; v = 0; in_number = 0; }
    }
  }
  if (in_number) { sum += v; count++; }
  fclose(f);
  printf("%llu integers, sum %llu\n", (unsigned long long)count, (unsigned long long)sum);
  return 0;
}
