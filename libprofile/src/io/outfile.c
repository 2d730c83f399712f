/*
 * io/outfile.c - output files that respect what is there.
 *
 * A regular file (or a name that does not exist yet) is written atomically:
 * a temporary file beside it, renamed into place on success, unlinked on
 * failure or on a fatal signal (platform/temp_files.c).  A symlink is
 * followed first, so the file it points to is replaced and the link stays
 * a link.  Anything else (a device such as /dev/null or /dev/full, a FIFO,
 * a terminal, /dev/stdout and every name under /dev/ or /proc/) is written
 * in place: renaming over it would replace the node itself.  Write errors
 * (ENOSPC, EPIPE, ...) are found at commit by flushing and closing.  A
 * replaced regular file keeps its permission bits.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/temp_files.h"
#include "profkit/outfile.h"

struct pk_outfile {
  FILE *stream;
  char *path;   /* as given, for messages; NULL for stdout */
  char *target; /* the file a rename replaces (symlinks followed); NULL when written in place */
  char *temp;
};

static int open_failed(pk_outfile *f, const char *path, const char *what, pk_error *err) {
  int rc = pk_error_set(err, errno == ENOMEM ? PK_ENOMEM : PK_EIO, path, PK_NO_POSITION, PK_NO_POSITION, "%s: %s",
                        what, strerror(errno));
  pk_outfile_abort(f);
  return rc;
}

/* The file at the end of path's chain of symlinks (at most 40 hops);
 * relative links are read from the link's directory.  NULL: ELOOP/ENOMEM. */
static char *follow_links(const char *path) {
  char *cur = strdup(path);
  for (int hops = 0; cur && hops < 40; hops++) {
    struct stat st;
    char link[PATH_MAX];
    if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) return cur;
    ssize_t n = readlink(cur, link, sizeof link - 1);
    if (n < 0) return cur;
    link[n] = '\0';
    const char *slash = strrchr(cur, '/');
    size_t dir = link[0] == '/' || !slash ? 0 : (size_t)(slash - cur) + 1;
    char *next = malloc(dir + (size_t)n + 1);
    if (next) {
      memcpy(next, cur, dir);
      memcpy(next + dir, link, (size_t)n + 1);
    }
    free(cur);
    cur = next;
  }
  errno = cur ? ELOOP : ENOMEM;
  free(cur);
  return NULL;
}

int pk_outfile_open(pk_outfile **out, const char *path, pk_error *err) {
  *out = NULL;
  pk_outfile *f = calloc(1, sizeof *f);
  if (!f) return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  if (!path || strcmp(path, "-") == 0) {
    f->stream = stdout;
    *out = f;
    return PK_OK;
  }
  if (!(f->path = strdup(path))) return open_failed(f, path, "cannot open", err);
  struct stat st;
  bool exists = stat(path, &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    errno = EISDIR;
    return open_failed(f, path, "cannot write", err);
  }
  if ((exists && !S_ISREG(st.st_mode)) || pk_path_is_pseudo_fs(path)) {
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (exists ? 0 : O_CREAT) |
                            (exists && S_ISREG(st.st_mode) ? O_TRUNC : 0), 0644);
    if (fd < 0) return open_failed(f, path, "cannot open", err);
    if (!(f->stream = fdopen(fd, "wb"))) {
      close(fd);
      return open_failed(f, path, "cannot open", err);
    }
    *out = f;
    return PK_OK;
  }
  if (!(f->target = follow_links(path))) return open_failed(f, path, "cannot resolve", err);
  size_t len = strlen(f->target);
  if (!(f->temp = malloc(len + 16))) return open_failed(f, path, "cannot create", err);
  snprintf(f->temp, len + 16, "%s.tmp.XXXXXX", f->target);
  int fd = pk_temp_file_create(f->temp);
  if (fd < 0) {
    free(f->temp);
    f->temp = NULL;
    return open_failed(f, path, "cannot create", err);
  }
  fchmod(fd, exists ? st.st_mode & 07777 : 0644);
  if (!(f->stream = fdopen(fd, "wb"))) {
    close(fd);
    return open_failed(f, path, "cannot open", err);
  }
  *out = f;
  return PK_OK;
}

FILE *pk_outfile_stream(pk_outfile *f) { return f->stream; }

static int write_failed(const char *name, pk_error *err) {
  return pk_error_set(err, PK_EIO, name, PK_NO_POSITION, PK_NO_POSITION, "write failed: %s", strerror(errno));
}

int pk_outfile_commit(pk_outfile *f, pk_error *err) {
  int rc = PK_OK;
  const char *name = f->path ? f->path : "<stdout>";
  if (fflush(f->stream) != 0 || ferror(f->stream)) rc = write_failed(name, err);
  if (!f->path) {
    free(f);
    return rc;
  }
  if (fclose(f->stream) != 0 && rc == PK_OK) rc = write_failed(name, err);
  f->stream = NULL;
  if (rc == PK_OK && f->temp && rename(f->temp, f->target) != 0)
    rc = pk_error_set(err, PK_EIO, name, PK_NO_POSITION, PK_NO_POSITION, "cannot rename into place: %s",
                      strerror(errno));
  pk_outfile_abort(f);
  return rc;
}

int pk_outfile_close(pk_outfile *f, int rc, pk_error *err) {
  if (rc == PK_OK && f) return pk_outfile_commit(f, err);
  pk_outfile_abort(f);
  return rc;
}

void pk_outfile_abort(pk_outfile *f) {
  if (!f) return;
  if (f->path && f->stream) fclose(f->stream);
  if (f->temp) {
    unlink(f->temp); /* after a rename: ENOENT, nothing removed */
    pk_temp_file_unregister(f->temp);
  }
  free(f->temp);
  free(f->target);
  free(f->path);
  free(f);
}
