#!/usr/bin/env bash
# outputs.sh - outputs respect what is there (libprofile/src/outfile.c):
# a device, a FIFO or /dev/stdout is written in place, a symlink is
# followed and its target replaced, a regular file replaced atomically with
# its permissions; /dev/full (ENOSPC) and a closed pipe (EPIPE) are errors
# with exit 1; SIGINT/SIGTERM/SIGHUP during -o remove the temporary file and
# end the tool with 128+N.
. "$(dirname "$0")/../cli/lib.sh"
gen="$PK_BIN/flamegen"
diff="$PK_BIN/flamediff"
in="$PK_TESTDATA/example/example.folded"
[ -f "$in" ] || in="testdata/example/example.folded"
cd "$tmp"
"$gen" --format folded "$in" >want.folded || fail "cannot convert $in"

# A character device made here (root only): it stays a device, the bytes go to it.
if [ "$(id -u)" -eq 0 ] && mknod nulldev c 1 3 2>/dev/null; then
  expect_exit 0 "$gen" -o nulldev "$in"
  [ -c nulldev ] || fail "-o on a device node replaced it: $(ls -l nulldev)"
  expect_exit 0 "$diff" --json nulldev "$in" "$in"
  [ -c nulldev ] || fail "--json on a device node replaced it"
else
  echo "note: not root, the mknod case is not run"
fi

# A FIFO: written in place, a reader gets the output.
mkfifo fifo
cat fifo >fifo.out &
reader=$!
expect_exit 0 "$gen" --format folded -o fifo "$in"
wait $reader
[ -p fifo ] || fail "-o on a FIFO replaced it"
cmp -s fifo.out want.folded || fail "the FIFO's reader did not get the output"

# A symlink: followed, the target replaced, the link kept; a dangling one creates its target.
mkdir sub
echo old >sub/real
ln -s sub/real link
expect_exit 0 "$gen" --format folded -o link "$in"
[ -L link ] || fail "-o on a symlink replaced the link"
cmp -s sub/real want.folded || fail "the symlink's target does not hold the output"
ln -s real sub/relative
expect_exit 0 "$gen" --format folded -o sub/relative "$in"
[ -L sub/relative ] && cmp -s sub/real want.folded || fail "a relative symlink was not followed from its directory"
ln -s missing dangling
expect_exit 0 "$gen" --format folded -o dangling "$in"
[ -L dangling ] && cmp -s missing want.folded || fail "a dangling symlink's target was not created"

# A regular file: replaced (new inode), its permission bits kept, no temporary left.
echo old >regular
chmod 600 regular
expect_exit 0 "$gen" --format folded -o regular "$in"
cmp -s regular want.folded || fail "the regular file does not hold the output"
[ "$(stat -c %a regular)" = 600 ] || fail "the replaced file's mode is $(stat -c %a regular), want 600"
ls ./*.tmp.* sub/*.tmp.* 2>/dev/null && fail "temporary files left behind"

# The machine's own /dev/stdout and /dev/full only after the local device,
# FIFO and symlink cases passed: a build that still renames over its target
# would replace them for everyone.
if [ "$failures" -ne 0 ]; then
  echo "the local cases failed: /dev/stdout and /dev/full are not tried"
  finish
fi
# /dev/stdout is written in place (through the pipe), never replaced.
"$gen" --format folded -o /dev/stdout "$in" >stdout.out || fail "-o /dev/stdout failed"
cmp -s stdout.out want.folded || fail "-o /dev/stdout did not write to standard output"
[ -L /dev/stdout ] || fail "/dev/stdout is no longer a symlink"

# Write errors: ENOSPC on /dev/full, EPIPE on a closed pipe: exit 1 and a message.
if [ -c /dev/full ]; then
  expect_exit 1 "$gen" -o /dev/full "$in"
  [ -c /dev/full ] || fail "/dev/full was replaced"
  expect_exit 1 "$gen" --format folded -o /dev/full "$in"
  expect_exit 1 "$diff" --json /dev/full "$in" "$in"
  "$gen" --format folded "$in" >/dev/full 2>err; [ $? -eq 1 ] || fail "stdout on /dev/full: exit is not 1"
fi
python3 - <<'PY' >big.folded
import random
random.seed(1)
for i in range(60000):
    print(";".join("f%d" % random.randrange(40) for _ in range(random.randrange(3, 25))), random.randrange(1, 100))
PY
"$gen" --minwidth 0 big.folded 2>pipe.err | head -c 10 >/dev/null
[ "${PIPESTATUS[0]}" -eq 1 ] || fail "a closed pipe: exit ${PIPESTATUS[0]}, want 1"
grep -q "write" pipe.err || fail "a closed pipe is not reported: $(cat pipe.err)"

# Signals during -o: the temporary file goes, the exit is 128+N.
for sig in INT TERM HUP; do
  rm -f sig.svg sig.svg.tmp.*
  env --default-signal=INT,TERM,HUP "$gen" --minwidth 0 -o sig.svg big.folded 2>/dev/null &
  pid=$!
  for _ in $(seq 1 2000); do compgen -G "sig.svg.tmp.*" >/dev/null && break; sleep 0.01; done
  compgen -G "sig.svg.tmp.*" >/dev/null || { fail "SIG$sig: no temporary file appeared"; kill $pid; wait $pid; continue; }
  kill -s $sig $pid
  wait $pid
  got=$?
  want=$((128 + $(kill -l $sig)))
  [ $got -eq $want ] || fail "SIG$sig during -o: exit $got, want $want"
  compgen -G "sig.svg.tmp.*" >/dev/null && fail "SIG$sig during -o left $(ls sig.svg.tmp.*)"
  [ -e sig.svg ] && fail "SIG$sig during -o left a sig.svg"
done
finish
