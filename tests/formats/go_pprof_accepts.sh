#!/usr/bin/env bash
# go_pprof_accepts.sh - what the pprof writer produces, `go tool pprof`
# reads: for a perf script, a .cpuprofile, a heap profile and a Go profile,
# `go tool pprof -raw` succeeds and its sample total for the default type
# equals ours.  Skipped without Debian's golang-go.
. "$(dirname "$0")/../cli/lib.sh"
command -v go >/dev/null || skip "go not installed"
export GOCACHE="$tmp/gocache" GOFLAGS=-mod=mod HOME="$tmp"
conv="$PK_BUILD/tests/pkconv"
T="$PK_TESTDATA/formats"
printf 'app 12 1.0: 3 cycles:\n\tffff1 do_work_[k] ([kernel.kallsyms])\n\t4 main (/bin/app)\n\napp 12 1.1: 2 cycles:\n\t5 helper (/bin/app)\n\t4 main (/bin/app)\n\n' >"$tmp/perf.txt"
for f in "$tmp/perf.txt" "$T/node-cpu.cpuprofile" "$T/node-heap.heapprofile" "$T/go-heap.pb.gz"; do
  "$conv" pprof "$f" "$tmp/out.pb.gz" || { fail "$f: pprof export"; continue; }
  if ! timeout 120 go tool pprof -raw "$tmp/out.pb.gz" >"$tmp/raw" 2>"$tmp/err"; then
    fail "$f: go tool pprof rejects our pprof: $(head -c 300 "$tmp/err")"; continue
  fi
  want=$("$conv" folded "$f" 2>/dev/null | awk '{s += $NF} END {printf "%d", s}')
  def=$("$conv" --types folded "$f" | awk '/^default/ {print $2}')
  # -raw: "Samples:", a header of types, then "  v0 v1 ...: location ids"
  got=$(awk -v col="$def" '/^Samples:/ {on = 1; getline; next} /^Locations/ {on = 0}
        on && /:/ { split($0, a, ":"); n = split(a[1], v, " "); s += v[col + 1] } END {printf "%d", s}' "$tmp/raw")
  [ "$got" = "$want" ] || fail "$f: go tool pprof total $got, ours $want"
done
finish
