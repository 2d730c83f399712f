/*
 * platform/threads.h - the library's threads: start, join, and a latch.
 *
 * A thread here is always optional: pk_thread_start returns -1 when it
 * cannot start one (or when the caller's options allow none), and the
 * caller then runs the same function on its own thread.  pk_thread_join on
 * a thread that never started does nothing.  A latch is opened once by one
 * thread and waited for by another; what the opener wrote before opening
 * is visible to the waiter after it returns.  A mutex guards shared data.
 */
#ifndef PK_PLATFORM_THREADS_H
#define PK_PLATFORM_THREADS_H

#include <pthread.h>

typedef struct pk_thread {
  pthread_t id;
  int running;
} pk_thread;

/* 0: fn(arg) runs on a new thread; -1: no thread was started. */
int pk_thread_start(pk_thread *t, void *(*fn)(void *), void *arg);
void pk_thread_join(pk_thread *t);

typedef struct pk_latch {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int open;
} pk_latch;

#define PK_LATCH_INIT {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0}

void pk_latch_open(pk_latch *l);
void pk_latch_wait(pk_latch *l);

/* A lock around data that threads share. */
typedef struct pk_mutex {
  pthread_mutex_t lock;
} pk_mutex;

#define PK_MUTEX_INIT {PTHREAD_MUTEX_INITIALIZER}

void pk_mutex_lock(pk_mutex *m);
void pk_mutex_unlock(pk_mutex *m);

#endif
