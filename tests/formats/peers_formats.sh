#!/usr/bin/env bash
# peers_formats.sh - every CPU/allocation profile of the peer corpus
# (../shared/peers: speedscope, firefox-profiler, pprof, pprofutils, parca,
# pyroscope, cpuprofilify, cpuprofile2stackcollapse, FlameGraph/inferno perf
# inputs) parses without error, round-trips through pprof (X -> pprof ->
# folded equals X -> folded), exports a speedscope file that follows its
# schema (checked with node when installed) and, when flamegen is built,
# renders to a well-formed SVG.  The two inputs that are not CPU profiles must fail
# cleanly.  Where a peer recorded its own result, we compare with it:
# speedscope's Jest snapshots (stacks in ms/KB, rounded to 0.01),
# pprofutils' folded output, cpuprofile2stackcollapse's sample total.
. "$(dirname "$0")/../cli/lib.sh"
conv="$PK_BUILD/tests/pkconv"
P="$PK_PEERS"
[ -d "$P/speedscope" ] || skip "no peer corpus at $P"

files=$(cd "$P" && ls -d \
  speedscope/sample/profiles/Chrome/*/*.cpuprofile speedscope/sample/profiles/Chrome/*/*.json \
  speedscope/sample/profiles/Chrome/*/*.heapprofile speedscope/sample/profiles/node/*/* \
  speedscope/sample/profiles/pprof/* speedscope/sample/profiles/linux-perf/*.txt \
  firefox-profiler/src/test/fixtures/upgrades/*.cpuprofile* firefox-profiler/src/test/fixtures/upgrades/test.chrome* \
  firefox-profiler/src/test/fixtures/upgrades/chrome-trace-issue-5429.json.gz firefox-profiler/src/test/fixtures/upgrades/*perf* \
  pprof/internal/proftest/testdata/large.cpu pprof/internal/report/testdata/sample.cpu \
  pprof/internal/driver/testdata/cppbench.cpu_no_samples_type pprof/internal/driver/testdata/go.nomappings.crash \
  pprofutils/examples/*.pprof pprofutils/internal/legacy/test-fixtures/*.pb.gz \
  parca/pkg/query/testdata/*.pb.gz parca/pkg/query/testdata/many/*.pb.gz parca/pkg/parca/testdata/*.pb.gz \
  parca/pkg/symbolizer/testdata/*.pprof parca/pkg/symbolizer/testdata/*.pb.gz \
  pyroscope/pkg/og/convert/pprof/testdata/*.pb* pyroscope/pkg/og/convert/pprof/testdata/*.pprof \
  pyroscope/pkg/og/structs/flamebearer/convert/testdata/*.pb.gz \
  cpuprofilify/test/fixtures/*.cpuprofile cpuprofilify/test/fixtures/perf-script.txt \
  cpuprofile2stackcollapse/test/test.cpuprofile flamescope/examples/perf.test01 \
  FlameGraph/test/perf-*.txt inferno/tests/data/collapse-perf/*.txt 2>/dev/null)
n=0; rendered=0
for rel in $files; do
  f="$P/$rel"
  case "$rel" in
    *no-events.txt|*/single-line-stacks.txt) continue ;; # empty / not perf script text (inferno's own cases)
    */isolate-*-v8.log|*.v8log.json.zip) continue ;; # node --prof logs: no reader yet (refused, see formats.md)
  esac
  n=$((n + 1))
  if ! "$conv" folded "$f" >"$tmp/a" 2>"$tmp/err"; then fail "$rel: $(head -c 300 "$tmp/err")"; continue; fi
  if ! "$conv" pprof "$f" "$tmp/x.pb.gz" 2>"$tmp/err" || ! "$conv" folded "$tmp/x.pb.gz" >"$tmp/b" 2>>"$tmp/err"; then
    fail "$rel: pprof round trip: $(head -c 300 "$tmp/err")"; continue
  fi
  cmp -s "$tmp/a" "$tmp/b" || fail "$rel: X -> pprof -> folded differs from X -> folded"
  mkdir -p "$tmp/ss"
  "$conv" speedscope "$f" "$tmp/ss/$n.json" 2>"$tmp/err" || fail "$rel: speedscope export: $(cat "$tmp/err")"
  if [ -x "$PK_BIN/flamegen" ]; then
    if "$PK_BIN/flamegen" -o "$tmp/x.svg" "$f" 2>"$tmp/err"; then
      well_formed "$tmp/x.svg"; rendered=$((rendered + 1))
    else
      fail "$rel: flamegen: $(head -c 300 "$tmp/err")"
    fi
  fi
