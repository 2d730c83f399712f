#!/usr/bin/env bash
# golden.sh - flamegen's SVG for fixed inputs and options equals the file
# checked in beside them (testdata/golden/NAME.svg).  Colours and layout are
# deterministic, so any change shows up here.  Regenerate deliberately with
#   PK_UPDATE_GOLDEN=1 ctest -R cli_golden
. "$(dirname "$0")/lib.sh"
dir="$PK_TESTDATA/golden"
for input in "$dir"/*.folded; do
  name=$(basename "$input" .folded)
  args=()
  [ -f "$dir/$name.args" ] && read -r -a args < "$dir/$name.args"
  "$PK_BIN/flamegen" "${args[@]}" "$input" > "$tmp/$name.svg" || { fail "$name: flamegen failed"; continue; }
  if [ "${PK_UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$tmp/$name.svg" "$dir/$name.svg"
  elif ! cmp -s "$tmp/$name.svg" "$dir/$name.svg"; then
    fail "$name: SVG differs from golden ($(diff "$dir/$name.svg" "$tmp/$name.svg" | head -5))"
  fi
done
finish
