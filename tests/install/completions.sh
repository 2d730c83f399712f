#!/usr/bin/env bash
# completions.sh - the bash, zsh and fish completions (dist/completions)
# offer every flag each tool's --help lists, and no other:
#   bash  the completion function run for "TOOL -" (COMPREPLY);
#   fish  `complete -C "TOOL -"` after loading TOOL.fish (skipped without fish);
#   zsh   the _arguments specs _profkit passes for TOOL, with _arguments
#         stubbed to print them (skipped without zsh).
# Plus file completion by extension: heapdiff's inputs and --flame in bash.
set -uo pipefail
here=$(dirname "$0")
dir=$PWD/dist/completions
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
compare() { # NAME EXPECTED ACTUAL
  if ! diff "$2" "$3" > "$work/diff"; then
    echo "FAIL: $1 (< --help only, > completion only):" >&2
    grep '^[<>]' "$work/diff" >&2; fail=1
  fi
}
for tool in flamegen flamediff heapdiff; do
  python3 "$here/help_flags.py" "$PK_BIN/$tool" |
    awk '{print "--" $1; if ($2 != "-") print "-" $2}' | sort -u > "$work/help"
  [ -s "$work/help" ] || { echo "FAIL: no flags read from $tool --help" >&2; fail=1; }

  bash -c 'source "$1/profkit.bash"; COMP_WORDS=("$2" -); COMP_CWORD=1; _profkit
           printf "%s\n" "${COMPREPLY[@]}"' _ "$dir" "$tool" | sort -u > "$work/bash"
  compare "$tool: bash" "$work/help" "$work/bash"

  if command -v fish > /dev/null; then
    fish -N -c "source $dir/$tool.fish; complete -C'$tool -'" | cut -f1 | sort -u > "$work/fish"
    compare "$tool: fish" "$work/help" "$work/fish"
  fi
  if command -v zsh > /dev/null; then
    zsh -f -c '_arguments() { print -rl -- "$@" }; service=$1; source $2/_profkit' _ "$tool" "$dir" |
      sed -nE 's/^(\([^)]*\))?\*?(-[-A-Za-z0-9]+)=?\[.*/\2/p' | sort -u > "$work/zsh"
    compare "$tool: zsh" "$work/help" "$work/zsh"
  fi
done
command -v fish > /dev/null || echo "note: fish not installed; fish completions not run" >&2
command -v zsh > /dev/null || echo "note: zsh not installed; zsh completions not run" >&2

# values by file type (bash): heapdiff offers snapshots, --flame offers .svg and .png
mkdir -p "$work/files/sub" && cd "$work/files" && touch a.heapsnapshot b.heapsnapshot.gz c.svg d.png e.json
offered() { bash -c 'source "$1/profkit.bash"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _profkit
                     printf "%s\n" "${COMPREPLY[@]}"' _ "$dir" "$@" | sort | tr '\n' ' '; }
[ "$(offered heapdiff '')" = "a.heapsnapshot b.heapsnapshot.gz sub " ] || { echo "FAIL: heapdiff inputs: $(offered heapdiff '')" >&2; fail=1; }
[ "$(offered heapdiff --flame '')" = "c.svg d.png sub " ] || { echo "FAIL: heapdiff --flame: $(offered heapdiff --flame '')" >&2; fail=1; }
[ "$(offered flamegen -c ja)" = "java " ] || { echo "FAIL: flamegen -c ja: $(offered flamegen -c ja)" >&2; fail=1; }
exit $fail
