/*
 * pkconv.c - test driver: read any profile, write it with a named writer.
 *
 *   pkconv [--pid|--tid|--kernel|--jit|--all|--addrs|--exclude-idle]
 *          [--sample-type NAME] [--types] FORMAT IN [OUT]
 *
 * FORMAT is a writer name (folded, pprof, speedscope).  --types prints
 * "type/unit" per sample type and the default's index instead; --dump the
 * whole parsed model as text (pk_profile_dump, for the model goldens).  The shell
 * tests use it so that they need only libprofile, not the renderers.
 * Exit 0 ok, 1 error (printed as FILE: byte N: message), 2 usage.
 */
#include <stdio.h>
#include <string.h>

#include "profkit/reader.h"
#include "profkit/writer.h"

static void on_warning(void *payload, const char *path, const char *message) {
  fprintf(stderr, "pkconv: %s: warning: %s\n", path, message);
}

int main(int argc, char **argv) {
  pk_read_options opts = PK_READ_OPTIONS_INIT;
  opts.warn = on_warning;
  const char *sample_type = NULL;
  bool types = false, dump = false;
  int i = 1;
  for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
    const char *o = argv[i] + 2;
    if (!strcmp(o, "pid")) opts.perf_pid = true;
    else if (!strcmp(o, "tid")) opts.perf_tid = true;
    else if (!strcmp(o, "kernel")) opts.perf_kernel = true;
    else if (!strcmp(o, "jit")) opts.perf_jit = true;
    else if (!strcmp(o, "all")) opts.perf_kernel = opts.perf_jit = true;
    else if (!strcmp(o, "addrs")) opts.perf_addrs = true;
    else if (!strcmp(o, "exclude-idle")) opts.exclude_idle = true;
    else if (!strcmp(o, "types")) types = true;
    else if (!strcmp(o, "dump")) dump = true;
    else if (!strcmp(o, "sample-type") && i + 1 < argc) sample_type = argv[++i];
    else {
      fprintf(stderr, "pkconv: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (argc - i < 2) {
    fprintf(stderr, "usage: pkconv [options] FORMAT IN [OUT]\n");
    return 2;
  }
  const pk_writer *w = pk_writer_by_name(argv[i]);
  if (!w && !types && !dump) {
    fprintf(stderr, "pkconv: no writer '%s'\n", argv[i]);
    return 2;
  }
  pk_error err;
  pk_error_clear(&err);
  pk_profile *p;
  char msg[2048];
  if (pk_read_profile(&p, argv[i + 1], &opts, &err) != PK_OK) {
    pk_error_format(&err, msg, sizeof msg);
    fprintf(stderr, "pkconv: %s\n", msg);
    return 1;
  }
  if (dump) {
    int rc = pk_profile_dump(stdout, p);
    pk_profile_free(p);
    return rc == PK_OK ? 0 : 1;
  }
  if (types) {
    for (size_t t = 0; t < pk_profile_type_count(p); t++) {
      pk_sample_type st = pk_profile_type(p, t);
      printf("%s/%s\n", pk_profile_string(p, st.type, NULL), pk_profile_string(p, st.unit, NULL));
    }
    printf("default %zu\n", pk_profile_default_type(p));
    pk_profile_free(p);
    return 0;
  }
  int type = sample_type ? pk_profile_find_type(p, sample_type) : (int)pk_profile_default_type(p);
  if (type < 0) {
    fprintf(stderr, "pkconv: no sample type '%s'\n", sample_type);
    pk_profile_free(p);
    return 1;
  }
  FILE *out = argc - i > 2 ? fopen(argv[i + 2], "wb") : stdout;
  int rc = out ? w->write(p, (size_t)type, out, &err) : PK_EIO;
  if (out && out != stdout && fclose(out) != 0) rc = PK_EIO;
  pk_profile_free(p);
  if (rc != PK_OK) {
    pk_error_format(&err, msg, sizeof msg);
    fprintf(stderr, "pkconv: write failed: %s\n", msg);
    return 1;
  }
  return 0;
}
