/*
 * temp_files.c - the table of temporary files and the signal handlers that
 * remove them (see temp_files.h).
 *
 * The table is a fixed array of pointers: registering copies the path and
 * then publishes the pointer; unregistering clears the slot before freeing
 * the copy, so the handler never reads a freed string.  The handler calls
 * only unlink, signal and raise (async-signal-safe), restoring the default
 * action and raising the signal again so the parent sees how we ended.
 * SIGPIPE is ignored, so writing to a closed pipe is an EPIPE write error
 * reported with exit 1 instead of a silent death.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profkit/outfile.h"
#include "platform/temp_files.h"

#define MAX_TEMP_FILES 16

static char *volatile temp_files[MAX_TEMP_FILES];

int pk_temp_file_create(char *template_path) {
  sigset_t fatal, before;
  sigemptyset(&fatal);
  sigaddset(&fatal, SIGINT);
  sigaddset(&fatal, SIGTERM);
  sigaddset(&fatal, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &fatal, &before);
  int fd = mkstemp(template_path);
  if (fd >= 0) pk_temp_file_register(template_path);
  pthread_sigmask(SIG_SETMASK, &before, NULL);
  return fd;
}

int pk_temp_file_register(const char *path) {
  for (int i = 0; i < MAX_TEMP_FILES; i++)
    if (!temp_files[i]) {
      char *copy = strdup(path);
      if (!copy) return -1;
      temp_files[i] = copy;
      return 0;
    }
  return -1;
}

void pk_temp_file_unregister(const char *path) {
  for (int i = 0; i < MAX_TEMP_FILES; i++) {
    char *p = temp_files[i];
    if (p && strcmp(p, path) == 0) {
      temp_files[i] = NULL;
      free(p);
      return;
    }
  }
}

static void remove_temp_files(int sig) {
  for (int i = 0; i < MAX_TEMP_FILES; i++) {
    char *p = temp_files[i];
    if (p) unlink(p);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

void pk_outfile_guard_signals(void) {
  static const int fatal[] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = remove_temp_files;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaddset(&sa.sa_mask, fatal[i]);
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
    struct sigaction old;
    /* a signal ignored by whoever started us (nohup) stays ignored */
    if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(fatal[i], &sa, NULL);
  }
  signal(SIGPIPE, SIG_IGN);
}

/* O_TMPFILE where the file system has it; else a name that lives only
 * between mkstemp and unlink, registered meanwhile like any temporary file. */
int pk_temp_file_unnamed(void) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  int fd;
#ifdef O_TMPFILE
  if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0) return fd;
#endif
  char path[4096];
  if (snprintf(path, sizeof path, "%s/profkit-scratch-XXXXXX", dir) >= (int)sizeof path) return -1;
  fd = pk_temp_file_create(path);
  if (fd < 0) return -1;
  unlink(path);
  pk_temp_file_unregister(path);
  return fd;
}

int pk_path_is_pseudo_fs(const char *path) {
  return strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
}
