#!/usr/bin/env bash
# jfr_vs_jfr_print.sh - reading a Java Flight Recorder recording: flamegen
# (JFR -> folded stacks) against the JDK's own `jfr print --events
# jdk.ExecutionSample` of the same recording, in one run.
#
#   bash bench/jfr_vs_jfr_print.sh [SECONDS] [THREADS] [COPIES]   (default 60 s, 8 threads, 40 copies)
#
# Needs a JDK (java and jfr on PATH): `apt-get install openjdk-17-jdk-headless`
# (a benchmark-only dependency, so not in scripts/install-deps.sh).  The
# recording is real: bench/jfr/JfrLoad.java (threads through a few dozen
# methods at varying depth, sorting, hashing, building strings, allocating)
# run for SECONDS with bench/jfr/fast.jfc (execution samples every
# millisecond, native and allocation samples), recorded once into
# bench/out/ and reused.  On this shared 2-core machine the JVM takes only a
# few thousand execution samples a minute, so the big input is COPIES of
# the recording one after the other: a multi-chunk recording, as the JDK
# itself assembles from its repository (`jfr assemble`), which `jfr
# summary` reads as COPIES chunks.  Before timing, flamegen's cpu stacks of
# the recording are checked equal to the JDK's reading of it (`jfr print
# --json`, collapsed by tests/formats/jfr_print_collapse.py), and those of
# the big input equal them times COPIES.  `jfr print` shows the top 5
# frames of each stack by default; it is timed as the issue states it,
# and with `--stack-depth 64` as well (nearer flamegen's whole stacks).
source "$(dirname "$0")/lib.sh"
secs=${1:-60}
threads=${2:-8}
copies=${3:-40}
if ! command -v java >/dev/null || ! command -v jfr >/dev/null; then
  echo "java/jfr not installed: apt-get install openjdk-17-jdk-headless; not measured"
  exit 0
fi
one="$out_dir/jfrload-${secs}s-${threads}t.jfr"
if [ ! -s "$one" ]; then
  java -XX:StartFlightRecording=filename="$one",settings="$bench_dir/jfr/fast.jfc" \
    "$bench_dir/jfr/JfrLoad.java" "$secs" "$threads" > "$out_dir/jfrload.log" 2>&1
fi
"$bin/flamegen" --sample-type cpu --format folded -o "$out_dir/jfr.folded" "$one"
jfr print --json --stack-depth 100000 --events jdk.ExecutionSample "$one" |
  python3 "$repo_dir/tests/formats/jfr_print_collapse.py" cpu > "$out_dir/jfr-jdk.folded"
if cmp -s <(LC_ALL=C sort "$out_dir/jfr.folded") "$out_dir/jfr-jdk.folded"; then
  echo "check: flamegen's $(wc -l < "$out_dir/jfr.folded") cpu stacks of $(basename "$one") equal jfr print's"
else
  echo "check FAILED: flamegen's cpu stacks differ from jfr print's"; exit 1
fi
input="$out_dir/jfrload-${secs}s-${threads}t-x${copies}.jfr"
if [ ! -s "$input" ]; then
  for ((i = 0; i < copies; i++)); do cat "$one"; done > "$input"
fi
"$bin/flamegen" --sample-type cpu --format folded -o "$out_dir/jfr-big.folded" "$input"
if cmp -s <(LC_ALL=C sort "$out_dir/jfr-big.folded") <(awk -v n="$copies" '{$NF = $NF * n; print}' "$out_dir/jfr-jdk.folded"); then
  echo "check: the $copies-chunk input's cpu stacks are the recording's times $copies"
else
  echo "check FAILED: the $copies-chunk input's cpu stacks are not the recording's times $copies"; exit 1
fi
echo "input: $input ($(du -h "$input" | cut -f1), $(jfr summary "$input" | awk '/jdk.ExecutionSample/ {print $2}') execution samples, $(jfr summary "$input" | awk '/Chunks:/ {print $2}') chunks)"
measure flamegen_jfr "$bin/flamegen" --format folded -o "$out_dir/jfr.folded" "$input"
BENCH_RUNS=${JFR_RUNS:-3} measure jfr_print jfr print --events jdk.ExecutionSample "$input"
BENCH_RUNS=${JFR_DEPTH_RUNS:-1} measure jfr_print_depth64 jfr print --stack-depth 64 --events jdk.ExecutionSample "$input"
echo "speed-up: $(ratio "$jfr_print_secs" "$flamegen_jfr_secs")x faster than jfr print (wall)," \
     "$(ratio "$jfr_print_cpu" "$flamegen_jfr_cpu")x less CPU (user+sys);" \
     "$(ratio "$jfr_print_depth64_secs" "$flamegen_jfr_secs")x faster than jfr print --stack-depth 64 (wall);" \
     "memory: $(ratio "$flamegen_jfr_kb" "$jfr_print_kb") of jfr print's peak RSS"
