/*
 * progress.c - the tools' progress line (see progress.h).
 *
 * One printer per process: the state (path, phase, done, total) is written
 * by the callbacks under a mutex and drawn by a helper thread, so a phase
 * that reports nothing for a while still shows what the tool is doing, and
 * callbacks from two reading threads (flamediff reads both sides at once)
 * simply take turns.  The line is erased with "\r\033[K" before anything
 * else is written and when the printer stops.
 */
#include "progress.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static struct {
  pthread_mutex_t lock;
  pthread_cond_t wake;
  pthread_t thread;
  bool running, stop, tty, shown;
  double after;  /* seconds before the first draw: 1, or PK_PROGRESS_AFTER (tests) */
  struct timespec start;
  char path[256], phase[32];
  uint64_t done, total;
} pr = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static double since(const struct timespec *t0) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void size_text(char *buf, size_t n, uint64_t bytes) {
  if (bytes >= (uint64_t)1 << 30) snprintf(buf, n, "%.1f GB", (double)bytes / (double)(1u << 30));
  else snprintf(buf, n, "%llu MB", (unsigned long long)(bytes >> 20));
}

static void draw(void) {
  char line[512], done[32], total[32];
  int k = snprintf(line, sizeof line, "%s: %s%s%.200s", pk_cli_tool(), pr.phase, pr.path[0] ? " " : "", pr.path);
  if (pr.done && k > 0 && (size_t)k < sizeof line) {
    size_text(done, sizeof done, pr.done);
    if (pr.total) {
      size_text(total, sizeof total, pr.total);
      snprintf(line + k, sizeof line - (size_t)k, ": %s of %s (%d%%)", done, total,
               (int)(100.0 * (double)pr.done / (double)pr.total));
    } else {
      snprintf(line + k, sizeof line - (size_t)k, ": %s", done);
    }
  }
  if (pr.tty) fprintf(stderr, "\r\033[K%s", line);
  else fprintf(stderr, "%s\n", line);
  fflush(stderr);
  pr.shown = true;
}

static void *helper(void *arg) {
  (void)arg;
  pthread_mutex_lock(&pr.lock);
  double last = -1;
  while (!pr.stop) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 100 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000) until.tv_sec++, until.tv_nsec -= 1000000000;
    pthread_cond_timedwait(&pr.wake, &pr.lock, &until);
    double t = since(&pr.start);
    if (pr.stop || t < pr.after || !pr.phase[0]) continue;
    if (!pr.tty && last >= 0 && t - last < 1.0) continue;
    last = t;
    draw();
  }
  pthread_mutex_unlock(&pr.lock);
  return NULL;
}

static void report(void *payload, const char *path, const char *phase, uint64_t done, uint64_t total) {
  (void)payload;
  pthread_mutex_lock(&pr.lock);
  snprintf(pr.path, sizeof pr.path, "%s", path ? path : "");
  snprintf(pr.phase, sizeof pr.phase, "%s", phase ? phase : "");
  pr.done = done;
  pr.total = total;
  pthread_mutex_unlock(&pr.lock);
}

pk_progress pk_cli_progress_start(bool forced) {
  pk_progress none = PK_PROGRESS_INIT;
  if (pr.running) return (pk_progress){report, NULL};
  pr.tty = isatty(STDERR_FILENO);
  if (!pr.tty && !forced) return none;
  clock_gettime(CLOCK_MONOTONIC, &pr.start);
  const char *after = getenv("PK_PROGRESS_AFTER");
  pr.after = after ? atof(after) : 1.0;
  pr.stop = false;
  if (pthread_create(&pr.thread, NULL, helper, NULL) != 0) return none;
  pr.running = true;
  atexit(pk_cli_progress_stop);
  return (pk_progress){report, NULL};
}

void pk_cli_progress_phase(const char *path, const char *phase) {
  if (pr.running) report(NULL, path, phase, 0, 0);
}

void pk_cli_progress_stop(void) {
  if (!pr.running) return;
  pthread_mutex_lock(&pr.lock);
  pr.stop = true;
  pthread_cond_signal(&pr.wake);
  pthread_mutex_unlock(&pr.lock);
  pthread_join(pr.thread, NULL);
  pr.running = false;
  if (pr.shown && pr.tty) fprintf(stderr, "\r\033[K");
  pr.shown = false;
}

void pk_cli_progress_clear(void) {
  if (!pr.running) return;
  pthread_mutex_lock(&pr.lock);
  if (pr.shown && pr.tty) fprintf(stderr, "\r\033[K");
  pthread_mutex_unlock(&pr.lock);
}
