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
MUST="collapse-dtrace/dtrace-example collapse-dtrace/hex-addresses collapse-dtrace/java
  collapse-dtrace/rust-names collapse-dtrace/scope_with_no_argument_list collapse-dtrace/stack-ustack
  collapse-ghcprof/percent collapse-ghcprof/ticks collapse-ghcprof/ticks_ticks collapse-ghcprof/ticks_bytes
  collapse-ghcprof/utf8 collapse-ghcprof/utf8_ticks collapse-ghcprof/utf8_bytes
  collapse-vtune/vtune-default collapse-vsprof/vsprof-default"
MUST=$(echo $MUST) # one line, single spaces
# Expected files may have CRLF line ends.  Stacks of weight 0 (inferno's
# ghcprof writes every cost centre) are left out on purpose: profkit's
# folded writer writes what has weight, as a flame graph draws it.
check() { # DIR RESULT INPUT [OPTION...]
  local dir=$1 result=$2 input=$3
  shift 3
  total=$((total + 1))
  if "$conv" "$@" folded "$input" 2>"$tmp/err" |
    cmp -s - <(tr -d '\r' <"$I/$dir/results/$result" | grep -v ' 0$' | LC_ALL=C sort); then
    matched=$((matched + 1))
  else
    case " $MUST " in *" $dir/${result%.txt} "*) fail "$dir/$result differs: $(head -c 200 "$tmp/err")" ;; esac
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
# macOS sample: differs on purpose where one stack appears at two call
# offsets (sibling lines of the same function): inferno keeps the last
# count, profkit adds them.  So: the same stacks, and every weight at least
# inferno's, larger only for such stacks.
S="$I/collapse-sample"
"$conv" folded "$S/sample.txt" >"$tmp/got" 2>"$tmp/err" || fail "sample.txt: $(cat "$tmp/err")"
tr -d '\r' <"$S/results/sample-default.txt" | LC_ALL=C sort >"$tmp/want"
cmp -s <(sed 's/ [0-9]*$//' "$tmp/got") <(sed 's/ [0-9]*$//' "$tmp/want") || fail "sample.txt: not the same stacks as inferno"
larger=$(paste -d' ' <(awk '{print $NF}' "$tmp/got") <(awk '{print $NF}' "$tmp/want") | awk '$1 < $2 {bad++} $1 > $2 {more++} END {print (bad ? "bad" : more + 0)}')
[ "$larger" != bad ] || fail "sample.txt: a stack weighs less than in inferno"
echo "collapse-sample: same stacks as inferno; $larger stacks weigh more (summed call offsets, on purpose)"
for bad in bad-stack-line end-before-call-graph-end invalid-samples-field no-four-spaces odd-indentation \
  skipped-indentation stack-line-only-indent-chars end-before-call-graph-start; do
  "$conv" folded "$S/$bad.txt" >/dev/null 2>"$tmp/err" && fail "collapse-sample/$bad.txt accepted; inferno refuses it"
