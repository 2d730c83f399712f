#!/usr/bin/env bash
# promises.sh - the command line keeps its promises (issue 14):
#   - the output format follows --format or -o's extension; a combination
#     that cannot be honoured is a usage error (exit 2) naming what works,
#     and writes nothing;
#   - a short flag means the same long flag in every tool (read from --help);
#   - every --help ends with the exit codes, 3 only in tools with gates;
#   - --hash does something: flamegraph.pl's name-hash colours instead of
#     its default ones.
. "$(dirname "$0")/lib.sh"
ex=$PK_TESTDATA/example/example.folded
snap=$PK_TESTDATA/heap/leak-1.heapsnapshot.gz
fg=$PK_BIN/flamegen fd=$PK_BIN/flamediff hd=$PK_BIN/heapdiff

# usage_error WANT_IN_STDERR CMD...: exit 2, the message names WANT, no file left
usage_error() {
  local want=$1; shift
  expect_exit 2 "$@"
  grep -qF -- "$want" "$tmp/err" || fail "$*: stderr lacks '$want': $(cat "$tmp/err")"
  [ -z "$(ls "$tmp/o" 2>/dev/null)" ] || fail "$*: left $(ls "$tmp/o")"
}
mkdir -p "$tmp/o"
usage_error ".svg, .png, .html, .folded" "$fg" -o "$tmp/o/x.jpg" "$ex"
usage_error "write it to standard output or a .txt file" "$fg" --top 10 -o "$tmp/o/x.svg" "$ex"
usage_error "--top prints a text table" "$fg" --top 10 --format png "$ex"
usage_error "formats: svg, png, html, folded, pprof, speedscope" "$fg" --format jpg "$ex"
usage_error "make them agree" "$fg" --format png -o "$tmp/o/x.svg" "$ex"
usage_error "formats: svg, png, html, folded" "$fd" -o "$tmp/o/x.pb.gz" "$ex" "$ex"
usage_error "name a .svg or .png file" "$hd" --flame "$tmp/o/x.jpg" "$snap"
usage_error "(.json)" "$hd" -o "$tmp/o/x.svg" "$snap"
usage_error "use a .json file" "$hd" --json -o "$tmp/o/x.txt" "$snap"

# what each extension asks for is what is written
expect_exit 0 "$fg" -o "$tmp/x.png" "$ex"
[ "$(head -c 4 "$tmp/x.png" | od -An -c | tr -d ' ')" = '211PNG' ] || fail "-o x.png is not a PNG"
expect_exit 0 "$fg" -o "$tmp/x.folded" "$ex"
grep -q ';.* [0-9]*$' "$tmp/x.folded" || fail "-o x.folded is not folded text"
expect_exit 0 "$fg" --top 5 -o "$tmp/top.txt" "$ex"
grep -q '^Showing 5 of' "$tmp/top.txt" || fail "--top -o top.txt: $(head -2 "$tmp/top.txt")"
expect_exit 0 "$fd" -o "$tmp/d.folded" "$ex" "$ex"
grep -q ' [0-9]* [0-9]*$' "$tmp/d.folded" || fail "flamediff -o d.folded is not two-count folded"
expect_exit 0 "$hd" -o "$tmp/h.json" "$snap"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/h.json" || fail "heapdiff -o h.json is not JSON"
expect_exit 0 "$hd" --flame "$tmp/h.svg" "$snap"
xmllint --noout "$tmp/h.svg" || fail "heapdiff --flame h.svg is not SVG"

# short flags: one meaning across the tools
for t in "$fg" "$fd" "$hd"; do
  python3 "$(dirname "$0")/../install/help_flags.py" "$t" | awk -v t="$(basename "$t")" '$2 != "-" {print $2, $1, t}'
done > "$tmp/shorts"
awk '{ if ($1 in long && long[$1] != $2) print "-" $1 " is --" long[$1] " in " tool[$1] " but --" $2 " in " $3; long[$1] = $2; tool[$1] = $3 }' \
  "$tmp/shorts" > "$tmp/clash"
[ ! -s "$tmp/clash" ] || fail "short flags disagree: $(cat "$tmp/clash")"

# --help ends with the exit codes
for t in "$fg" "$fd" "$hd"; do
  "$t" --help > "$tmp/help" || fail "$t --help failed"
  sed -n '/^exit status:/,$p' "$tmp/help" > "$tmp/codes"
  for code in 0 1 2; do grep -q "^  $code  " "$tmp/codes" || fail "$(basename "$t") --help: no exit code $code at the end"; done
  [ "$(sed 1d "$tmp/codes" | grep -vc '^  [0-9]  ')" = 0 ] || fail "$(basename "$t") --help does not end with the exit codes"
done
grep -q '^  3  ' <("$fg" --help) && fail "flamegen has no gate but lists exit 3"
grep -q '^  3  a CI gate' <("$fd" --help) || fail "flamediff --help lacks exit 3"
grep -q '^  3  a CI gate' <("$hd" --help) || fail "heapdiff --help lacks exit 3"

# --hash changes the colours (and only them)
"$fg" "$ex" > "$tmp/default.svg" && "$fg" --hash "$ex" > "$tmp/hash.svg" || fail "flamegen failed"
cmp -s "$tmp/default.svg" "$tmp/hash.svg" && fail "--hash changed nothing"
[ "$(sed 's/fill="[^"]*"//g' "$tmp/default.svg" | md5sum)" = "$(sed 's/fill="[^"]*"//g' "$tmp/hash.svg" | md5sum)" ] \
  || fail "--hash changed more than the colours"
finish
