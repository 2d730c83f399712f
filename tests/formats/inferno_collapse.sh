#!/usr/bin/env bash
# inferno_collapse.sh - profkit's folded output against inferno's expected
# results (tests/data/collapse-*/results), byte for byte after sorting.
# Cases listed in MUST must match; the others are counted and reported
# (docs/formats.md explains each gap).  Skips without the peer corpus.
. "$(dirname "$0")/../cli/lib.sh"
conv="$PK_BUILD/tests/pkconv"
I="$PK_PEERS/inferno/tests/data"
[ -d "$I/collapse-dtrace" ] || skip "no inferno corpus at $I"
# dtrace: every case but the two run with inferno's includeoffset option,
# which profkit does not offer
MUST="dtrace-example hex-addresses java only-header-lines rust-names scope_with_no_argument_list stack-ustack"
check() { # DIR RESULT INPUT [OPTION]
  local dir=$1 result=$2 input=$3 opt=${4:-}
  total=$((total + 1))
  if "$conv" $opt folded "$input" 2>"$tmp/err" | cmp -s - <(LC_ALL=C sort "$I/$dir/results/$result"); then
    matched=$((matched + 1))
  else
    case " $MUST " in *" ${result%.txt} "*) [ "$dir" = collapse-dtrace ] && fail "$dir/$result differs: $(head -c 200 "$tmp/err")" ;; esac
  fi
}
total=0 matched=0
for r in "$I"/collapse-dtrace/results/*.txt; do
  b=$(basename "$r")
  case "$b" in
    dtrace-example.txt|dtrace-example-offsets.txt) check collapse-dtrace "$b" "$PK_PEERS/FlameGraph/example-dtrace-stacks.txt" ;;
    *) check collapse-dtrace "$b" "$I/collapse-dtrace/$b" ;;
  esac
done
echo "collapse-dtrace: $matched of $total cases match"
[ "$matched" -ge 6 ] || fail "collapse-dtrace: only $matched match"
total=0 matched=0
for r in "$I"/collapse-perf/results/*.txt; do
  b=$(basename "$r" .txt); name=${b%-collapsed*}; opt=${b#*-collapsed}; opt=${opt#-}
  in="$I/collapse-perf/$name.txt"
  [ -f "$in" ] || in="$PK_PEERS/FlameGraph/test/$name.txt"
  [ -f "$in" ] || in="$PK_PEERS/FlameGraph/$name.txt.gz"
  [ -f "$in" ] || continue
  check collapse-perf "$b.txt" "$in" ${opt:+--$opt}
done
echo "collapse-perf (inferno's own rules; profkit follows stackcollapse-perf.pl): $matched of $total cases match"
finish
