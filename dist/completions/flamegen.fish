# flamegen.fish - fish completion for flamegen (profkit); flags checked against
# `flamegen --help` by tests/install/completions.sh; the flags it shares with
# flamediff (graph, filters, reading) are in profkit_view.fish.
complete -c flamegen -f
source (string replace -r '[^/]*$' '' -- (status filename))profkit_view.fish
complete -c flamegen -F
complete -c flamegen -s o -l output -r -k -a '(__fish_complete_suffix .speedscope.json; __fish_complete_suffix .pb; __fish_complete_suffix .pprof; __fish_complete_suffix .pb.gz; __fish_complete_suffix .collapsed; __fish_complete_suffix .folded; __fish_complete_suffix .html; __fish_complete_suffix .png; __fish_complete_suffix .svg)' -d 'write to FILE (atomically) instead of standard output'
complete -c flamegen -s f -l format -x -a 'svg png html folded pprof speedscope' -d 'output format: svg, png, html, folded, pprof, speedscope (default: from -o\'s extension, else svg)'
complete -c flamegen -l flamechart -d 'flame chart: x is time, stacks not merged (.cpuprofile, trace events)'
complete -c flamegen -l top -x -d 'print the N heaviest functions (pprof -top style) instead of a graph'
complete -c flamegen -l top-by -x -a 'self total' -d 'sort --top by self (flat, the default) or by total (cum)'
complete -c flamegen -s h -l help -d 'show this help'
complete -c flamegen -s V -l version -d 'show the version'
