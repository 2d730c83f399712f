#!/usr/bin/env bash
# heap_phases_ab.sh - two or more heapdiff binaries run in turn on one
# snapshot, N rounds; prints the median time of every PK_HEAP_PHASES
# mark, the whole run and the peak RSS for each binary, side by side.
# Alternating cancels most of this VM's drift between runs.
#
#   bench/heap_phases_ab.sh N SNAPSHOT BIN_A BIN_B [BIN ...]
set -eu
[ $# -ge 4 ] || { echo "usage: $0 N SNAPSHOT BIN_A BIN_B [BIN ...]" >&2; exit 2; }
rounds=$1 snap=$2
shift 2
raw=$(mktemp) err=$(mktemp) tm=$(mktemp)
trap 'rm -f "$raw" "$err" "$tm"' EXIT
for _ in $(seq "$rounds"); do
  for i in $(seq $#); do
    bin=${!i}
    /usr/bin/time -f "%e %M" -o "$tm" env PK_HEAP_PHASES=1 "$bin" --top 10 "$snap" > /dev/null 2> "$err"
    sed -n "s/^\[phase\] *\([0-9.]*\) s.*) *\(.*\)\$/$i|\1|\2/p" "$err" >> "$raw"
    read -r secs kb < "$tm"
    echo "$i|$secs|whole run (s)" >> "$raw"
    echo "$i|$((kb / 1024))|peak RSS (MiB)" >> "$raw"
  done
done
python3 - "$raw" "$@" <<'PY'
import collections, statistics, sys
raw, bins = sys.argv[1], sys.argv[2:]
times, order = collections.defaultdict(list), []
for line in open(raw):
    i, value, name = line.rstrip("\n").split("|", 2)
    times[(int(i), name)].append(float(value))
    if name not in order:
        order.append(name)
for i, b in enumerate(bins, 1):
    print("%d: %s" % (i, b))
print("%-34s" % "mark (median)" + "".join("%10d" % i for i in range(1, len(bins) + 1)))
for name in order:
    cells = [times.get((i, name)) for i in range(1, len(bins) + 1)]
    print("%-34s" % name + "".join("%10.3f" % statistics.median(c) if c else "%10s" % "-" for c in cells))
PY
