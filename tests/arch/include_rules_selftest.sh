#!/usr/bin/env bash
# include_rules_selftest.sh - include_rules.sh catches each kind of
# violation: a tiny tree with libprofile/src/README.md's table and one file
# per broken rule must fail with a message naming each, and the same tree
# without them must pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/libprofile/src/util" "$t/libprofile/src/heap" "$t/libprofile/src/formats" \
         "$t/libprofile/src/platform" "$t/renderers/include/profkit" "$t/tools"
cp "$repo/libprofile/src/README.md" "$t/libprofile/src/"
touch "$t/renderers/include/profkit/scene.h"
printf '#include <sys/mman.h>\nvoid *p(void) { return mmap(0, 0, 0, 0, -1, 0); }\n' > "$t/libprofile/src/platform/ok.c"
printf '#include <stddef.h>\n' > "$t/libprofile/src/util/a.h"
printf '#include "util/a.h"\n' > "$t/libprofile/src/heap/h.h"
printf '#include "util/a.h"\n/* getenv("X") in a comment is fine */\n' > "$t/libprofile/src/formats/ok.c"
bash "$here/include_rules.sh" "$t" > "$t/out" || { echo "clean tree rejected:"; cat "$t/out"; exit 1; }

printf '#include "heap/h.h"\n' > "$t/libprofile/src/util/up.c"
printf '#include "profkit/scene.h"\n' > "$t/libprofile/src/formats/draws.c"
printf '#include <pthread.h>\n' > "$t/libprofile/src/util/threads.c"
printf 'void f(void) { __builtin_prefetch(0); }\n' > "$t/libprofile/src/heap/prefetch.c"
printf 'int g(void) { return getenv("X") != 0; }\n' > "$t/libprofile/src/formats/env.c"
printf '#include "a.h"\n' > "$t/libprofile/src/util/bare.c"
printf '#include "../libprofile/src/util/a.h"\n' > "$t/tools/tool.c"
mkdir -p "$t/libprofile/src/stray"
printf '\n' > "$t/libprofile/src/stray/x.c"
if bash "$here/include_rules.sh" "$t" > "$t/out"; then echo "violations passed"; exit 1; fi
fail=0
for want in "util/up.c:1: util/ may not include heap/h.h" "formats/draws.c:1: includes the renderer header" \
            "util/threads.c:1: <pthread.h> outside platform/" "heap/prefetch.c:1: platform specific" \
            "formats/env.c:1: platform specific" "util/bare.c:1: #include \"a.h\" is not a path" \
            "tools/tool.c:1: tools/ includes a private" "stray/x.c: folder stray/ is not in the README"; do
  grep -qF "$want" "$t/out" || { echo "not reported: $want"; fail=1; }
done
[ $fail = 0 ] || cat "$t/out"
exit $fail
