/*
 * io/outfile.c - atomic output: write a temporary file beside the target,
 * rename it into place on success, unlink it on failure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profkit/outfile.h"

struct pk_outfile {
  FILE *stream;
  char *path;  /* NULL for stdout */
  char *temp;
};

int pk_outfile_open(pk_outfile **out, const char *path, pk_error *err) {
  *out = NULL;
  pk_outfile *f = calloc(1, sizeof *f);
  if (!f) return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  if (!path || strcmp(path, "-") == 0) {
    f->stream = stdout;
    *out = f;
    return PK_OK;
  }
  size_t len = strlen(path);
  f->path = strdup(path);
  f->temp = malloc(len + 16);
  if (!f->path || !f->temp) {
    pk_outfile_abort(f);
    return pk_error_set(err, PK_ENOMEM, path, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
  }
  snprintf(f->temp, len + 16, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(f->temp);
  if (fd < 0) {
    int rc = pk_error_set(err, PK_EIO, path, PK_NO_POSITION, PK_NO_POSITION, "cannot create: %s",
                          strerror(errno));
    free(f->temp);
    f->temp = NULL;
    pk_outfile_abort(f);
    return rc;
  }
  fchmod(fd, 0644);
  f->stream = fdopen(fd, "wb");
  if (!f->stream) {
    close(fd);
    pk_outfile_abort(f);
    return pk_error_set(err, PK_EIO, path, PK_NO_POSITION, PK_NO_POSITION, "cannot open: %s",
                        strerror(errno));
  }
  *out = f;
  return PK_OK;
}

FILE *pk_outfile_stream(pk_outfile *f) { return f->stream; }

int pk_outfile_commit(pk_outfile *f, pk_error *err) {
  int rc = PK_OK;
  const char *name = f->path ? f->path : "<stdout>";
  if (fflush(f->stream) != 0 || ferror(f->stream))
    rc = pk_error_set(err, PK_EIO, name, PK_NO_POSITION, PK_NO_POSITION, "write failed: %s",
                      strerror(errno));
  if (!f->path) {
    free(f);
    return rc;
  }
  if (fclose(f->stream) != 0 && rc == PK_OK)
    rc = pk_error_set(err, PK_EIO, name, PK_NO_POSITION, PK_NO_POSITION, "write failed: %s",
                      strerror(errno));
  f->stream = NULL;
  if (rc == PK_OK && rename(f->temp, f->path) != 0)
    rc = pk_error_set(err, PK_EIO, name, PK_NO_POSITION, PK_NO_POSITION, "cannot rename into place: %s",
                      strerror(errno));
  if (rc != PK_OK) unlink(f->temp);
  free(f->temp);
  free(f->path);
  free(f);
  return rc;
}

void pk_outfile_abort(pk_outfile *f) {
  if (!f) return;
  if (f->path && f->stream) fclose(f->stream);
  if (f->temp) unlink(f->temp);
  free(f->temp);
  free(f->path);
  free(f);
}
