/*
 * palette_test.c - flamegraph.pl's colours: known answers, rules, ranges.
 *
 * The known answers were produced by flamegraph.pl itself (FlameGraph
 * 41fee1f, perl 5.36) on the stacks "main;malloc", "main;sys_read_[k]",
 * "main;java/lang/Thread.run_[j]", "main;std::vector<int>::push_back", with
 * and without --hash, --colors hot and java.  tests/render/peer_colors_test.c
 * compares whole graphs against inferno's and flamegraph.pl's output.
 */
#include <string.h>

#include "check.h"
#include "profkit/palette.h"
#include "profkit/profile.h"

static int same(pk_rgb c, int r, int g, int b) { return c.r == r && c.g == g && c.b == b; }

static pk_rgb color(pk_palette pal, pk_color_mode mode, const char *name, int kind) {
  return pk_palette_color_mode(pal, mode, name, strlen(name), kind);
}

#define CHECK_RGB(c, R, G, B)                                                                     \
  do {                                                                                            \
    pk_rgb c_ = (c);                                                                              \
    if (!same(c_, R, G, B)) {                                                                     \
      fprintf(stderr, "%s:%d: got rgb(%d,%d,%d), expected rgb(%d,%d,%d)\n", __FILE__, __LINE__,   \
              c_.r, c_.g, c_.b, R, G, B);                                                         \
      pk_check_failures++;                                                                        \
    }                                                                                             \
  } while (0)

static void test_known_answers(void) {
  const char *vec = "std::vector<int>::push_back", *run = "java/lang/Thread.run";
  /* --hash --colors hot */
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_HASH, "malloc", 0), 238, 112, 36);
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_HASH, "sys_read", PK_FRAME_KERNEL), 236, 167, 34);
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_HASH, run, PK_FRAME_JIT), 237, 104, 35);
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_HASH, vec, 0), 242, 146, 40);
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_HASH, "main", 0), 247, 83, 46);
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_HASH, "", 0), 255, 230, 55); /* the root */
  /* --hash --colors java */
  CHECK_RGB(color(PK_PALETTE_JAVA, PK_COLOR_HASH, "sys_read", PK_FRAME_KERNEL), 237, 137, 0);
  CHECK_RGB(color(PK_PALETTE_JAVA, PK_COLOR_HASH, vec, 0), 210, 210, 62);
  CHECK_RGB(color(PK_PALETTE_JAVA, PK_COLOR_HASH, "malloc", 0), 226, 89, 89);
  CHECK_RGB(color(PK_PALETTE_JAVA, PK_COLOR_HASH, run, PK_FRAME_JIT), 77, 224, 77);
  CHECK_RGB(color(PK_PALETTE_JAVA, PK_COLOR_HASH, "", 0), 255, 130, 130);
  /* default (sum-seeded) --colors hot */
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_SUM, vec, 0), 245, 184, 44);
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_SUM, "sys_read", PK_FRAME_KERNEL), 227, 103, 24);
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_SUM, run, PK_FRAME_JIT), 242, 174, 41);
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_SUM, "main", 0), 243, 179, 42);
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_SUM, "", 0), 213, 39, 9);
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_SUM, "malloc", 0), 230, 119, 28);
  /* default --colors java */
  CHECK_RGB(color(PK_PALETTE_JAVA, PK_COLOR_SUM, run, PK_FRAME_JIT), 95, 241, 95);
  CHECK_RGB(color(PK_PALETTE_JAVA, PK_COLOR_SUM, "sys_read", PK_FRAME_KERNEL), 219, 119, 0);
  CHECK_RGB(color(PK_PALETTE_JAVA, PK_COLOR_SUM, "", 0), 209, 63, 63);
  /* pk_palette_color is the --hash flavour */
  CHECK_RGB(pk_palette_color(PK_PALETTE_HOT, "malloc", 6, 0), 238, 112, 36);
}

/* Which flat palette a java/js/perl rule chose, told apart by shape. */
typedef enum family { RED, GREEN, AQUA, YELLOW, ORANGE, OTHER } family;