done
# ghcprof: percent time (inferno's default) is the sample type time, its
# --ticks and --bytes are ticks and alloc
total=0 matched=0
for r in "$I"/collapse-ghcprof/results/*.txt; do
  b=$(basename "$r" .txt)
  case "$b" in
    *_ticks) check collapse-ghcprof "$b.txt" "$I/collapse-ghcprof/${b%_ticks}.prof" --sample-type ticks ;;
    *_bytes) check collapse-ghcprof "$b.txt" "$I/collapse-ghcprof/${b%_bytes}.prof" --sample-type alloc ;;
    *) check collapse-ghcprof "$b.txt" "$I/collapse-ghcprof/$b.prof" --sample-type time ;;
  esac
done
echo "collapse-ghcprof: $matched of $total cases match"
# VTune CSV: module`function frames (inferno's default); its --no-modules
# option is not offered, so vtune-no-modules is counted, not required
total=0 matched=0
for r in "$I"/collapse-vtune/results/*.txt; do check collapse-vtune "$(basename "$r")" "$I/collapse-vtune/vtune.csv"; done
echo "collapse-vtune: $matched of $total cases match"
[ "$matched" -ge 1 ] || fail "collapse-vtune: none match"
# Visual Studio profiler CSV: both results are of CallTreeSummary.csv
total=0 matched=0
for r in "$I"/collapse-vsprof/results/*.txt; do check collapse-vsprof "$(basename "$r")" "$I/collapse-vsprof/CallTreeSummary.csv"; done
echo "collapse-vsprof: $matched of $total cases match"
[ "$matched" -eq "$total" ] || fail "collapse-vsprof: $matched of $total match"
# the malformed inputs inferno refuses are refused (empty-file: inferno
# writes nothing, profkit says the input is empty)
for bad in collapse-vtune/bad-stack-line collapse-vtune/end-before-header collapse-vtune/invalid-time-field \
  collapse-vtune/skipped-indentation collapse-vsprof/empty-file collapse-vsprof/incorrect-header \
  collapse-vsprof/invalid-depth collapse-vsprof/invalid-function-name collapse-vsprof/invalid-number-of-calls \
  collapse-vsprof/missing-function-name; do
  "$conv" folded "$I/$bad.csv" >/dev/null 2>"$tmp/err" && fail "$bad.csv accepted; inferno refuses it"
done
total=0 matched=0
# collapse-perf: profkit follows FlameGraph's stackcollapse-perf.pl
# (formats_perf_conformance), from which inferno departs in five ways.  A
# case that differs must name one of them, and is compared again with that
# one difference undone, so the reason is checked, not assumed:
#   rust     inferno repairs half-demangled Rust symbols ($LT$ -> <, ::h<hash> dropped)
#   laststack inferno keeps a last stack that no blank line ends; the .pl drops it
#   vmlinux  inferno's --kernel also marks frames of a versioned vmlinux-* file _[k]
#   jitdump  inferno's --jit also marks frames of perf's /tmp/jitted-*.so files _[j]
#   arglist  the .pl cuts a name at its first '(' (C++ templates lose their tail),
#            inferno drops only the argument list that ends the name
#   oneline  each sample's one frame on its event line: profkit refuses the file
#   empty    an empty file: inferno writes nothing, profkit says "empty input"
#            and exits 1, as every reader does for an empty file
perf_reason() { # RESULT NAME -> reason or "" (must match byte for byte)
  case "$1" in
    perf-rust-Yamakaky-dcpu-collapsed-*|single-event-collapsed) echo rust ;;
    go-stacks-collapsed|java-inline-collapsed) echo laststack ;;
    versioned-vmlinux-collapsed-kernel) echo vmlinux ;;
    sourcepawn-jitdump-collapsed-jit) echo jitdump ;;
    cpp-stacks-std-function-collapsed) echo arglist ;;
    single-line-stacks-collapsed) echo oneline ;;
    no-events-collapsed) echo empty ;;
  esac
}
# inferno's Rust repair, as sed: a name opening with _$LT$ loses the _,
# then the escapes, `..` and the ::h<16 hex digits> hash
rust_repair() {
  sed -e 's/\(^\|;\)_\$LT\$/\1$LT$/g' -e 's/::h[0-9a-f]\{16\}\([; ]\)/\1/g' \
    -e 's/\$LT\$/</g; s/\$GT\$/>/g; s/\$u7b\$/{/g; s/\$u7d\$/}/g; s/\$RF\$/\&/g; s/\$BP\$/*/g; s/\$C\$/,/g' \
    -e 's/\$SP\$/@/g; s/\$LP\$/(/g; s/\$RP\$/)/g; s/\$u20\$/ /g; s/\$u27\$/'"'"'/g; s/\$u5b\$/[/g; s/\$u5d\$/]/g' \
    -e 's/\$u7e\$/~/g; s/\.\./::/g'
}
total=0 matched=0 explained=0
for r in "$I"/collapse-perf/results/*.txt; do
  b=$(basename "$r" .txt); name=${b%-collapsed*}; opt=${b#*-collapsed}; opt=${opt#-}
  in="$I/collapse-perf/$name.txt"
  [ -f "$in" ] || in="$PK_PEERS/FlameGraph/test/$name.txt"
  [ -f "$in" ] || in="$PK_PEERS/FlameGraph/$name.txt.gz"
  [ -f "$in" ] || { fail "collapse-perf/$b: no input $name"; continue; }
  set -- ${opt:+"--$opt"}
  total=$((total + 1))
  tr -d '\r' <"$r" | LC_ALL=C sort >"$tmp/want"
  "$conv" "$@" folded "$in" >"$tmp/got" 2>"$tmp/err"; rc=$?
  if [ $rc = 0 ] && cmp -s "$tmp/got" "$tmp/want"; then
    matched=$((matched + 1)); echo "collapse-perf/$b: match"; continue
  fi
  why=$(perf_reason "$b")
  case "$why" in
    "") fail "collapse-perf/$b differs from inferno and names no reason: $(head -c 200 "$tmp/err")"; continue ;;
    rust) rust_repair <"$tmp/got" | LC_ALL=C sort >"$tmp/undone"; cp "$tmp/want" "$tmp/cmp" ;;
    laststack) { case "$in" in *.gz) gzip -dc "$in" ;; *) cat "$in" ;; esac; echo; } >"$tmp/in.txt"
      "$conv" "$@" folded "$tmp/in.txt" >"$tmp/undone" 2>/dev/null; cp "$tmp/want" "$tmp/cmp" ;;
    vmlinux) cp "$tmp/got" "$tmp/undone"; sed 's/_\[k\]//g' "$tmp/want" >"$tmp/cmp" ;;
    jitdump) cp "$tmp/got" "$tmp/undone"; sed 's/_\[j\]//g' "$tmp/want" >"$tmp/cmp" ;;
    arglist) sed 's/\\x20/ /g' "$tmp/got" >"$tmp/undone"
      awk '{ c = $NF; s = substr($0, 1, length($0) - length(c) - 1); n = split(s, f, ";"); o = ""
             for (i = 1; i <= n; i++) { p = index(f[i], "("); if (p > 1) f[i] = substr(f[i], 1, p - 1)
               o = o (i > 1 ? ";" : "") f[i] }
             print o " " c }' "$tmp/want" | LC_ALL=C sort >"$tmp/cmp" ;;
    oneline|empty) if [ $rc != 0 ] && { [ $why = oneline ] || grep -q 'empty input' "$tmp/err"; }; then explained=$((explained + 1)); echo "collapse-perf/$b: differs ($why: refused)"
             else fail "collapse-perf/$b: read now; compare it with inferno's result"; fi; continue ;;
  esac
  if cmp -s "$tmp/undone" "$tmp/cmp"; then
    explained=$((explained + 1)); echo "collapse-perf/$b: differs ($why; equal once that is undone)"
  else
    fail "collapse-perf/$b: differs from inferno beyond its stated reason ($why)"
  fi
done
echo "collapse-perf: $matched of $total cases match; $explained differ for their stated reason (docs/formats.md)"
[ "$matched" -ge 1 ] || fail "collapse-perf: only $matched match"
# inferno's collapse-recursive and -guess have no option in profkit:
# counted, not compared (vtune and vsprof are compared above)
for d in collapse-recursive collapse-guess; do
  n=$(ls "$I/$d/results" 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] || continue
  echo "$d: not compared ($n expected results; no option for it)"
done
finish
