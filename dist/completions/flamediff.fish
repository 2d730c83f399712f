# flamediff.fish - fish completion for flamediff (profkit); flags checked against
# `flamediff --help` by tests/install/completions.sh; the flags it shares with
# flamegen (graph, filters, reading) are in profkit_view.fish.
complete -c flamediff -f
source (string replace -r '[^/]*$' '' -- (status filename))profkit_view.fish
complete -c flamediff -F
complete -c flamediff -s o -l output -r -k -a '(__fish_complete_suffix .collapsed; __fish_complete_suffix .folded; __fish_complete_suffix .html; __fish_complete_suffix .png; __fish_complete_suffix .svg)' -d 'write to FILE (atomically) instead of standard output'
complete -c flamediff -s f -l format -x -a 'svg png html folded' -d 'output format: svg, png, html, folded (two counts: before after) (default: from -o\'s extension, else svg)'
complete -c flamediff -s n -l normalize -d 'scale the first profile to the second\'s total (default when the totals differ)'
complete -c flamediff -l no-normalize -d 'compare raw counts'
complete -c flamediff -l negate -d 'swap the colours: blue for growth, red for shrinkage'
complete -c flamediff -l show-removed -d 'draw frames present only in the first profile (in blue)'
complete -c flamediff -l confidence -x -d 'confidence of the noise test, in percent (default 99)'
complete -c flamediff -l top -x -d 'print the N largest significant changes by self and by total'
complete -c flamediff -l json -r -k -a '(__fish_complete_suffix .json)' -d 'write a JSON report (schema: docs/diff.md) to FILE, - for stdout'
complete -c flamediff -l markdown -r -k -a '(__fish_complete_suffix .md)' -d 'write a Markdown report (for a pull request) to FILE, - for stdout'
complete -c flamediff -l before -r -d 'a run of the first side (repeatable; a directory gives all its files)'
complete -c flamediff -l after -r -d 'a run of the second side (repeatable; a directory gives all its files)'
complete -c flamediff -l fail-if-grown -x -d 'exit 3 if a function\'s self or total share grew significantly by more than PCT points'
complete -c flamediff -l budget -x -d 'exit 3 if stacks through frames matching REGEX exceed PCT% (repeatable)'
complete -c flamediff -s h -l help -d 'show this help'
complete -c flamediff -s V -l version -d 'show the version'
