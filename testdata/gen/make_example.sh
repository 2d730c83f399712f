#!/usr/bin/env bash
# make_example.sh - regenerate testdata/example/example.folded, the bundled
# example the quick start renders: a small synthetic service profile.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 bench/gen_folded.py --size 40000 --stacks 120 --depth 18 --seed 7 > testdata/example/example.folded
