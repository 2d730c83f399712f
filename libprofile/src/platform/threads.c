/*
 * platform/threads.c - see platform/threads.h: POSIX threads underneath.
 */
#include "platform/threads.h"

int pk_thread_start(pk_thread *t, void *(*fn)(void *), void *arg) {
  t->running = pthread_create(&t->id, NULL, fn, arg) == 0;
  return t->running ? 0 : -1;
}

void pk_thread_join(pk_thread *t) {
  if (!t->running) return;
  pthread_join(t->id, NULL);
  t->running = 0;
}

void pk_latch_open(pk_latch *l) {
  pthread_mutex_lock(&l->lock);
  l->open = 1;
  pthread_cond_signal(&l->cond);
  pthread_mutex_unlock(&l->lock);
}

void pk_latch_wait(pk_latch *l) {
  pthread_mutex_lock(&l->lock);
  while (!l->open) pthread_cond_wait(&l->cond, &l->lock);
  pthread_mutex_unlock(&l->lock);
}

void pk_mutex_lock(pk_mutex *m) { pthread_mutex_lock(&m->lock); }
void pk_mutex_unlock(pk_mutex *m) { pthread_mutex_unlock(&m->lock); }
