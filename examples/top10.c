/*
 * top10.c - embedding libprofkit: read any profile, print its top 10
 * functions by self value.
 *
 *   top10 PROFILE [SAMPLE_TYPE]
 *
 * The format (folded, pprof, .cpuprofile, perf script, ...) is detected
 * from the content; gzip is read transparently.  Built against an
 * installed profkit, either way:
 *
 *   cc top10.c -o top10 $(pkg-config --cflags --libs profkit)
 *   cmake -S examples -B build-ex && cmake --build build-ex   (find_package)
 */
#include <profkit/profkit.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: top10 PROFILE [SAMPLE_TYPE]\n(profkit %s)\n", pk_version());
    return 2;
  }
  pk_error err;
  pk_profile *profile = NULL;
  pk_read_options read = PK_READ_OPTIONS_INIT;
  if (pk_read_profile(&profile, argv[1], &read, &err) != PK_OK) {
    char message[2048];
    pk_error_format(&err, message, sizeof message);
    fprintf(stderr, "top10: %s\n", message);
    return 1;
  }
  int type = argc == 3 ? pk_profile_find_type(profile, argv[2]) : (int)pk_profile_default_type(profile);
  if (type < 0) {
    fprintf(stderr, "top10: %s: no sample type '%s'\n", argv[1], argv[2]);
    pk_profile_free(profile);
    return 2;
  }
  pk_top_options top = PK_TOP_OPTIONS_INIT;
  top.type = (size_t)type;
  top.limit = 10;
  int rc = pk_top_write(stdout, profile, &top, &err);
  if (rc != PK_OK) {
    char message[2048];
    pk_error_format(&err, message, sizeof message);
    fprintf(stderr, "top10: %s\n", message);
  }
  pk_profile_free(profile);
  return rc == PK_OK ? 0 : 1;
}
