/*
 * palette.c - flamegraph.pl's colour palettes, reproduced exactly.
 *
 * flamegraph.pl picks a colour in two steps: three numbers v1, v2, v3 in
 * [0, 1) derived from the frame's name, then a palette formula such as
 * hot's rgb(205 + 50 v3, 230 v1, 55 v2).  The multi-language palettes (java,
 * js, perl) first choose a flat palette (green, aqua, yellow, orange, red)
 * from the name and its _[k]/_[j]/_[i] annotation.  flamegraph.pl sees the
 * name with its annotation; the model stores the name without it and the
 * kind apart, so this file hashes and matches over "name + suffix" viewed as
 * two byte segments, never building the joined string.
 *
 * The numbers come from one of flamegraph.pl's two deterministic hashes:
 *  - --hash (PK_COLOR_HASH): v1 weighs the first three characters of the
 *    name, v2 = v3 the first three of the reversed name, each after removing
 *    a leading "module`" part.  Similar names get similar colours.
 *  - default (PK_COLOR_SUM): Perl's srand(sum of code points) then rand(1),
 *    i.e. the first output of Perl's own drand48; v1 = v2 = v3.
 * Characters are Unicode code points (flamegraph.pl reads its input as
 * UTF-8); a byte that is not valid UTF-8 counts as one character of its own
 * value.
 */
#include "profkit/palette.h"

#include <string.h>

#include "profkit/escape.h"
#include "profkit/profile.h"

/* ---- the name as flamegraph.pl sees it: name bytes + annotation ---- */

typedef struct full_name {
  const char *seg[2];
  size_t len[2];
} full_name;

static full_name full_name_of(const char *name, size_t len, int kind) {
  static const char *const suffix[] = {"", "_[k]", "_[j]", "_[i]", "_[w]"};
  full_name f = {{name, ""}, {len, 0}};
  if (kind > 0 && kind < (int)(sizeof suffix / sizeof suffix[0])) {
    f.seg[1] = suffix[kind];
    f.len[1] = 4;
  }
  return f;
}

/* Walks the code points of a full_name forwards or backwards. */
typedef struct cp_walk {
  const full_name *name;
  int seg;     /* current segment */
  size_t pos;  /* forwards: next byte; backwards: bytes left in the segment */
  int backwards;
} cp_walk;

static cp_walk cp_walk_start(const full_name *name, int backwards) {
  cp_walk w = {name, backwards ? 1 : 0, 0, backwards};
  if (backwards) w.pos = name->len[1];
  return w;
}

/* Next code point, or -1 at the end. */
static int64_t cp_next(cp_walk *w) {
  for (;;) {
    if (w->seg < 0 || w->seg > 1) return -1;
    const unsigned char *s = (const unsigned char *)w->name->seg[w->seg];
    size_t n = w->name->len[w->seg];
    uint32_t cp;
    if (!w->backwards) {
      if (w->pos >= n) {
        w->seg++, w->pos = 0;
        continue;
      }
      size_t k = pk_utf8_decode(s + w->pos, n - w->pos, &cp);
      if (k == 0) cp = s[w->pos], k = 1;
      w->pos += k;
      return cp;
    }
    if (w->pos == 0) {
      if (--w->seg >= 0) w->pos = w->name->len[w->seg];
      continue;
    }
    /* Step back over up to three continuation bytes to a valid lead byte. */
    size_t end = w->pos;
    for (size_t back = 2; back <= 4 && back <= end; back++) {
      if ((s[end - back + 1] & 0xC0) != 0x80) break;
      size_t k = pk_utf8_decode(s + end - back, back, &cp);
      if (k == back) {
        w->pos -= back;
        return cp;
      }
    }
    w->pos--;
    return s[w->pos];
  }
}

/* ---- flamegraph.pl's namehash (--hash) ---- */

/*
 * namehash removes the regex match .(.*?)` (the leftmost character followed
 * by the shortest run up to a backtick, never crossing a newline) and then
 * weighs the first three characters left.
 */
