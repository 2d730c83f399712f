# heapdiff.fish - fish completion for heapdiff (profkit); flags checked against
# `heapdiff --help` by tests/install/completions.sh.
complete -c heapdiff -f
complete -c heapdiff -k -a '(__fish_complete_suffix .heapsnapshot.gz; __fish_complete_suffix .heapsnapshot)'
complete -c heapdiff -s o -l output -r -k -a '(__fish_complete_suffix .txt; __fish_complete_suffix .json)' -d 'write the report to FILE (atomically) instead of standard output; FILE.json means --json'
complete -c heapdiff -l json -d 'write JSON (schema in docs/heap.md) instead of a table'
complete -c heapdiff -l top -x -d 'show only the first N classes'
complete -c heapdiff -s a -l all -d 'diff: also list stable classes'
complete -c heapdiff -l fail-on -x -a 'leak' -d 'exit 3 if any class is judged a leak'
complete -c heapdiff -l max-growth -x -d 'exit 3 if the heap total grew by more than SIZE (e.g. 10M)'
complete -c heapdiff -l min-new -x -d 'new objects needed for a leak or churn verdict (default 10)'
complete -c heapdiff -l min-growth -x -d 'retained change that counts as growth or shrink (default 4K)'
complete -c heapdiff -l tolerance -x -d 'churn: net retained change within FRACTION of the turnover (default 0.1)'
complete -c heapdiff -l width -x -d 'table width (default: the terminal\'s, else 120)'
complete -c heapdiff -l flame -r -k -a '(__fish_complete_suffix .svg)' -d 'also draw the dominator tree as an SVG flame graph weighted by retained size'
complete -c heapdiff -l paths -x -d 'explain the first N leak/growth classes with retainer paths (default 5, 0 = none)'
complete -c heapdiff -l max-ratio -x -d 'refuse gzip inputs that expand more than N times past 256 MiB (default 100)'
complete -c heapdiff -s h -l help -d 'show this help'
complete -c heapdiff -s V -l version -d 'show the version'
