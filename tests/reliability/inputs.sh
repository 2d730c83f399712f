#!/usr/bin/env bash
# inputs.sh - an input that changes under us: truncated while the tool reads
# and parses it (stopped with SIGSTOP, truncated, continued), the run ends
# with a correct answer (it had read everything) or an error naming the
# file, never a signal (a mapped input gave SIGBUS).  The deterministic case
# (truncated between open and read) is in tests/model/test_source.c.
. "$(dirname "$0")/../cli/lib.sh"
gen="$PK_BIN/flamegen"
cd "$tmp"
python3 - <<'PY' >big.folded
import random
random.seed(2)
for i in range(150000):
    print(";".join("f%d" % random.randrange(60) for _ in range(random.randrange(3, 30))), random.randrange(1, 100))
PY
for delay in 0 0.02 0.1 0.3; do
  cp big.folded input.folded
  "$gen" --format folded -o out.folded input.folded 2>err &
  pid=$!
  sleep $delay
  kill -STOP $pid 2>/dev/null
  truncate -s 100000 input.folded
  kill -CONT $pid 2>/dev/null
  wait $pid
  got=$?
  if [ $got -eq 1 ]; then
    grep -q "input.folded" err || fail "delay $delay: the error does not name the file: $(cat err)"
  elif [ $got -ne 0 ]; then
    fail "delay $delay: exit $got (a signal?): $(head -c 300 err)"
  fi
done
finish
