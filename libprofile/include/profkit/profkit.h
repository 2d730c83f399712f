/*
 * profkit.h - the whole public C API in one include.
 *
 *   #include <profkit/profkit.h>      cc app.c $(pkg-config --cflags --libs profkit)
 *
 * One header per module below; each also compiles alone, in C11 and C++.
 * Every public name starts with pk_ (PK_ for macros); the shared library
 * exports those declared in these headers and nothing else.
 *
 * Ownership, the one rule every header follows:
 *
 *   - What a function creates belongs to the caller: an object returned
 *     through an out-parameter (pk_x **out) or by pk_x_new, and arrays the
 *     header says are malloc'd.  Release it with its pk_x_free (or
 *     pk_x_release for a caller-allocated struct the library filled); every
 *     free function accepts NULL.  On failure nothing is left to free and
 *     *out is NULL.
 *   - What an accessor returns (names, rows, strings, pointers into an
 *     object) is borrowed: it lives as long as the object it came from, or
 *     until the next call that adds to it, and is never freed by the caller.
 *   - What the caller passes in stays the caller's: the library copies what
 *     it keeps, except where a function says it takes an argument over
 *     (pk_diff_new_owning).  Option structs and their strings are only read
 *     during the call, unless the header says they are borrowed for longer
 *     (pk_scene_options: as long as the scene).
 *   - pk_error is a plain caller-owned value; nothing in it needs freeing.
 *
 * Option structs start with a version field and are set up with their
 * _INIT macro, then changed field by field; the library reads only the
 * fields the caller's version knows, so a program built against an older
 * header keeps working when a field is added.
 *
 * Errors: functions return 0 (PK_OK) or a negative pk_status and fill the
 * caller's pk_error when it is not NULL (error.h).  An object may be used
 * from one thread at a time; distinct objects from several threads.
 */
#ifndef PROFKIT_PROFKIT_H
#define PROFKIT_PROFKIT_H

#include "profkit/version.h"
#include "profkit/error.h"
#include "profkit/arena.h"
#include "profkit/escape.h"
#include "profkit/source.h"
#include "profkit/progress.h"
#include "profkit/outfile.h"
#include "profkit/profile.h"
#include "profkit/tree.h"
#include "profkit/reader.h"
#include "profkit/merge_files.h"
#include "profkit/writer.h"
#include "profkit/folded.h"
#include "profkit/transform.h"
#include "profkit/filter.h"
#include "profkit/sourcemap.h"
#include "profkit/functions.h"
#include "profkit/top.h"
#include "profkit/stats.h"
#include "profkit/diff.h"
#include "profkit/heap.h"
#include "profkit/heap_report.h"
#include "profkit/heap_flame.h"
#include "profkit/layout.h"
#include "profkit/layout_chart.h"
#include "profkit/palette.h"
#include "profkit/scene.h"
#include "profkit/diff_paint.h"
#include "profkit/svg.h"
#include "profkit/png.h"
#include "profkit/render.h"
#include "profkit/html.h"

#endif
