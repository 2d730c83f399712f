/*
 * thread_select.c - --thread / --process / --merge-threads for the readers
 * of multi-threaded formats (see thread_select.h).
 */
#include <stdio.h>
#include <string.h>

#include "formats/thread_select.h"

static int compile(regex_t *re, bool *has, const char *pattern, const char *option, const char *path, pk_error *err) {
  *has = false;
  if (!pattern) return PK_OK;
  if (regcomp(re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
    return pk_error_set(err, PK_EINVAL, path, PK_NO_POSITION, PK_NO_POSITION, "%s: '%s' is not a valid regex", option,
                        pattern);
  *has = true;
  return PK_OK;
}

int pk_thread_select_init(pk_thread_select *s, const pk_read_options *opts, const char *path, pk_error *err) {
  memset(s, 0, sizeof *s);
  if (!opts) return PK_OK;
  s->merge = opts->merge_threads;
  int rc = compile(&s->thread, &s->has_thread, opts->thread_regex, "--thread", path, err);
  if (rc == PK_OK) rc = compile(&s->process, &s->has_process, opts->process_regex, "--process", path, err);
  if (rc != PK_OK) pk_thread_select_free(s);
  return rc;
}

static bool matches(const regex_t *re, const char *name, int64_t id) {
  char digits[24];
  snprintf(digits, sizeof digits, "%lld", (long long)id);
  return (name && regexec(re, name, 0, NULL, 0) == 0) || regexec(re, digits, 0, NULL, 0) == 0;
}

bool pk_thread_select_keep(const pk_thread_select *s, const char *process_name, int64_t pid, const char *thread_name,
                           int64_t tid) {
  if (s->has_process && !matches(&s->process, process_name, pid)) return false;
  if (s->has_thread && !matches(&s->thread, thread_name, tid)) return false;
  return true;
}

void pk_thread_select_free(pk_thread_select *s) {
  if (s->has_thread) regfree(&s->thread);
  if (s->has_process) regfree(&s->process);
  s->has_thread = s->has_process = false;
}
