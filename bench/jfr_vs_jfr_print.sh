#!/usr/bin/env bash
# jfr_vs_jfr_print.sh - reading a Java Flight Recorder recording: flamegen
# (JFR -> folded stacks) against the JDK's own `jfr print --events
# jdk.ExecutionSample` of the same recording, in one run.
#
#   bash bench/jfr_vs_jfr_print.sh [SECONDS] [THREADS]   (default 60 s, 8 threads)
#
# Needs a JDK (java and jfr on PATH): `apt-get install openjdk-17-jdk-headless`
# (a benchmark-only dependency, so not in scripts/install-deps.sh).  The
# recording is real: bench/jfr/JfrLoad.java (threads through a few dozen
# methods at varying depth, sorting, hashing, building strings, allocating)
# run for SECONDS with bench/jfr/fast.jfc (execution samples every
# millisecond, native and allocation samples), recorded once into
# bench/out/ and reused.  Before timing, flamegen's cpu stacks are checked
# equal to the JDK's reading of the same file (`jfr print --json`, collapsed
# by tests/formats/jfr_print_collapse.py).  `jfr print` shows the top 5
# frames of each stack by default; it is timed as the issue states it,
# and with `--stack-depth 64` as well (nearer flamegen's whole stacks).
source "$(dirname "$0")/lib.sh"
secs=${1:-60}
threads=${2:-8}
if ! command -v java >/dev/null || ! command -v jfr >/dev/null; then
  echo "java/jfr not installed: apt-get install openjdk-17-jdk-headless; not measured"
  exit 0
fi
input="$out_dir/jfrload-${secs}s-${threads}t.jfr"
if [ ! -s "$input" ]; then
  java -XX:StartFlightRecording=filename="$input",settings="$bench_dir/jfr/fast.jfc" \
    "$bench_dir/jfr/JfrLoad.java" "$secs" "$threads" > "$out_dir/jfrload.log" 2>&1
fi
echo "input: $input ($(du -h "$input" | cut -f1), $(jfr summary "$input" | awk '/jdk.ExecutionSample/ {print $2}') execution samples, $(jfr summary "$input" | awk '/Chunks:/ {print $2}') chunks)"
"$bin/flamegen" --sample-type cpu --format folded -o "$out_dir/jfr.folded" "$input"
jfr print --json --stack-depth 100000 --events jdk.ExecutionSample "$input" |
  python3 "$repo_dir/tests/formats/jfr_print_collapse.py" cpu > "$out_dir/jfr-jdk.folded"
if cmp -s <(LC_ALL=C sort "$out_dir/jfr.folded") "$out_dir/jfr-jdk.folded"; then
  echo "check: flamegen's $(wc -l < "$out_dir/jfr.folded") cpu stacks equal jfr print's"
else
  echo "check FAILED: flamegen's cpu stacks differ from jfr print's"; exit 1
fi
measure flamegen_jfr "$bin/flamegen" --format folded -o "$out_dir/jfr.folded" "$input"
BENCH_RUNS=${JFR_RUNS:-3} measure jfr_print jfr print --events jdk.ExecutionSample "$input"
BENCH_RUNS=${JFR_RUNS:-3} measure jfr_print_depth64 jfr print --stack-depth 64 --events jdk.ExecutionSample "$input"
echo "speed-up: $(ratio "$jfr_print_secs" "$flamegen_jfr_secs")x faster than jfr print (wall)," \
     "$(ratio "$jfr_print_cpu" "$flamegen_jfr_cpu")x less CPU (user+sys);" \
     "$(ratio "$jfr_print_depth64_secs" "$flamegen_jfr_secs")x faster than jfr print --stack-depth 64 (wall);" \
     "memory: $(ratio "$flamegen_jfr_kb" "$jfr_print_kb") of jfr print's peak RSS"
