#!/usr/bin/env bash
# make_example.sh - regenerate testdata/example/example.folded, the bundled
# example the quick start renders: a small synthetic service profile.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 bench/gen_folded.py --size 30000 --stacks 150 --depth 24 --seed 7 > testdata/example/example.folded
