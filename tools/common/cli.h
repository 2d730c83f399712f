/*
 * cli.h - what every profkit command-line tool shares.
 *
 * A tool declares its options once, as a table; the same table drives
 * getopt_long and the --help text, so they cannot drift apart.  Errors and
 * warnings print as "TOOL: FILE:LINE: message" on stderr.  Exit codes are
 * shared: 0 ok, 1 bad input or failure, 2 usage, 3 a CI gate was breached.
 */
#ifndef PK_CLI_H
#define PK_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "profkit/error.h"

enum { PK_EXIT_OK = 0, PK_EXIT_FAILURE = 1, PK_EXIT_USAGE = 2, PK_EXIT_GATE = 3 };

typedef struct pk_cli_option {
  const char *name;      /* long name, without "--" */
  char short_name;       /* 0 if none */
  const char *arg;       /* argument placeholder ("FILE"), NULL for a flag */
  const char *help;
  int id;                /* passed to the handler */
} pk_cli_option;

/* Called for each option; return 0, or PK_EXIT_USAGE after printing why. */
typedef int (*pk_cli_handler)(void *payload, int id, const char *value);

/* Parses argv with the table; positional arguments are left in argv[*first..argc). */
int pk_cli_parse(int argc, char **argv, const pk_cli_option *options, pk_cli_handler handler,
                 void *payload, int *first);
/* Prints the help: synopsis, description, the option table, then the exit
 * codes (3 only when `gates` names the tool's gate flags; NULL if none). */
void pk_cli_usage(FILE *out, const char *synopsis, const char *description,
                  const pk_cli_option *options, const char *gates);
/* The extension of path's last component, from its last dot ("x.tar.gz":
 * ".gz"); NULL when there is none (a leading dot does not count). */
const char *pk_cli_extension(const char *path);

void pk_cli_set_tool(const char *tool);
const char *pk_cli_tool(void);
/* "TOOL: <formatted error>" */
void pk_cli_error(const pk_error *err);
/* "TOOL: message" (printf-style) */
void pk_cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* pk_read_options.warn hook: "TOOL: warning: message". */
void pk_cli_warn(void *payload, const char *path, const char *message);
void pk_cli_version(void);

/* Number parsing for option values; print a usage error and return false if invalid. */
bool pk_cli_double(const char *option, const char *value, double min, double max, double *out);
bool pk_cli_size(const char *option, const char *value, unsigned long long *out);

/* Exit status for a libprofile status code. */
int pk_cli_exit_for(int status);

/* A list of paths: appends path to *list, or, when path is a directory,
 * its regular files not starting with '.', sorted by name.  false (after
 * printing why) when the directory cannot be read, is empty, or memory
 * runs out. */
typedef struct pk_cli_paths {
  char **paths;
  size_t count, cap;
} pk_cli_paths;
bool pk_cli_paths_add(pk_cli_paths *list, const char *path);
void pk_cli_paths_free(pk_cli_paths *list);

#endif
