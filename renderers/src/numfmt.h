/*
 * numfmt.h - numbers as text, by hand (internal to the renderers).
 *
 * A flame graph writes a few numbers per frame, tens of thousands of
 * frames: stdio's printf machinery costs more than the rest of the frame.
 * These write into a caller's array (NUMFMT_MAX bytes always suffice) and
 * return the length; nothing is NUL-terminated.
 */
#ifndef PK_RENDER_NUMFMT_H
#define PK_RENDER_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NUMFMT_MAX 64

/* v in decimal; with plus, a '+' before values >= 0 (printf's "%+lld"). */
size_t numfmt_int(char *out, int64_t v, bool plus);
/* v with a comma every three digits ("1,234,567"), as flamegraph.pl. */
size_t numfmt_count(char *out, int64_t v);
/* v rounded to `decimals` (0..6) digits after the point; trim drops
 * trailing zeros (and the point); plus as above.  Without plus, a value
 * that rounds to zero has no minus sign; with plus it keeps its sign, as
 * printf's "%+.2f" does.  Non-finite values are written as 0. */
size_t numfmt_fixed(char *out, double v, int decimals, bool trim, bool plus);
/* v as printf's "%.2g" writes it, byte for byte (two significant digits,
 * an exponent below 1e-4, trailing zeros dropped): p-values.  Values the
 * fast path cannot settle exactly (near a rounding tie, below 1e-20, at or
 * above 1e15, negative, not finite) go through snprintf. */
size_t numfmt_g2(char *out, double v);

#endif