static double namehash(const full_name *name, int backwards) {
  size_t cut_from = SIZE_MAX, cut_to = 0; /* code point indices, inclusive */
  cp_walk w = cp_walk_start(name, backwards);
  size_t start = 0, i = 0;
  int64_t c;
  int at_start = 1;
  while ((c = cp_next(&w)) >= 0) {
    if (at_start) {
      if (c == '\n') start = i + 1;
      else at_start = 0;
    } else if (c == '`') {
      cut_from = start, cut_to = i;
      break;
    } else if (c == '\n') {
      start = i + 1;
      at_start = 1;
    }
    i++;
  }

  double vector = 0, weight = 1, max = 1;
  int mod = 10;
  w = cp_walk_start(name, backwards);
  i = 0;
  while ((c = cp_next(&w)) >= 0) {
    size_t index = i++;
    if (index >= cut_from && index <= cut_to) continue;
    int digit = (int)(c % mod);
    vector += ((double)digit / (mod - 1)) * weight;
    mod++;
    max += weight;
    weight *= 0.70;
    if (mod > 12) break;
  }
  return 1 - vector / max;
}

/* ---- flamegraph.pl's default: srand(sum of code points); rand(1) ---- */

static double sum_hash(const full_name *name) {
  uint32_t sum = 0;
  cp_walk w = cp_walk_start(name, 0);
  int64_t c;
  while ((c = cp_next(&w)) >= 0) sum += (uint32_t)c;
  /* Perl's drand48: state = seed << 16 | 0x330E, one step, scaled by 2^-48. */
  uint64_t state = ((uint64_t)sum << 16) + 0x330E;
  state = (state * 0x5DEECE66DULL + 0xB) & ((1ULL << 48) - 1);
  return (double)state / (double)(1ULL << 48);
}

/* ---- name rules of the java, js and perl palettes ---- */

static int contains(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  if (k > n) return 0;
  for (size_t i = 0; i + k <= n; i++)
    if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0) return 1;
  return 0;
}

static int java_package(const char *s, size_t n) {
  static const char *const packages[] = {"java/", "javax/", "jdk/", "net/", "org/",
                                         "com/",  "io/",    "sun/"};
  if (n > 0 && s[0] == 'L') s++, n--;
  for (size_t i = 0; i < sizeof packages / sizeof packages[0]; i++) {
    size_t k = strlen(packages[i]);
    if (n >= k && memcmp(s, packages[i], k) == 0) return 1;
  }
  return 0;
}

/* "/" followed somewhere later by ".js", as the regex m:/.*\.js: */
static int js_path(const char *s, size_t n) {
  const char *slash = memchr(s, '/', n);
  if (!slash) return 0;
  size_t after = (size_t)(slash - s) + 1;
  return contains(s + after, n - after, ".js");
}

static pk_palette java_rule(const char *s, size_t n, int kind) {
  if (kind == PK_FRAME_JIT) return PK_PALETTE_GREEN;
  if (kind == PK_FRAME_INLINED) return PK_PALETTE_AQUA;
  if (java_package(s, n) || contains(s, n, ":::")) return PK_PALETTE_GREEN;
  if (contains(s, n, "::")) return PK_PALETTE_YELLOW;
  if (kind == PK_FRAME_KERNEL) return PK_PALETTE_ORANGE;
  return PK_PALETTE_RED;
}

static pk_palette js_rule(const char *s, size_t n, int kind) {
  if (kind == PK_FRAME_JIT) return memchr(s, '/', n) ? PK_PALETTE_GREEN : PK_PALETTE_AQUA;
  if (contains(s, n, "::")) return PK_PALETTE_YELLOW;
  if (js_path(s, n)) return PK_PALETTE_GREEN;
  if (memchr(s, ':', n)) return PK_PALETTE_AQUA;
  if (kind == PK_FRAME_PLAIN && n == 1 && s[0] == ' ') return PK_PALETTE_GREEN;
  if (kind == PK_FRAME_KERNEL || contains(s, n, "_[k]")) return PK_PALETTE_ORANGE;
  return PK_PALETTE_RED;
}

static pk_palette perl_rule(const char *s, size_t n, int kind) {
  if (contains(s, n, "::")) return PK_PALETTE_YELLOW;
  if (contains(s, n, "Perl") || contains(s, n, ".pl")) return PK_PALETTE_GREEN;
  if (kind == PK_FRAME_KERNEL) return PK_PALETTE_ORANGE;
  return PK_PALETTE_RED;
}

/* ---- public ---- */

static const char *const palette_names[PK_PALETTE_COUNT] = {
    "hot", "mem", "io", "java", "js", "perl", "red", "green", "blue", "aqua", "yellow", "purple", "orange"};

