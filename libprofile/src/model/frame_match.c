/*
 * model/frame_match.c - cached regex matching of frame names (see model/frame_match.h).
 */
#include <stdlib.h>
#include <string.h>

#include "model/frame_match.h"

int pk_frame_match_init(pk_frame_match *m, const pk_profile *p, const char *pattern,
                        const char *what, pk_error *err) {
  memset(m, 0, sizeof *m);
  int rc = regcomp(&m->re, pattern, REG_EXTENDED | REG_NOSUB);
  if (rc != 0) {
    char why[256];
    regerror(rc, &m->re, why, sizeof why);
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "%s: bad regular expression '%s': %s", what, pattern, why);
  }
  m->compiled = true;
  m->profile = p;
  m->frames = pk_profile_frame_count(p);
  m->cache = calloc(m->frames ? m->frames : 1, 1);
  if (!m->cache) {
    pk_frame_match_release(m);
    return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  return PK_OK;
}

bool pk_frame_match_frame(pk_frame_match *m, pk_id frame) {
  if (frame >= m->frames) return false;
  if (!m->cache[frame]) {
    const char *name = pk_profile_frame_name(m->profile, frame);
    m->cache[frame] = regexec(&m->re, name, 0, NULL, 0) == 0 ? 2 : 1;
  }
  return m->cache[frame] == 2;
}

void pk_frame_match_release(pk_frame_match *m) {
  if (m->compiled) regfree(&m->re);
  m->compiled = false;
  free(m->cache);
  m->cache = NULL;
}
