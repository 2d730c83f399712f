/*
 * layout_chart.h - flame chart layout: x is time, not merged by name.
 *
 * For profiles with a time order (pk_profile_events: .cpuprofile samples,
 * trace events).  Each event's stack lasts until the next event; the last
 * lasts until meta.duration when that is later, else as long as the one
 * before it.  Consecutive events sharing a stack prefix share those frames'
 * rects, so a function running across many samples is one wide rect, and a
 * function called twice with something else between is two rects.  The
 * result is an ordinary pk_layout (pre-order, rect 0 = root spanning the
 * whole time) in the profile's time unit, drawn by the same scene and back
 * ends as a flame graph.
 */
#ifndef PROFKIT_LAYOUT_CHART_H
#define PROFKIT_LAYOUT_CHART_H

#include "profkit/layout.h"

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

/* PK_EINVAL when p has no time order or an event names no node; PK_ELIMIT
 * when the time span exceeds 2^63-1; PK_ENOMEM.  opts->type is recorded but
 * widths are times; min_fraction drops rects as in pk_layout_flame. */
int pk_layout_chart(pk_layout **out, const pk_profile *p, const pk_layout_options *opts,
                    pk_error *err);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
