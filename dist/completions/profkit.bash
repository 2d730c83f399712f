# profkit.bash - bash completion for flamegen, flamediff and heapdiff.
#
# Installed once per command under share/bash-completion/completions/, or
# sourced directly.  Flags are listed per tool (tests/install/completions.sh
# checks them against each tool's --help); values complete where a list or
# a file type helps: formats, palettes, output files by extension, heap
# snapshots for heapdiff.

_profkit_files() { # $1: extglob pattern of file names to offer ("" = any file)
  local IFS=$'\n' cur=$2
  compopt -o filenames 2> /dev/null
  if [[ -z $1 ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -d -- "$cur") $(shopt -s extglob; compgen -f -X "!$1" -- "$cur"))
  fi
}

_profkit() {
  local tool=${COMP_WORDS[0]##*/} cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD - 1]}
  local flags valued inputs='' outputs='*.@(svg|png|html|folded|collapsed|pb.gz|pprof|pb|speedscope.json)'
  local view='--title --subtitle --width --height --minwidth --fontsize --fonttype --fontwidth
    -c --colors --hash --countname --nametype --notes --inverted --reverse
    --focus --focus-root --ignore --hide --prune-from --min-percent
    -t --sample-type --pid --tid --kernel --jit --all --addrs --exclude-idle
    --thread --process --merge-threads --max-input-size --max-ratio --progress --max-depth --source-map --input-format'
  local view_valued='--title --subtitle --width --height --minwidth --fontsize --fonttype --fontwidth
    -c --colors --countname --nametype --notes --focus --ignore --hide --prune-from --min-percent
    -t --sample-type --thread --process --max-input-size --max-ratio --max-depth --source-map --input-format'
  case $tool in
    flamegen)
      flags="-o --output -f --format $view --flamechart --top --top-by -h --help -V --version"
      valued="-o --output -f --format $view_valued --top --top-by" ;;
    flamediff)
      flags="-o --output -f --format -n --normalize --no-normalize --negate --show-removed
        --confidence --top --json --markdown --before --after --fail-if-grown --budget $view -h --help -V --version"
      valued="-o --output -f --format --confidence --top --json --markdown --before --after --fail-if-grown --budget
        $view_valued"
      outputs='*.@(svg|png|html|folded|collapsed)' ;;
    heapdiff)
      flags='-o --output --json --top -a --all --fail-on --max-growth --min-new --min-growth
        --min-share --max-turnover --any-process --tolerance --width --flame --html --paths --source-map --max-ratio --progress
        --input-format -h --help -V --version'
      valued='-o --output --top --fail-on --max-growth --min-new --min-growth --min-share --max-turnover
        --tolerance --width --flame --html --paths --source-map --max-ratio --input-format'
      inputs='*.@(heapsnapshot|heapsnapshot.gz)'
      outputs='*.@(json|txt)' ;;
    *) return 0 ;;
  esac

  if [[ " ${valued//$'\n'/ } " == *" $prev "* ]]; then
    case $prev in
      -o | --output) _profkit_files "$outputs" "$cur" ;;
      -f | --format)
        if [[ $tool == flamegen ]]; then
          COMPREPLY=($(compgen -W 'svg png html folded pprof speedscope' -- "$cur"))
        else
          COMPREPLY=($(compgen -W 'svg png html folded' -- "$cur"))
        fi ;;
      -c | --colors)
        COMPREPLY=($(compgen -W 'hot mem io java js perl red green blue aqua yellow purple orange' -- "$cur")) ;;
      --top-by) COMPREPLY=($(compgen -W 'self total' -- "$cur")) ;;
      --fail-on) COMPREPLY=($(compgen -W 'leak' -- "$cur")) ;;
      --json) _profkit_files '*.json' "$cur" ;;
      --markdown) _profkit_files '*.md' "$cur" ;;
      --flame) _profkit_files '*.@(svg|png)' "$cur" ;;
      --html) _profkit_files '*.html' "$cur" ;;
      --before | --after | --source-map) _profkit_files '' "$cur" ;;
      *) COMPREPLY=() ;; # free text or a number
    esac
    return 0
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  else
    _profkit_files "$inputs" "$cur"
  fi
}

complete -F _profkit flamegen flamediff heapdiff
