/*
 * progress.h - the progress line every tool shows on a terminal.
 *
 * The library reports (pk_progress callbacks); this prints.  A printer is
 * started once per run: when stderr is a terminal (or --progress forces
 * it), a helper thread redraws one line on stderr every 100 ms once the run
 * has taken a second -- "TOOL: PHASE FILE: 312 MB of 1.0 GB (30%)" -- from
 * the last state reported, and pk_cli_progress_stop clears it.  Nothing
 * is ever printed into a pipe or a CI log unless --progress is given; then
 * the line is rewritten at most once a second and each ends with a
 * newline, as logs want.  PK_PROGRESS_AFTER=SECONDS changes the one-second
 * wait (the tests use 0).
 */
#ifndef PK_CLI_PROGRESS_H
#define PK_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "profkit/progress.h"

/* Starts the printer (forced: --progress was given); returns the
 * pk_progress to put into the library's options (reports are dropped
 * when the printer is off). */
pk_progress pk_cli_progress_start(bool forced);
/* A phase the tool itself runs ("drawing", "writing"): shown like the
 * library's, without amounts. */
void pk_cli_progress_phase(const char *path, const char *phase);
/* Stops the helper and clears the line (also run at exit). */
void pk_cli_progress_stop(void);
/* Erases the line if it is shown (before an error or warning is printed);
 * the helper draws it again at its next turn. */
void pk_cli_progress_clear(void);

#endif
