/*
 * temp_files.h - temporary output files that a fatal signal removes.
 *
 * pk_outfile registers each temporary file while it is being written; the
 * handlers installed by pk_outfile_guard_signals (outfile.h) unlink every
 * registered file on SIGINT, SIGTERM or SIGHUP, then end the process by
 * the same signal (status 128+N in a shell).  Registration is for the
 * thread that writes outputs; the handler only reads the table.
 */
#ifndef PK_TEMP_FILES_H
#define PK_TEMP_FILES_H

/* Creates the file of mkstemp's template (XXXXXX replaced) and registers
 * it, with the fatal signals held until both are done, so a signal never
 * finds the file created but not yet registered.  The descriptor, or -1. */
int pk_temp_file_create(char *template_path);
/* Returns 0, or -1 when the table is full or out of memory (the file is
 * then written unguarded, as before). */
int pk_temp_file_register(const char *path);
void pk_temp_file_unregister(const char *path);

/* A new, empty file for scratch data that has no name (so it goes when
 * its descriptor is closed or the process ends, however it ends), in
 * $TMPDIR or /tmp, readable and writable by this process alone.  The
 * descriptor, or -1. */
int pk_temp_file_unnamed(void);

/* True for a path under a pseudo file system (/dev/, /proc/) whose nodes an
 * output must be written into, never renamed over. */
int pk_path_is_pseudo_fs(const char *path);

#endif
