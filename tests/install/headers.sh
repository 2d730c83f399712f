#!/usr/bin/env bash
# headers.sh - every public header compiles alone, as C11 and as C++
# (libgit2's tests/headertest): no missing include, no C-only construct
# outside a macro, extern "C" where C++ needs it.  Strict flags, syntax only.
# Needs PK_BUILD (for the generated version.h); C++ is skipped without c++.
set -euo pipefail
build=${PK_BUILD:?}
includes=(-Ilibprofile/include -Irenderers/include -I"$build/include")
headers=(libprofile/include/profkit/*.h renderers/include/profkit/*.h "$build"/include/profkit/*.h)
cc=${CC:-cc}
cxx=$(command -v "${CXX:-c++}" || true)
fail=0 count=0
work_cpp=$(mktemp --suffix=.cpp)
trap 'rm -f "$work_cpp"' EXIT
for h in "${headers[@]}"; do
  name=profkit/$(basename "$h")
  count=$((count + 1))
  if ! printf '#include <%s>\n#include <%s>\n' "$name" "$name" |
       "$cc" -std=c11 -pedantic-errors -Wall -Wextra -Werror -fsyntax-only "${includes[@]}" -x c -; then
    echo "FAIL: $name does not compile alone as C11" >&2; fail=1
  fi
  if [ -n "$cxx" ] && ! printf '#include <%s>\nextern "C" int pk_probe_linkage;\n' "$name" |
       "$cxx" -std=c++11 -Wall -Wextra -Werror -fsyntax-only "${includes[@]}" -x c++ -; then
    echo "FAIL: $name does not compile alone as C++" >&2; fail=1
  fi
  if [ "$name" != profkit/profkit.h ] && ! grep -q "#include \"$name\"" libprofile/include/profkit/profkit.h; then
    echo "FAIL: profkit/profkit.h does not include $name" >&2; fail=1
  fi
  # profkit.h only includes the others
  if [ "$name" != profkit/profkit.h ] && ! grep -q 'extern "C"' "$h"; then
    echo "FAIL: $name has no extern \"C\" block" >&2; fail=1
  fi
done
# The _INIT macros are designated initialisers in declaration order, so C++20
# takes them as they are.
if [ -n "$cxx" ]; then
  inits=$(grep -ho 'PK_[A-Z_]*_INIT\b' libprofile/include/profkit/*.h renderers/include/profkit/*.h |
          grep -v PK_SOURCE_LIMITS_INIT | sort -u)
  { echo '#include <profkit/profkit.h>'; echo 'int main() {'
    for m in $inits; do
      type=$(grep -h "define $m\b" libprofile/include/profkit/*.h renderers/include/profkit/*.h |
             sed -E 's/.*\.version = (PK_[A-Z_]*)_VERSION.*/\1/' | tr 'A-Z' 'a-z')
      echo "  $type ${m,,} = $m; (void)${m,,};"
    done
    echo '}'; } > "$work_cpp"
  # (g++ 12 warns of members a designated initialiser leaves out: C++20 zeroes them)
  if ! "$cxx" -std=c++20 -Wall -Wextra -Wno-missing-field-initializers -Werror -fsyntax-only "${includes[@]}" -x c++ "$work_cpp"; then
    echo "FAIL: the _INIT macros do not compile as C++20" >&2; fail=1
  fi
else
  echo "note: no C++ compiler; C++ half skipped" >&2
fi
echo "$count public headers checked" >&2
exit $fail
