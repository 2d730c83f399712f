#!/usr/bin/env bash
# perf_conformance.sh - perf script -> folded equals FlameGraph's expected
# results byte for byte: every test/perf-*.txt with each of the six options
# (pid tid kernel jit all addrs) against test/results/*-collapsed-OPT.txt.
# 70 of the 78 files must match exactly.  The other 8 (--pid/--tid of the
# four Java inputs) were recorded before stackcollapse-perf.pl began to
# strip the leading L of Java class names in those modes; for them the
# expected file is brought up to date (that one rule, applied per frame)
# and compared as sorted lines.  With FLAMEGRAPH_DIR pointing at a
# FlameGraph checkout and perl installed, every other perf input of the
# peer corpus is also compared with the live script's output.
. "$(dirname "$0")/../cli/lib.sh"
conv="$PK_BUILD/tests/pkconv"
T="$PK_PEERS/FlameGraph/test"
# flamegen --format folded is the user-facing replacement; pkconv when the
# renderers (and so flamegen) are not built
collapse() { # OPT INPUT
  if [ -x "$PK_BIN/flamegen" ]; then "$PK_BIN/flamegen" --format folded "--$1" "$2"; else "$conv" "--$1" folded "$2"; fi
}
[ -d "$T/results" ] || skip "no FlameGraph test data under $PK_PEERS"
exact=0; updated=0
for opt in pid tid kernel jit all addrs; do
  for input in "$T"/perf-*.txt; do
    name=$(basename "$input" .txt)
    want="$T/results/$name-collapsed-$opt.txt"
    [ -f "$want" ] || { fail "missing $want"; continue; }
    if ! collapse "$opt" "$input" >"$tmp/got" 2>"$tmp/err"; then
      fail "$name --$opt: $(cat "$tmp/err")"; continue
    fi
    if cmp -s "$tmp/got" "$want"; then exact=$((exact + 1)); continue; fi
    case "$opt:$name" in
      pid:perf-java-*|tid:perf-java-*|pid:perf-vertx-*|tid:perf-vertx-*)
        awk '{ cnt = $NF; stack = substr($0, 1, length($0) - length(cnt) - 1)
               m = split(stack, fr, ";"); out = ""
               for (i = 1; i <= m; i++) { f = fr[i]
                 if (fr[1] ~ /^java/ && f ~ /^L/ && f ~ /\//) f = substr(f, 2)
                 out = out (i > 1 ? ";" : "") f }
               print out " " cnt }' "$want" | LC_ALL=C sort >"$tmp/want-updated"
        if LC_ALL=C sort "$tmp/got" | cmp -s - "$tmp/want-updated"; then
          updated=$((updated + 1))
        else
          fail "$name --$opt differs from the expected result (even with Java L stripping)"
        fi ;;
      *) fail "$name --$opt: not byte-identical to $want"
         diff "$tmp/got" "$want" | head -5 >&2 ;;
    esac
  done
done
echo "byte-identical: $exact/78, stale upstream (L-stripping) matched: $updated/8"
[ "$exact" -ge 70 ] || fail "only $exact byte-identical results (want 70)"

if [ -n "${FLAMEGRAPH_DIR:-}" ] && [ -f "$FLAMEGRAPH_DIR/stackcollapse-perf.pl" ] && command -v perl >/dev/null; then
  live=0
  for f in "$PK_PEERS"/inferno/tests/data/collapse-perf/*.txt "$PK_PEERS"/speedscope/sample/profiles/linux-perf/*.txt \
           "$PK_PEERS"/flamescope/examples/perf.test01 "$PK_PEERS"/cpuprofilify/test/fixtures/perf-script.txt \
           "$PK_PEERS"/firefox-profiler/src/test/fixtures/upgrades/*perf*.gz; do
    [ -f "$f" ] || continue
    case "$f" in *.gz) gzip -dc "$f" >"$tmp/in" ;; *) cp "$f" "$tmp/in" ;; esac
    for opt in all pid; do
      perl "$FLAMEGRAPH_DIR/stackcollapse-perf.pl" "--$opt" "$tmp/in" >"$tmp/want" 2>/dev/null
      [ -s "$tmp/want" ] || continue  # the script dropped the only stack; we keep it
      "$conv" "--$opt" folded "$tmp/in" >"$tmp/got" 2>/dev/null
      if cmp -s "$tmp/got" "$tmp/want"; then live=$((live + 1)); else fail "$f --$opt differs from live stackcollapse-perf.pl"; fi
    done
  done
  echo "identical to live stackcollapse-perf.pl on $live other inputs"
fi
finish