done
echo "$n peer profiles parsed and round-tripped through pprof; $rendered rendered"
if command -v node >/dev/null; then
  node "$(dirname "$0")/check_speedscope.js" "$tmp"/ss/*.json || fail "a speedscope export breaks the schema"
fi
[ "$n" -ge 100 ] || fail "only $n peer profiles found"

# a trace of duration events only (no CPU profile): read from its B/E/X events
"$conv" folded "$P/firefox-profiler/src/test/fixtures/upgrades/chrome-tracing.json.gz" >"$tmp/out" 2>"$tmp/err" ||
  fail "chrome-tracing.json.gz: $(cat "$tmp/err")"
[ -s "$tmp/out" ] || fail "chrome-tracing.json.gz: no stacks from its duration events"
# not CPU profiles: clean, specific failures
"$conv" folded "$P/dinfuehr-heap-snapshot/tests/data/heap-1.heapsnapshot" >/dev/null 2>"$tmp/err" &&
  fail "a heap snapshot was accepted as a profile"
grep -q "use heapdiff" "$tmp/err" || fail "heap snapshot: $(cat "$tmp/err")"

# speedscope snapshot NAME -> "stack value" lines in base units (us, ns or bytes)
snap_stacks() { # FILE NAME SCALE
  awk -v name="exports[\`$2 1\`]" -v scale="$3" '
    index($0, name) == 1 { on = 1; next }
    on && /^`;/ { exit }
    on && /"stacks": \[/ { st = 1; next }
    on && st && /^  \],/ { st = 0 }
    on && st { line = $0; sub(/^ *"/, "", line); sub(/",$/, "", line)
      n = split(line, parts, " ")
      if (parts[n] ~ /^[A-Za-z]+$/) { v = parts[n - 1]; cut = length(parts[n]) + length(v) + 2 }  # "32.03 KB"
      else { v = parts[n]; cut = length(v) + 1 }                                                  # "17.00ms"
      stack = substr(line, 1, length(line) - cut)
      sub(/[a-zA-Z]+$/, "", v); if (stack != "") sum[stack] += v * scale }
    END { for (s in sum) printf "%s %.0f\n", s, sum[s] }' "$1" | LC_ALL=C sort
}
close_enough() { # A B TOLERANCE: same stacks, values within tolerance
  join -j1 -t $'\x01' <(sed 's/ \([^ ]*\)$/\x01\1/' "$1" | sort) <(sed 's/ \([^ ]*\)$/\x01\1/' "$2" | sort) |
    awk -F $'\x01' -v tol="$3" '{ d = $2 - $3; if (d < 0) d = -d; if (d > tol) { print "value: " $0; bad = 1 } } END { exit bad }' || return 1
  [ "$(wc -l <"$1")" = "$(wc -l <"$2")" ] && [ "$(join -j1 -t $'\x01' <(sed 's/ \([^ ]*\)$/\x01\1/' "$1" | sort) <(sed 's/ \([^ ]*\)$/\x01\1/' "$2" | sort) | wc -l)" = "$(wc -l <"$1")" ]
}
S="$P/speedscope/src/import/__snapshots__"
R="$P/speedscope/sample/profiles"
check_snap() { # SNAPFILE NAME INPUT SCALE TOLERANCE
  snap_stacks "$S/$1" "$2" "$4" >"$tmp/want"
  "$conv" folded "$R/$3" | LC_ALL=C sort >"$tmp/got"
  [ -s "$tmp/want" ] || { fail "no snapshot stacks for $2"; return; }
  close_enough "$tmp/got" "$tmp/want" "$5" || { fail "$3 differs from speedscope's $2"; diff "$tmp/got" "$tmp/want" | head -5 >&2; }
}
check_snap chrome.test.ts.snap importFromChromeCPUProfile Chrome/65/simple.cpuprofile 1000 5
check_snap chrome.test.ts.snap "importFromV8Profiler Node 10" node/10.11.0/example.cpuprofile 1000 5
check_snap pprof.test.ts.snap importAsPprofProfile pprof/simple.prof 1000000 5000
# heap profiles: speedscope names anonymous frames differently, so compare
# the total with the weight of its (root) frame, exactly
for h in "from Chrome:Chrome/69/Heap-20181005T144546.heapprofile" "from NodeJS:node/10.11.0/Heap-20181003T105432.heapprofile"; do
  want=$(awk -v name="exports[\`importV8HeapAlloc ${h%%:*} 1\`]" '
    index($0, name) == 1 { on = 1 } on && /"name": "\(root\)"/ { root = 1 }
    on && root && /"totalWeight"/ { v = $2; sub(/,$/, "", v); print v; exit }' "$S/v8heapalloc.test.ts.snap")
  got=$("$conv" folded "$R/${h#*:}" | awk '{s += $NF} END {printf "%d", s}')
  [ -n "$want" ] && [ "$got" = "$want" ] || fail "${h#*:}: total $got bytes, speedscope's (root) weighs '$want'"
done
# pprofutils: pprof -> folded
"$conv" folded "$P/pprofutils/examples/folded.in.pprof" >"$tmp/got"
LC_ALL=C sort "$P/pprofutils/examples/folded.out.txt" | cmp -s - "$tmp/got" || fail "pprofutils folded.in.pprof"
# cpuprofile2stackcollapse: same number of samples
want=$(awk '{s += $NF} END {print s}' "$P/cpuprofile2stackcollapse/test/test.stacks")
got=$("$conv" --sample-type samples folded "$P/cpuprofile2stackcollapse/test/test.cpuprofile" | awk '{s += $NF} END {print s}')
[ "$want" = "$got" ] || fail "cpuprofile2stackcollapse: $got samples, want $want"
finish
