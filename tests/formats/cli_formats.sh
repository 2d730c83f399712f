#!/usr/bin/env bash
# cli_formats.sh - flamegen with the profile formats: the output format
# follows -o's extension (.pb.gz, .speedscope.json, .folded) or --format;
# any input format draws an SVG; bad input exits 1 with
# "flamegen: FILE: byte N: message" and leaves no output file behind.
. "$(dirname "$0")/../cli/lib.sh"
fg="$PK_BIN/flamegen"
[ -x "$fg" ] || skip "flamegen not built"
T="$PK_TESTDATA/formats"
expect_exit 0 "$fg" -o "$tmp/a.pb.gz" "$T/node-cpu.cpuprofile"
[ "$(head -c 2 "$tmp/a.pb.gz" | od -An -tx1 | tr -d ' ')" = "1f8b" ] || fail ".pb.gz output is not gzip"
expect_exit 0 "$fg" -o "$tmp/a.speedscope.json" "$T/go-cpu.pb.gz"
grep -q '"\$schema":"https://www.speedscope.app/file-format-schema.json"' "$tmp/a.speedscope.json" || fail "speedscope output lacks its schema"
expect_exit 0 "$fg" -o "$tmp/a.folded" "$tmp/a.pb.gz"
grep -q ';hotLoop ' "$tmp/a.folded" || fail "cpuprofile -> pprof -> folded lost hotLoop"
expect_exit 0 "$fg" --format folded --sample-type samples "$T/node-cpu.cpuprofile"
grep -q ';hotLoop [0-9]*$' "$tmp/out" || fail "--sample-type samples"
expect_exit 0 "$fg" -o "$tmp/a.svg" "$T/node-heap.heapprofile"
grep -q 'allocHot' "$tmp/a.svg" || fail "heap profile SVG lacks allocHot"
expect_exit 0 "$fg" --format speedscope -o "$tmp/x.out" "$T/go-heap.pb.gz"
grep -q '"name":"alloc_space"' "$tmp/x.out" || fail "--format speedscope"
# errors: message with the byte offset, exit 1, nothing written
expect_exit 1 "$fg" -o "$tmp/bad.svg" "$T/errors/truncated.cpuprofile"
grep -q "^flamegen: .*truncated.cpuprofile: byte 4995: unexpected end of input" "$tmp/err" || fail "error text: $(cat "$tmp/err")"
[ ! -e "$tmp/bad.svg" ] || fail "a failed run left its output file"
ls "$tmp" | grep -q '^\.\?bad\.svg\.' && fail "a failed run left a temporary file"
expect_exit 1 "$fg" "$T/errors/snapshot.heapsnapshot"
grep -q "use heapdiff" "$tmp/err" || fail "heap snapshot message: $(cat "$tmp/err")"
# gzip is detected from the content, not the name
gzip -c "$T/node-cpu.cpuprofile" >"$tmp/plain-name.txt"
expect_exit 0 "$fg" --format folded "$tmp/plain-name.txt"
grep -q ';hotLoop ' "$tmp/out" || fail "gzip'd cpuprofile named .txt"
finish