static family family_of(pk_rgb c) {
  if (c.b == 0 && c.r >= 190) return ORANGE;
  if (c.g == c.b && c.r >= 200 && c.g < c.r) return RED;
  if (c.r == c.b && c.g >= 200) return GREEN;
  if (c.g == c.b && c.r < c.g && c.g >= 165) return AQUA;
  if (c.r == c.g && c.b < c.r && c.r >= 175) return YELLOW;
  return OTHER;
}

static void test_rules(void) {
  struct {
    pk_palette pal;
    const char *name;
    int kind;
    family expect;
  } cases[] = {
      {PK_PALETTE_JAVA, "Interpreter", PK_FRAME_JIT, GREEN},
      {PK_PALETTE_JAVA, "foo", PK_FRAME_INLINED, AQUA},
      {PK_PALETTE_JAVA, "java/util/HashMap.get", 0, GREEN},
      {PK_PALETTE_JAVA, "Lorg/x/Y;.z", 0, GREEN},
      {PK_PALETTE_JAVA, "io/netty/Channel.read", 0, GREEN},
      {PK_PALETTE_JAVA, "Foo:::bar", 0, GREEN},
      {PK_PALETTE_JAVA, "JavaThread::run", 0, YELLOW},
      {PK_PALETTE_JAVA, "JavaThread::run", PK_FRAME_KERNEL, YELLOW}, /* C++ wins over _[k] */
      {PK_PALETTE_JAVA, "do_syscall_64", PK_FRAME_KERNEL, ORANGE},
      {PK_PALETTE_JAVA, "javax", 0, RED}, /* no slash: not a package */
      {PK_PALETTE_JAVA, "start_thread", 0, RED},
      {PK_PALETTE_JS, "LazyCompile:~foo /app/x.js:1", PK_FRAME_JIT, GREEN},
      {PK_PALETTE_JS, "Builtin:Call", PK_FRAME_JIT, AQUA},
      {PK_PALETTE_JS, "v8::internal::Invoke", 0, YELLOW},
      {PK_PALETTE_JS, "foo /app/server.js:10", 0, GREEN},
      {PK_PALETTE_JS, "Builtin:ArgumentsAdaptor", 0, AQUA},
      {PK_PALETTE_JS, " ", 0, GREEN},
      {PK_PALETTE_JS, "sys_write", PK_FRAME_KERNEL, ORANGE},
      {PK_PALETTE_JS, "node", 0, RED},
      {PK_PALETTE_PERL, "Perl_pp_entersub", 0, GREEN},
      {PK_PALETTE_PERL, "main /x/script.pl", 0, GREEN},
      {PK_PALETTE_PERL, "Foo::bar", 0, YELLOW},
      {PK_PALETTE_PERL, "sys_read", PK_FRAME_KERNEL, ORANGE},
      {PK_PALETTE_PERL, "libc_read", 0, RED},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    for (int mode = 0; mode < 2; mode++) {
      pk_rgb c = color(cases[i].pal, mode, cases[i].name, cases[i].kind);
      if (family_of(c) != cases[i].expect) {
        fprintf(stderr, "rule case %zu (%s, mode %d): rgb(%d,%d,%d) family %d, expected %d\n", i,
                cases[i].name, mode, c.r, c.g, c.b, family_of(c), cases[i].expect);
        pk_check_failures++;
      }
    }
  }
  /* separators are grey in every palette */
  CHECK_RGB(color(PK_PALETTE_HOT, PK_COLOR_HASH, "--", 0), 160, 160, 160);
  CHECK_RGB(color(PK_PALETTE_AQUA, PK_COLOR_SUM, "-", 0), 200, 200, 200);
}

