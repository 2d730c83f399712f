#!/usr/bin/env bash
# same_outputs.sh - do two builds write the same bytes?  For a change that
# should alter nothing users see (a restructure, a speed-up), run the tools
# of both builds over every input of testdata/ and the peer corpus
# (../shared/peers, read in place) and compare, byte for byte, stdout,
# stderr, exit code and every output file.
#
#   bench/same_outputs.sh BIN_A BIN_B [INPUT_DIR ...]
#
# BIN_A and BIN_B are the bin/ folders of two builds (e.g. a build of the
# base commit made from `git archive BASE | tar -x -C /tmp/base`).  Per
# input: flamegen to SVG, folded and PNG; flamediff of the input against
# itself and against the previous input of its folder (SVG, --json,
# --markdown, --top); heapdiff on every .heapsnapshot[.gz] alone and with
# the previous one of its folder (table, --json, --flame).  Outputs go to
# bench/out/same/{a,b}; runs are in the same relative working directory, so
# file names in messages match.  Standard error is compared as a set of
# lines: flamediff reads its two inputs on two threads, so their warnings
# come in either order (in one build as much as across two).  Prints one line per difference and a
# summary; exits 1 if anything differs.
set -u
[ $# -ge 2 ] || { echo "usage: $0 BIN_A BIN_B [INPUT_DIR ...]" >&2; exit 2; }
A=$(cd "$1" && pwd); B=$(cd "$2" && pwd); shift 2
repo=$(cd "$(dirname "$0")/.." && pwd)
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=("$repo/testdata" "$repo/../shared/peers")
out="$repo/bench/out/same"
rm -rf "$out"; mkdir -p "$out/a" "$out/b"

inputs=$(for d in "${dirs[@]}"; do [ -d "$d" ] && find "$(cd "$d" && pwd)" -type f -size -40M \
  ! -name '*.md' ! -name '*.expect' ! -name '*.args' ! -name '*.svg' ! -name '*.png' ! -name '*.go' ! -name '*.js' \
  ! -name '*.ts' ! -name '*.py' ! -name '*.sh' ! -name '*.tsv' ! -name '*.html' ! -name '*.rs' ! -name '*.pl' \
  ! -name 'LICENSE*' ! -name '*.toml' ! -name '*.snap' ! -name '*.proto'; done | sort)

# run SIDE ID TOOL ARGS...: one run, in $out/SIDE, stdout/stderr/exit kept as ID.*
run() {
  local side=$1 id=$2 tool=$3; shift 3
  local bin; [ "$side" = a ] && bin=$A || bin=$B
  (cd "$out/$side" && timeout 120 "$bin/$tool" "$@" > "$id.stdout" 2> "$id.stderr"; echo $? > "$id.exit")
}
both() { run a "$@"; run b "$@"; }

n=0; prev_dir=; prev=; prev_heap_dir=; prev_heap=
while IFS= read -r f; do
  [ -n "$f" ] || continue
  n=$((n + 1)); id=$(printf 'i%04d' $n)
  echo "$id $f" >> "$out/index"
  case $f in
    *.heapsnapshot|*.heapsnapshot.gz)
      both "$id-heap" heapdiff --flame "$id-heap.svg" -o "$id-heap.txt" "$f"
      both "$id-heapjson" heapdiff --json "$f"
      d=$(dirname "$f")
      if [ "$d" = "$prev_heap_dir" ]; then
        both "$id-heap2" heapdiff --flame "$id-heap2.svg" -o "$id-heap2.txt" "$prev_heap" "$f"
        both "$id-heap2json" heapdiff --json "$prev_heap" "$f"
      fi
      prev_heap_dir=$d; prev_heap=$f
      continue ;;
  esac
  both "$id-svg" flamegen -o "$id.svg" "$f"
  # a file that is not a profile: the error is the output; nothing more to compare
  [ "$(cat "$out/a/$id-svg.exit")" = 0 ] || continue
  both "$id-folded" flamegen -f folded -o "$id.folded" "$f"
  both "$id-png" flamegen -o "$id.png" "$f"
  both "$id-self" flamediff --json "$id-self.json" --top 5 -o "$id-self.svg" "$f" "$f"
  d=$(dirname "$f")
  if [ "$d" = "$prev_dir" ]; then
    both "$id-diff" flamediff --json "$id-diff.json" --markdown "$id-diff.md" --top 5 -o "$id-diff.svg" "$prev" "$f"
  fi
  prev_dir=$d; prev=$f
done <<< "$inputs"

differ=0
for fa in "$out"/a/*; do
  name=$(basename "$fa")
  if [ ! -e "$out/b/$name" ]; then echo "only in A: $name"; differ=$((differ + 1)); continue; fi
  if [[ $name == *.stderr ]]; then  # flamediff reads its two inputs on two threads: warnings come in either order
    cmp -s <(sort "$fa") <(sort "$out/b/$name") && continue
  fi
  cmp -s "$fa" "$out/b/$name" || { echo "differs: $name ($(grep "^${name%%[-.]*} " "$out/index" | cut -d' ' -f2-))"; differ=$((differ + 1)); }
done
for fb in "$out"/b/*; do [ -e "$out/a/$(basename "$fb")" ] || { echo "only in B: $(basename "$fb")"; differ=$((differ + 1)); }; done
files=$(ls "$out/a" | wc -l)
echo "$n inputs, $files files compared, $differ differ"
[ $differ = 0 ]
