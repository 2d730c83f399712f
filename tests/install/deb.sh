#!/usr/bin/env bash
# deb.sh - the Debian package: `cpack -G DEB` from the build makes
# profkit_VERSION_ARCH.deb; its Depends name the runtime libraries; unpacked
# into a throwaway root (dpkg -x) every tool resolves libprofkit.so.MAJOR
# from that root (ldd) and runs against it, rendering the example; the man
# pages render; examples/top10.c builds against the unpacked root through
# its pkg-config file.  (Installing with `apt-get install ./profkit_*.deb`
# needs root and changes the machine: done by hand, see docs/install.md.)
set -uo pipefail
build=${PK_BUILD:?}
cc=${PK_CC:-cc}
flags=(${PK_SAN_FLAGS:-})
command -v dpkg-deb > /dev/null || { echo "SKIP: not a Debian system (no dpkg-deb)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { if ! "$@"; then echo "FAIL: $*" >&2; fail=1; fi; }
example=testdata/example/example.folded

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" > "$work/cpack.log" 2>&1 ||
  { echo "FAIL: cpack -G DEB: $(tail -5 "$work/cpack.log")" >&2; exit 1; }
deb=$(ls "$work"/profkit_*.deb) || { echo "FAIL: no profkit_*.deb made" >&2; exit 1; }
depends=$(dpkg-deb -f "$deb" Depends)
for pkg in libc6 libcairo2 libjansson4 libprotobuf-c1 zlib1g libfontconfig1 fonts-dejavu-core; do
  [[ ", $depends," == *", $pkg "* || ", $depends," == *", $pkg,"* ]] ||
    { echo "FAIL: Depends lacks $pkg: $depends" >&2; fail=1; }
done

root=$work/root
dpkg -x "$deb" "$root"
so=$(find "$root" -name 'libprofkit.so.*.*.*' | head -1)
libdir=$(dirname "$so")
[ -n "$so" ] || { echo "FAIL: no libprofkit.so in the package" >&2; exit 1; }
version=$(dpkg-deb -f "$deb" Version)
for tool in flamegen flamediff heapdiff; do
  bin=$root/usr/bin/$tool
  check test -x "$bin"
  LD_LIBRARY_PATH=$libdir ldd "$bin" > "$work/ldd" 2>&1
  grep -q "not found" "$work/ldd" && { echo "FAIL: $tool: $(grep 'not found' "$work/ldd")" >&2; fail=1; }
  grep -q "libprofkit.so.[0-9]* => $libdir/" "$work/ldd" ||
    { echo "FAIL: $tool does not load libprofkit from the unpacked root: $(grep profkit "$work/ldd")" >&2; fail=1; }
  [ "$(LD_LIBRARY_PATH=$libdir "$bin" --version)" = "$tool (profkit) $version" ] ||
    { echo "FAIL: $tool --version: $(LD_LIBRARY_PATH=$libdir "$bin" --version 2>&1)" >&2; fail=1; }
  check test -s "$root/usr/share/man/man1/$tool.1"
  check test -s "$root/usr/share/bash-completion/completions/$tool"
  check test -s "$root/usr/share/fish/vendor_completions.d/$tool.fish"
done
check test -s "$root/usr/share/zsh/vendor-completions/_profkit"
if command -v fish > /dev/null; then # flamediff.fish finds the shared file beside it
  fish -N -c "source $root/usr/share/fish/vendor_completions.d/flamediff.fish; complete -C'flamediff --tit'" |
    grep -q '^--title' || { echo "FAIL: the packaged fish completion of flamediff lacks --title" >&2; fail=1; }
fi
check test -s "$root/usr/share/man/man7/profkit.7"

export LD_LIBRARY_PATH=$libdir
check "$root/usr/bin/flamegen" --title "profkit example" -o "$work/example.svg" "$example"
check grep -q '<title>all (' "$work/example.svg"
check "$root/usr/bin/flamegen" -o "$work/example.png" "$example"
check "$root/usr/bin/flamediff" -o "$work/diff.svg" --markdown "$work/diff.md" \
  testdata/diff/colour_before.folded testdata/diff/colour_after.folded
check grep -q '</svg>' "$work/diff.svg"
check "$root/usr/bin/heapdiff" -o "$work/heap.json" --flame "$work/heap.svg" \
  testdata/heap/leak-1.heapsnapshot.gz testdata/heap/leak-2.heapsnapshot.gz
check python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/heap.json"
if command -v man > /dev/null; then
  MANWIDTH=80 man -l "$root/usr/share/man/man1/flamegen.1" 2> /dev/null | grep -q 'flamegen - flame graphs' ||
    { echo "FAIL: the packaged flamegen.1 does not render" >&2; fail=1; }
fi

# the package's pkg-config file, relocated with the root
PKG_CONFIG_PATH=$libdir/pkgconfig "$cc" "${flags[@]}" examples/top10.c -o "$work/top10" \
  $(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --cflags --libs profkit) ||
  { echo "FAIL: examples/top10.c does not build against the package" >&2; fail=1; }
"$work/top10" "$example" | grep -q '^Showing 10 of' || { echo "FAIL: top10 against the package" >&2; fail=1; }
exit $fail
