/*
 * heap_report_causes.h - printing a report's causes (internal; see the .c).
 */
#ifndef PK_HEAP_REPORT_CAUSES_H
#define PK_HEAP_REPORT_CAUSES_H

#include <stdio.h>

#include "heap/report/report_internal.h"

/* The verdict line and each cause with its path, for the top of the text report. */
void heap_report_causes_text(FILE *out, const pk_heap_report *r, size_t width);
/* "warning", "leak_count", "leaks" and "causes" members of the JSON report. */
void heap_report_causes_json(FILE *out, const pk_heap_report *r);

/* heap_render.c: a name made printable (control bytes '?') and cut to
 * width with "..."; out holds width + 1 bytes (may be name). */
void heap_report_safe_name(const char *name, char *out, size_t width);
/* heap_render.c: a JSON string (escaped, invalid UTF-8 as U+FFFD). */
void heap_report_json_string(FILE *out, const char *s);

#endif
