#!/usr/bin/env bash
# example.sh - `cmake --install --prefix P`, then a program built against P:
# examples/top10.c through pkg-config (shared, as C and as C++) and through find_package
# (profkit::profkit and profkit::profkit_static), each printing the same
# table as `flamegen --top 10`.  The installed tools run from P/bin with no
# LD_LIBRARY_PATH (their RUNPATH finds the library), and every installed
# file the README promises is there.
set -euo pipefail
build=${PK_BUILD:?}
cc=${PK_CC:-cc}
flags=(${PK_SAN_FLAGS:-})
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
example=testdata/example/example.folded
fail=0
check() { if ! "$@"; then echo "FAIL: $*" >&2; fail=1; fi; }

cmake --install "$build" --prefix "$prefix" > "$work/install.log"
libdir=$(dirname "$(find "$prefix" -name 'libprofkit.so.*.*.*' | head -1)")
for f in bin/flamegen bin/flamediff bin/heapdiff include/profkit/profkit.h include/profkit/version.h \
         share/man/man1/flamegen.1 share/man/man1/flamediff.1 share/man/man1/heapdiff.1 \
         share/man/man7/profkit.7 share/bash-completion/completions/flamegen \
         share/zsh/vendor-completions/_profkit share/fish/vendor_completions.d/heapdiff.fish; do
  check test -e "$prefix/$f"
done
for f in libprofkit.a libprofkit.so pkgconfig/profkit.pc cmake/profkit/profkit-config.cmake; do
  check test -e "$libdir/$f"
done

"$prefix/bin/flamegen" --top 10 "$example" > "$work/expected"
check grep -q 'Showing 10 of' "$work/expected"
"$prefix/bin/flamegen" -o "$work/example.svg" "$example"
check grep -q '</svg>' "$work/example.svg"

# pkg-config, shared library
export PKG_CONFIG_PATH=$libdir/pkgconfig
"$cc" "${flags[@]}" -std=c11 -Wall -Wextra -Werror examples/top10.c -o "$work/top10" \
  $(pkg-config --cflags --libs profkit)
LD_LIBRARY_PATH=$libdir "$work/top10" "$example" > "$work/pkgconfig.out"
check cmp "$work/expected" "$work/pkgconfig.out"
# the same program compiled as C++ links: extern "C" holds end to end
case $cc in *clang*) cxx_default=clang++ ;; *) cxx_default=c++ ;; esac  # one sanitizer runtime
cxx=$(command -v "${CXX:-$cxx_default}" || true)
if [ -n "$cxx" ]; then
  "$cxx" "${flags[@]}" -std=c++20 -Wall -Werror -x c++ examples/top10.c -x none -o "$work/top10_cxx" \
    $(pkg-config --cflags --libs profkit)
  LD_LIBRARY_PATH=$libdir "$work/top10_cxx" "$example" > "$work/cxx.out"
  check cmp "$work/expected" "$work/cxx.out"
fi
check test "$(pkg-config --modversion profkit)" = "$(sed -n 's/^#define PK_VERSION_STRING "\(.*\)"/\1/p' "$prefix/include/profkit/version.h")"

# CMake package, shared and static
CC=$cc CFLAGS="${flags[*]}" cmake -S examples -B "$work/ex" -DCMAKE_PREFIX_PATH="$prefix" > "$work/cmake.log"
cmake --build "$work/ex" > "$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
"$work/ex/top10" "$example" > "$work/cmake.out"
"$work/ex/top10_static" "$example" > "$work/static.out"
check cmp "$work/expected" "$work/cmake.out"
check cmp "$work/expected" "$work/static.out"
check sh -c "! ldd '$work/ex/top10_static' | grep -q libprofkit"
exit $fail
