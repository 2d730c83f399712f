/*
 * merge_files.h - many profiles (files and directories) merged into one,
 * one input at a time.
 *
 * pk_profile_merge_files reads its inputs in order -- a directory stands
 * for every regular file under it, sorted by name at each level, hidden
 * names (".x") skipped -- and adds one sample type of each into a single
 * profile, freeing each input before the next is read.  Memory is the
 * merged tree plus the largest single input, whatever their number, so a
 * thousand pprof files from a continuous profiler merge in the memory of
 * their union.  The sample type is `sample_type` (a name or index, as
 * --sample-type) or the first input's default; every later input must
 * have a type of the same name (else an error names the file).  The
 * result has that one column, no time order, and is finished.  Progress
 * ("merging", bytes of all inputs) goes to read->progress.
 *
 * Ownership: *out belongs to the caller (pk_profile_free).
 */
#ifndef PROFKIT_MERGE_FILES_H
#define PROFKIT_MERGE_FILES_H

#include <stdbool.h>

#include "profkit/reader.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

int pk_profile_merge_files(pk_profile **out, const char *const *paths, size_t count, const pk_read_options *read,
                           const char *sample_type, pk_error *err);

/* True when path names a directory (so it stands for the profiles in it). */
bool pk_path_is_directory(const char *path);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
