#!/usr/bin/env bash
# merge_many_pprof.sh - a thousand pprof files merged by flamegen in one
# run: time and peak RSS, against the same merge of the first 10 files
# (memory should follow the merged tree, not the inputs' sum).
#
#   BIG=/work/big N=1000 bash bench/merge_many_pprof.sh
#
# The files (about 1.1 MB each, .pb.gz) are written by merge_gen_pprof.c
# into $BIG/pprof-$N (outside the repository; delete it afterwards): one
# service's population of 200,000 stacks 10-40 frames deep, each file a
# random 25,000 of them with random counts.  The merged profile is written
# as pprof (what a continuous-profiling backend takes); its folded form is
# made from that file to count the merged stacks.
source "$(dirname "$0")/lib.sh"
big=${BIG:-/work/big}
n=${N:-1000}
dir="$big/pprof-$n"
build="${PK_BUILD:-$repo_dir/build}"
mkdir -p "$big"
gen="$big/merge_gen_pprof"
cc -O2 -I"$build/libprofile/proto" "$bench_dir/merge_gen_pprof.c" "$build/libprofile/proto/profile.pb-c.c" \
  $(pkg-config --cflags --libs libprotobuf-c zlib) -o "$gen"
if [ ! -d "$dir" ] || [ "$(ls "$dir" | wc -l)" -ne "$n" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  "$gen" "$dir" "$n"
fi
mkdir -p "$big/pprof-first10"
for f in $(ls "$dir" | head -10); do ln -sf "$dir/$f" "$big/pprof-first10/$f"; done
echo "inputs: $n files, $(du -sb "$dir" | cut -f1) bytes ($(du -sh "$dir" | cut -f1)); machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_RUNS=${BENCH_RUNS:-1} measure merge_10_pprof "$bin/flamegen" --format pprof -o "$big/merged-10.pb.gz" "$big/pprof-first10"
BENCH_RUNS=${BENCH_RUNS:-1} measure merge_${n}_pprof "$bin/flamegen" --format pprof -o "$big/merged.pb.gz" "$dir"
"$bin/flamegen" --format folded -o "$big/merged.folded" "$big/merged.pb.gz"
echo "merged: $(wc -l <"$big/merged.folded") stacks, pprof $(stat -c %s "$big/merged.pb.gz") bytes;" \
     "10 files: $(stat -c %s "$big/merged-10.pb.gz") bytes"
kb_var=merge_${n}_pprof_kb
secs_var=merge_${n}_pprof_secs
echo "peak RSS: $n files $((${!kb_var} / 1024)) MiB, 10 files $((merge_10_pprof_kb / 1024)) MiB;" \
     "inputs $(($(du -sb "$dir" | cut -f1) / 1048576)) MiB; $(awk -v s="${!secs_var}" -v n="$n" 'BEGIN {printf "%.1f ms a file", 1000 * s / n}')"
rm -f "$big/merged.folded" "$big/merged-10.pb.gz"
rm -rf "$big/pprof-first10"
