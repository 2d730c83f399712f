/*
 * cli.c - option tables, help text and error printing for the tools.
 *
 * pk_cli_parse builds getopt_long's option array from the table (ids are
 * the table indexes plus 256, so short and long spellings meet in one
 * switch in the tool's handler).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "progress.h"
#include "profkit/source.h"
#include "profkit/version.h"

static const char *tool_name = "profkit";

void pk_cli_set_tool(const char *tool) { tool_name = tool; }
const char *pk_cli_tool(void) { return tool_name; }

void pk_cli_error(const pk_error *err) {
  pk_cli_progress_clear();
  char line[2048];
  pk_error_format(err, line, sizeof line);
  fprintf(stderr, "%s: %s\n", tool_name, line);
}

void pk_cli_fail(const char *fmt, ...) {
  va_list ap;
  pk_cli_progress_clear();
  va_start(ap, fmt);
  fprintf(stderr, "%s: ", tool_name);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

void pk_cli_warn(void *payload, const char *path, const char *message) {
  pk_cli_progress_clear();
  fprintf(stderr, "%s: warning: %s: %s\n", tool_name, path, message);
}

void pk_cli_version(void) { printf("%s (profkit) %s\n", tool_name, pk_version()); }

int pk_cli_parse(int argc, char **argv, const pk_cli_option *options, pk_cli_handler handler,
                 void *payload, int *first) {
  size_t n = 0;
  while (options[n].name) n++;
  struct option *longs = calloc(n + 1, sizeof *longs);
  char *shorts = calloc(3 * n + 2, 1);
  if (!longs || !shorts) {
    free(longs);
    free(shorts);
    pk_cli_fail("out of memory");
    return PK_EXIT_FAILURE;
  }
  size_t s = 0;
  shorts[s++] = ':';
  for (size_t i = 0; i < n; i++) {
    longs[i].name = options[i].name;
    longs[i].has_arg = options[i].arg ? required_argument : no_argument;
    longs[i].val = (int)(256 + i);
    if (options[i].short_name) {
      shorts[s++] = options[i].short_name;
      if (options[i].arg) shorts[s++] = ':';
    }
  }
  int rc = 0, c, index;
  opterr = 0;
  while (rc == 0 && (c = getopt_long(argc, argv, shorts, longs, &index)) != -1) {
    if (c == '?' || c == ':') {
      const char *what = optopt ? NULL : argv[optind - 1];
      if (c == ':')
        pk_cli_fail("option %s%c needs a value (see --help)", optopt ? "-" : "", optopt ? optopt : ' ');
      else if (what)
        pk_cli_fail("unknown option '%s' (see --help)", what);
      else
        pk_cli_fail("unknown option '-%c' (see --help)", optopt);
      rc = PK_EXIT_USAGE;
      break;
    }
    size_t i = 0;
    if (c >= 256) {
      i = (size_t)(c - 256);
    } else {
      while (i < n && options[i].short_name != c) i++;
    }
    rc = handler(payload, options[i].id, optarg);
  }
  *first = optind;
  free(longs);
  free(shorts);
  return rc;
}

void pk_cli_usage(FILE *out, const char *synopsis, const char *description,
                  const pk_cli_option *options, const char *gates) {
  fprintf(out, "usage: %s %s\n\n%s\n\noptions:\n", tool_name, synopsis, description);
  for (const pk_cli_option *o = options; o->name; o++) {
    char left[64];
    snprintf(left, sizeof left, "%s%c%s--%s%s%s", o->short_name ? "-" : "",
             o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ", o->name,
             o->arg ? " " : "", o->arg ? o->arg : "");
    fprintf(out, "  %-28s %s\n", left, o->help);
  }
  fprintf(out, "\nexit status:\n"
               "  0  success\n"
               "  1  bad input or failure (the message names the file and position)\n"
               "  2  usage error: an unknown flag, a bad value, or flags that cannot be combined\n");
  if (gates) fprintf(out, "  3  a CI gate was breached (%s)\n", gates);
}

bool pk_cli_double(const char *option, const char *value, double min, double max, double *out) {
  char *end;
  double v = strtod(value, &end);
  if (end == value || *end || isnan(v) || v < min || v > max) {
    pk_cli_fail("--%s: '%s' is not a number from %g to %g", option, value, min, max);
    return false;
  }
  *out = v;
  return true;
}

bool pk_cli_size(const char *option, const char *value, unsigned long long *out) {
  int64_t v = pk_parse_size(value);
  if (v < 0) {
    pk_cli_fail("--%s: '%s' is not a size (e.g. 512M, 2G)", option, value);
    return false;
  }
  *out = (unsigned long long)v;
  return true;
}

int pk_cli_exit_for(int status) {
  if (status == PK_OK) return PK_EXIT_OK;
  if (status == PK_EINVAL) return PK_EXIT_USAGE;
  return PK_EXIT_FAILURE;
}

static bool paths_push(pk_cli_paths *list, const char *path) {
  if (list->count == list->cap) {
    size_t ncap = list->cap ? list->cap * 2 : 8;
    char **np = realloc(list->paths, ncap * sizeof *np);
    if (!np) return false;
    list->paths = np;
    list->cap = ncap;
  }
  char *copy = strdup(path);
  if (!copy) return false;
  list->paths[list->count++] = copy;
  return true;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

bool pk_cli_paths_add(pk_cli_paths *list, const char *path) {
  struct stat st;
  if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
    if (paths_push(list, path)) return true;
    pk_cli_fail("out of memory");
    return false;
  }
  DIR *dir = opendir(path);
  if (!dir) {
    pk_cli_fail("%s: cannot read the directory: %s", path, strerror(errno));
    return false;
  }
  size_t first = list->count;
  bool ok = true;
  for (struct dirent *e; ok && (e = readdir(dir));) {
    if (e->d_name[0] == '.') continue;
    size_t len = strlen(path) + strlen(e->d_name) + 2;
    char *full = malloc(len);
    if (!full) {
      ok = false;
      break;
    }
    snprintf(full, len, "%s/%s", path, e->d_name);
    if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) ok = paths_push(list, full);
    free(full);
  }
  closedir(dir);
  if (!ok) {
    pk_cli_fail("out of memory");
    return false;
  }
  if (list->count == first) {
    pk_cli_fail("%s: the directory holds no profile", path);
    return false;
  }
  qsort(list->paths + first, list->count - first, sizeof *list->paths, by_name);
  return true;
}

void pk_cli_paths_free(pk_cli_paths *list) {
  for (size_t i = 0; i < list->count; i++) free(list->paths[i]);
  free(list->paths);
  memset(list, 0, sizeof *list);
}

const char *pk_cli_extension(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  return dot && dot != base ? dot : NULL;
}
