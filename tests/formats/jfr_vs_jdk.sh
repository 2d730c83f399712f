#!/usr/bin/env bash
# jfr_vs_jdk.sh - with the JDK's `jfr` tool installed (openjdk-17-jdk-headless,
# not a CI dependency: skipped without it), profkit's stacks of
# testdata/formats/jfr/two-chunks.jfr and of speedscope's heavy.jfr (a JDK
# 21 recording) equal the JDK's own reading (`jfr print --json`, collapsed
# by jfr_print_collapse.py) for every sample type present.
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
conv="$PK_BUILD/tests/pkconv"
jfr_file="$PK_TESTDATA/formats/jfr/two-chunks.jfr"
command -v jfr >/dev/null && command -v python3 >/dev/null ||
  skip "the JDK's jfr tool is not installed (apt-get install openjdk-17-jdk-headless): JDK comparison not run"
heavy="$PK_PEERS/speedscope/sample/profiles/java-flight-recorder/heavy.jfr"
folded() { # TYPE FILE -> sorted folded stacks on stdout
  "$conv" --sample-type "$1" folded "$2" "$tmp/folded" 2>"$tmp/err" || { fail "pkconv $1 $2: $(cat "$tmp/err")"; return; }
  LC_ALL=C sort "$tmp/folded"
}

compared=0
for rec in "$jfr_file" "$heavy"; do
  [ -f "$rec" ] || continue
  jfr print --json --stack-depth 100000 "$rec" > "$tmp/print.json" 2>"$tmp/err" || { fail "jfr print $rec: $(head -c 300 "$tmp/err")"; continue; }
  for type in cpu native alloc alloc_tlab; do
    python3 "$here/jfr_print_collapse.py" "$type" < "$tmp/print.json" > "$tmp/jdk.folded"
    if [ -s "$tmp/jdk.folded" ]; then
      folded "$type" "$rec" > "$tmp/pk.folded"
      cmp -s "$tmp/jdk.folded" "$tmp/pk.folded" ||
        fail "$(basename "$rec") $type: profkit differs from jfr print: $(diff "$tmp/jdk.folded" "$tmp/pk.folded" | head -4 | cut -c1-200)"
      compared=$((compared + 1))
      echo "$(basename "$rec") $type: $(wc -l < "$tmp/pk.folded") stacks equal the JDK's"
    fi
  done
done
[ "$compared" -gt 0 ] || fail "no sample type compared"
finish
