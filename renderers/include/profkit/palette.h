/*
 * palette.h - flamegraph.pl's colour palettes, deterministic.
 *
 * A frame's colour is a function of its name (and kind) only: the same
 * function gets the same colour in every graph, so graphs compare by eye and
 * golden files are stable.  Palettes and their hue rules follow
 * flamegraph.pl's --colors: hot (default), mem, io, java, js, perl, red,
 * green, blue, aqua, yellow, purple, orange.  Frames named "--" and "-"
 * (separators) are grey in every palette, as in flamegraph.pl.
 *
 * The name's hash is one of flamegraph.pl's two deterministic ones:
 * PK_COLOR_HASH (its --hash: similar names, similar colours) or
 * PK_COLOR_SUM (its default: Perl's rand seeded by the sum of the name's
 * characters).  Both reproduce flamegraph.pl's colours exactly, the
 * annotation suffix (_[k], _[j], ...) included in the hashed name.
 */
#ifndef PROFKIT_PALETTE_H
#define PROFKIT_PALETTE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

typedef enum pk_palette {
  PK_PALETTE_HOT = 0, PK_PALETTE_MEM, PK_PALETTE_IO, PK_PALETTE_JAVA, PK_PALETTE_JS,
  PK_PALETTE_PERL, PK_PALETTE_RED, PK_PALETTE_GREEN, PK_PALETTE_BLUE, PK_PALETTE_AQUA,
  PK_PALETTE_YELLOW, PK_PALETTE_PURPLE, PK_PALETTE_ORANGE, PK_PALETTE_COUNT
} pk_palette;

typedef struct pk_rgb { uint8_t r, g, b; } pk_rgb;

typedef enum pk_color_mode {
  PK_COLOR_HASH = 0,  /* flamegraph.pl --hash */
  PK_COLOR_SUM = 1    /* flamegraph.pl without --hash */
} pk_color_mode;

/* Palette by name ("hot", ...); -1 if unknown. */
int pk_palette_by_name(const char *name);
const char *pk_palette_name(pk_palette palette);
/* Colour of a frame named name[0..len) (no annotation suffix) of the given
 * pk_frame_kind.  Never fails; an unknown palette draws as hot. */
pk_rgb pk_palette_color_mode(pk_palette palette, pk_color_mode mode, const char *name, size_t len,
                             int kind);
/* Same with PK_COLOR_HASH. */
pk_rgb pk_palette_color(pk_palette palette, const char *name, size_t len, int kind);
/* The two background gradient colours flamegraph.pl uses for this palette. */
void pk_palette_background(pk_palette palette, pk_rgb *top, pk_rgb *bottom);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