int pk_palette_by_name(const char *name) {
  for (int i = 0; name && i < PK_PALETTE_COUNT; i++)
    if (strcmp(name, palette_names[i]) == 0) return i;
  return -1;
}

const char *pk_palette_name(pk_palette palette) {
  return (unsigned)palette < PK_PALETTE_COUNT ? palette_names[palette] : "hot";
}

static uint8_t scale(int base, int span, double v) { return (uint8_t)(base + (int)(span * v)); }

pk_rgb pk_palette_color_mode(pk_palette palette, pk_color_mode mode, const char *name, size_t len,
                             int kind) {
  if (!name) name = "", len = 0;
  /* flamegraph.pl greys the "--" and "-" separator frames whatever the palette. */
  if (kind == PK_FRAME_PLAIN && len == 2 && name[0] == '-' && name[1] == '-')
    return (pk_rgb){160, 160, 160};
  if (kind == PK_FRAME_PLAIN && len == 1 && name[0] == '-') return (pk_rgb){200, 200, 200};

  full_name full = full_name_of(name, len, kind);
  double v1, v2, v3;
  if (mode == PK_COLOR_SUM) {
    v1 = v2 = v3 = sum_hash(&full);
  } else {
    v1 = namehash(&full, 0);
    v2 = v3 = namehash(&full, 1);
  }

  switch (palette) {
  case PK_PALETTE_MEM: return (pk_rgb){0, scale(190, 50, v2), scale(0, 210, v1)};
  case PK_PALETTE_IO: {
    uint8_t rg = scale(80, 60, v1);
    return (pk_rgb){rg, rg, scale(190, 55, v2)};
  }
  case PK_PALETTE_JAVA: palette = java_rule(name, len, kind); break;
  case PK_PALETTE_JS: palette = js_rule(name, len, kind); break;
  case PK_PALETTE_PERL: palette = perl_rule(name, len, kind); break;
  default: break;
  }

  switch (palette) {
  case PK_PALETTE_RED: {
    uint8_t x = scale(50, 80, v1);
    return (pk_rgb){scale(200, 55, v1), x, x};
  }
  case PK_PALETTE_GREEN: {
    uint8_t x = scale(50, 60, v1);
    return (pk_rgb){x, scale(200, 55, v1), x};
  }
  case PK_PALETTE_BLUE: {
    uint8_t x = scale(80, 60, v1);
    return (pk_rgb){x, x, scale(205, 50, v1)};
  }
  case PK_PALETTE_YELLOW: {
    uint8_t x = scale(175, 55, v1);
    return (pk_rgb){x, x, scale(50, 20, v1)};
  }
  case PK_PALETTE_PURPLE: {
    uint8_t x = scale(190, 65, v1);
    return (pk_rgb){x, scale(80, 60, v1), x};
  }
  case PK_PALETTE_AQUA: {
    uint8_t gb = scale(165, 55, v1);
    return (pk_rgb){scale(50, 60, v1), gb, gb};
  }
  case PK_PALETTE_ORANGE: return (pk_rgb){scale(190, 65, v1), scale(90, 65, v1), 0};
  default: /* hot, and anything unknown */
    return (pk_rgb){scale(205, 50, v3), scale(0, 230, v1), scale(0, 55, v2)};
  }
}

pk_rgb pk_palette_color(pk_palette palette, const char *name, size_t len, int kind) {
  return pk_palette_color_mode(palette, PK_COLOR_HASH, name, len, kind);
}

void pk_palette_background(pk_palette palette, pk_rgb *top, pk_rgb *bottom) {
  pk_rgb a = {0xee, 0xee, 0xee}, b = {0xee, 0xee, 0xb0}; /* yellow: hot, java, js, perl */
  if (palette == PK_PALETTE_MEM) {
    a = (pk_rgb){0xee, 0xf2, 0xee}, b = (pk_rgb){0xe0, 0xff, 0xe0};
  } else if (palette == PK_PALETTE_IO) {
    b = (pk_rgb){0xe0, 0xe0, 0xff};
  } else if (palette >= PK_PALETTE_RED && palette < PK_PALETTE_COUNT) {
    a = (pk_rgb){0xf8, 0xf8, 0xf8}, b = (pk_rgb){0xe8, 0xe8, 0xe8};
  }
  if (top) *top = a;
  if (bottom) *bottom = b;
}
