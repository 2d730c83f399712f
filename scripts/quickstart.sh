#!/usr/bin/env bash
# quickstart.sh - the README's two commands.
#   example: install what is missing, build, render the bundled example and
#            print the path of the SVG.
#   test:    install what is missing, build, run the whole suite under ctest,
#            then build again with AddressSanitizer + UBSan (clang) and run
#            the suite there too, with every libFuzzer target for
#            PK_FUZZ_SECONDS (default 60) each.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-example}
jobs=$(nproc)

bash scripts/install-deps.sh
# the browser tests' driver (npm); without it they skip, saying why
bash scripts/install-browser-tests.sh || echo "quickstart: playwright-core could not be installed; browser tests will skip" >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs" >/dev/null

case "$mode" in
  example)
    out="$PWD/build/example.svg"
    build/bin/flamegen --title "profkit example" -o "$out" testdata/example/example.folded
    echo "$out"
    ;;
  test)
    ctest --test-dir build --output-on-failure -j"$jobs"
    CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPROFKIT_SANITIZE=ON \
      -DPROFKIT_FUZZ=ON -DPK_FUZZ_SECONDS="${PK_FUZZ_SECONDS:-60}" >/dev/null
    cmake --build build-asan -j"$jobs" >/dev/null
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir build-asan --output-on-failure -j"$jobs"
    ;;
  *)
    echo "usage: $0 example|test" >&2
    exit 2
    ;;
esac
