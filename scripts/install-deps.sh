#!/usr/bin/env bash
# install-deps.sh - install the Debian 12 packages profkit builds and tests
# with, only those missing (idempotent; needs root; never asks questions).
set -euo pipefail
packages=(
  build-essential cmake pkg-config git
  libcairo2-dev libxml2-dev libxml2-utils libjansson-dev zlib1g-dev
  libprotobuf-c-dev protobuf-c-compiler
  libpcre2-dev                      # patterns from input files (pprof drop_frames), with bounds
  clang libclang-rt-14-dev          # sanitizer build and libFuzzer targets
  fontconfig fonts-dejavu-core      # PNG text uses real font metrics
  libfontconfig-dev                 # PNG: pk_png_shutdown releases the font cache (FcFini)
  python3                           # heap tests read heapdiff's JSON output
  nodejs                            # tests run the SVG script and check speedscope exports
  chromium                          # browser tests of the HTML pages (tests/browser, playwright-core via npm)
  man-db                            # man --warnings checks the man pages
  file dpkg-dev                     # cpack -G DEB: ELF detection, dpkg-shlibdeps
  zsh fish                          # the shell completions are run in each shell
  libelf-dev libdw-dev              # perf.data: ELF symbol tables, build ids and debug links (elfutils)
  libiberty-dev                     # perf.data: C++ names demangled as perf itself does (cplus_demangle)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "profkit: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