/* Every colour within its formula's range, the same every time. */
static void test_ranges_and_determinism(void) {
  char name[32];
  for (int i = 0; i < 2000; i++) {
    int len = snprintf(name, sizeof name, "%c%cfn_%d", 'a' + i % 26, 'A' + (i / 7) % 26, i * 7919);
    for (int mode = 0; mode < 2; mode++) {
      pk_rgb hot = pk_palette_color_mode(PK_PALETTE_HOT, mode, name, (size_t)len, 0);
      CHECK(hot.r >= 205 && hot.g <= 230 && hot.b <= 55);
      pk_rgb again = pk_palette_color_mode(PK_PALETTE_HOT, mode, name, (size_t)len, 0);
      CHECK(same(again, hot.r, hot.g, hot.b));
      pk_rgb mem = pk_palette_color_mode(PK_PALETTE_MEM, mode, name, (size_t)len, 0);
      CHECK(mem.r == 0 && mem.g >= 190 && mem.g <= 240 && mem.b <= 210);
      pk_rgb io = pk_palette_color_mode(PK_PALETTE_IO, mode, name, (size_t)len, 0);
      CHECK(io.r == io.g && io.r >= 80 && io.r <= 140 && io.b >= 190 && io.b <= 245);
      pk_rgb purple = pk_palette_color_mode(PK_PALETTE_PURPLE, mode, name, (size_t)len, 0);
      CHECK(purple.r == purple.b && purple.r >= 190 && purple.g >= 80 && purple.g <= 140);
      pk_rgb blue = pk_palette_color_mode(PK_PALETTE_BLUE, mode, name, (size_t)len, 0);
      CHECK(blue.r == blue.g && blue.b >= 205);
    }
  }
  /* --hash: the first characters decide v1 (red uses v1 only); a module prefix is ignored */
  pk_rgb a = color(PK_PALETTE_RED, PK_COLOR_HASH, "mallocator", 0);
  pk_rgb b = color(PK_PALETTE_RED, PK_COLOR_HASH, "malloc", 0);
  pk_rgb c = color(PK_PALETTE_RED, PK_COLOR_HASH, "libc.so.6`malloc", 0);
  CHECK(same(a, b.r, b.g, b.b) && same(c, b.r, b.g, b.b));
  /* the annotation is part of the hashed name */
  pk_rgb k = color(PK_PALETTE_HOT, PK_COLOR_SUM, "malloc", PK_FRAME_KERNEL);
  CHECK(!same(k, 230, 119, 28));
  /* hostile bytes hash without trouble */
  pk_rgb bad = pk_palette_color_mode(PK_PALETTE_JS, PK_COLOR_HASH, "\xff\xfe\xc3", 3, 0);
  pk_rgb bad2 = pk_palette_color_mode(PK_PALETTE_JS, PK_COLOR_HASH, "\xff\xfe\xc3", 3, 0);
  CHECK(same(bad, bad2.r, bad2.g, bad2.b));
  pk_rgb empty = pk_palette_color_mode(PK_PALETTE_HOT, PK_COLOR_HASH, NULL, 0, 0);
  CHECK(same(empty, 255, 230, 55));
}

static void test_names_and_backgrounds(void) {
  for (int i = 0; i < PK_PALETTE_COUNT; i++) CHECK_EQ_INT(pk_palette_by_name(pk_palette_name(i)), i);
  CHECK_EQ_INT(pk_palette_by_name("hot"), PK_PALETTE_HOT);
  CHECK_EQ_INT(pk_palette_by_name("orange"), PK_PALETTE_ORANGE);
  CHECK_EQ_INT(pk_palette_by_name("chartreuse"), -1);
  CHECK_EQ_INT(pk_palette_by_name(NULL), -1);
  pk_rgb top, bottom;
  pk_palette_background(PK_PALETTE_HOT, &top, &bottom);
  CHECK(same(top, 0xee, 0xee, 0xee) && same(bottom, 0xee, 0xee, 0xb0));
  pk_palette_background(PK_PALETTE_JS, &top, &bottom);
  CHECK(same(bottom, 0xee, 0xee, 0xb0));
  pk_palette_background(PK_PALETTE_MEM, &top, &bottom);
  CHECK(same(top, 0xee, 0xf2, 0xee) && same(bottom, 0xe0, 0xff, 0xe0));
  pk_palette_background(PK_PALETTE_IO, &top, &bottom);
  CHECK(same(top, 0xee, 0xee, 0xee) && same(bottom, 0xe0, 0xe0, 0xff));
  pk_palette_background(PK_PALETTE_AQUA, &top, &bottom);
  CHECK(same(top, 0xf8, 0xf8, 0xf8) && same(bottom, 0xe8, 0xe8, 0xe8));
}

int main(void) {
  test_known_answers();
  test_rules();
  test_ranges_and_determinism();
  test_names_and_backgrounds();
  return pk_check_exit("render_palette");
}
