#!/usr/bin/env bash
# svg_script.sh - the SVG's script, syntax-checked and run in node on a
# graph flamegen draws (zoom, search, details, keys).  Skips without node.
set -euo pipefail
command -v node > /dev/null || { echo "node not installed: skipped"; exit 77; }
here=$(cd "$(dirname "$0")" && pwd)
node --check "$here/../../renderers/src/svg_script.js"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'main;a;b 10\nmain;a;c;b 5\nmain;d 20\nmain;a 5\nother 10\n' > "$tmp/stacks.folded"
"$PK_BIN/flamegen" -o "$tmp/graph.svg" "$tmp/stacks.folded"
node "$here/svg_script_test.js" "$tmp/graph.svg"
