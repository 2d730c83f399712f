/*
 * model/top_table.c - pprof -top style table (see top.h).
 */
#include <string.h>

#include "profkit/escape.h"
#include "profkit/functions.h"
#include "profkit/top.h"

static double percent(int64_t v, int64_t total) { return total ? 100.0 * (double)v / (double)total : 0.0; }

int pk_top_write(FILE *out, const pk_profile *p, const pk_top_options *o, pk_error *err) {
  int version_rc = pk_error_check_version(err, "pk_top_options", o->version, PK_TOP_OPTIONS_VERSION);
  if (version_rc != PK_OK) return version_rc;
  if (o->type >= pk_profile_type_count(p))
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "no sample type %zu", o->type);
  pk_functions *f;
  int rc = pk_functions_build(&f, p, err);
  if (rc != PK_OK) return rc;
  pk_functions_sort(f, p, o->type, o->by_total);
  int64_t total = pk_profile_total(p, PK_ROOT)[o->type];
  size_t rows = o->limit && o->limit < f->count ? o->limit : f->count;
  int64_t shown = 0;
  for (size_t i = 0; i < rows; i++) shown += f->rows[i].self[o->type];
  /* the sample type and its unit: "(samples, count)", "(inuse_space, bytes)" */
  const char *type = pk_profile_string(p, pk_profile_type(p, o->type).type, NULL);
  const char *unit = pk_profile_string(p, pk_profile_type(p, o->type).unit, NULL);
  fprintf(out, "Showing %zu of %zu functions: %.2f%% of a total of %lld (", rows, f->count,
          percent(shown, total), (long long)total);
  pk_write_plain_text(out, type, strlen(type));
  fputs(", ", out);
  pk_write_plain_text(out, unit, strlen(unit));
  fprintf(out, "), sorted by %s\n", o->by_total ? "cum" : "flat");
  fprintf(out, "%12s %6s %6s %12s %6s\n", "flat", "flat%", "sum%", "cum", "cum%");
  int64_t sum = 0;
  for (size_t i = 0; i < rows; i++) {
    const pk_function_row *r = &f->rows[i];
    sum += r->self[o->type];
    fprintf(out, "%12lld %5.2f%% %5.2f%% %12lld %5.2f%%  ", (long long)r->self[o->type],
            percent(r->self[o->type], total), percent(sum, total), (long long)r->total[o->type],
            percent(r->total[o->type], total));
    size_t len;
    const char *name = pk_profile_string(p, r->name, &len);
    pk_write_plain_text(out, name, len);
    fputc('\n', out);
  }
  pk_functions_free(f);
  if (fflush(out) != 0 || ferror(out))
    return pk_error_set(err, PK_EIO, NULL, PK_NO_POSITION, PK_NO_POSITION, "write error");
  return PK_OK;
}
