/*
 * model/frame_match.h - a POSIX regex over frame names, answered once per frame
 * (internal).
 *
 * Filters and budgets ask "does this node's frame match?" for every node;
 * the answer depends only on the frame, so it is cached per frame id.  The
 * pattern is an extended regex (regcomp REG_EXTENDED | REG_NOSUB) matched
 * anywhere in the name, as pprof's --focus and friends do.
 */
#ifndef PK_FRAME_MATCH_H
#define PK_FRAME_MATCH_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "profkit/profile.h"

typedef struct pk_frame_match {
  regex_t re;
  bool compiled;
  uint8_t *cache;   /* per frame: 0 unknown, 1 no, 2 yes */
  size_t frames;
  const pk_profile *profile;
} pk_frame_match;

/* Compiles pattern for frames of p.  `what` names the option in errors
 * ("--focus").  PK_EINVAL with regerror's text, or PK_ENOMEM. */
int pk_frame_match_init(pk_frame_match *m, const pk_profile *p, const char *pattern,
                        const char *what, pk_error *err);
bool pk_frame_match_frame(pk_frame_match *m, pk_id frame);
/* Releases the regex and cache; safe on a zeroed or released matcher. */
void pk_frame_match_release(pk_frame_match *m);

#endif
