#!/usr/bin/env bash
# jfr_reader.sh - the JFR reader (formats/jfr.c) on recordings with known
# content:
# - testdata/formats/jfr/two-chunks.jfr (made by jfr_write.py, which must
#   still make it byte for byte): two chunks with their own pools, strings
#   in UTF-8, UTF-16 and Latin-1, an unrelated event and pool to skip, a
#   sample whose stack trace is not in the pool (not drawn); the folded
#   stacks of each sample type are written out below;
# - the same file gzipped reads the same;
# jfr_vs_jdk.sh compares with the JDK's own reading.
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
conv="$PK_BUILD/tests/pkconv"
jfr_file="$PK_TESTDATA/formats/jfr/two-chunks.jfr"

folded() { # TYPE FILE -> sorted folded stacks on stdout
  "$conv" --sample-type "$1" folded "$2" "$tmp/folded" 2>"$tmp/err" || { fail "pkconv $1 $2: $(cat "$tmp/err")"; return; }
  LC_ALL=C sort "$tmp/folded"
}

if command -v python3 >/dev/null; then
  python3 "$here/jfr_write.py" "$tmp/regenerated.jfr"
  cmp -s "$tmp/regenerated.jfr" "$jfr_file" || fail "jfr_write.py no longer makes $jfr_file"
fi

[ "$(folded cpu "$jfr_file")" = "Main.main;Café.brew 1
Main.main;java.util.Random.nextInt 4" ] || fail "cpu stacks: $(folded cpu "$jfr_file")"
[ "$(folded native "$jfr_file")" = "Main.main;Café.brew;Ünï.cödé.run😀 2" ] || fail "native stacks: $(folded native "$jfr_file")"
[ "$(folded alloc "$jfr_file")" = "Main.main;Café.brew 1000" ] || fail "alloc stacks: $(folded alloc "$jfr_file")"
[ "$(folded alloc_tlab "$jfr_file")" = "Main.main;java.util.Random.nextInt 64" ] || fail "alloc_tlab stacks"
gzip -c "$jfr_file" > "$tmp/two-chunks.jfr.gz"
[ "$(folded cpu "$tmp/two-chunks.jfr.gz")" = "$(folded cpu "$jfr_file")" ] || fail "gzipped recording reads differently"
finish

