#!/usr/bin/env bash
# generate.sh OUTDIR - writes every scenario of gen.js into OUTDIR once (a
# ctest fixture: the checks read them).  Skips (77) without node.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
command -v node >/dev/null || { echo "SKIP: node not installed"; exit 77; }
mkdir -p "$out"
stamp="$out/.done"
[ -e "$stamp" ] && [ "$stamp" -nt "$here/gen.js" ] && exit 0
rm -f "$out"/*.heapsnapshot "$stamp"
for s in map-leak listeners closure array lru churn jit timer; do
  (cd "$out" && node --expose-gc "$here/gen.js" "$s" "$out")
done
(cd "$out" && node --expose-gc "$here/gen.js" two-processes "$out" a && node --expose-gc "$here/gen.js" two-processes "$out" b)
touch "$stamp"
