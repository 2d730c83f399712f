#!/usr/bin/env python3
"""jfr_print_collapse.py TYPE - folded stacks of the JDK's own reading of a
recording: reads `jfr print --json --stack-depth N` from stdin and writes
`frame;frame;... weight` lines (root first, sorted) for one of profkit's
JFR sample types, named as profkit names Java frames (package.Class.method).
The independent side of tests/formats/jfr_reader.sh."""
import json
import sys

EVENTS = {'cpu': {'jdk.ExecutionSample': None}, 'native': {'jdk.NativeMethodSample': None},
          'alloc': {'jdk.ObjectAllocationSample': 'weight'},
          'alloc_tlab': {'jdk.ObjectAllocationInNewTLAB': 'allocationSize',
                         'jdk.ObjectAllocationOutsideTLAB': 'allocationSize'}}


def main():
    kinds = EVENTS[sys.argv[1]]
    stacks = {}
    for ev in json.load(sys.stdin)['recording']['events']:
        if ev['type'] not in kinds:
            continue
        values = ev['values']
        weight = values[kinds[ev['type']]] if kinds[ev['type']] else 1
        trace = values.get('stackTrace')
        if not trace or weight <= 0:
            continue
        names = []
        for frame in reversed(trace['frames']):
            method = frame['method']
            cls = (method.get('type') or {}).get('name') or ''
            names.append((cls.replace('/', '.') + '.' if cls else '') + method['name'])
        key = ';'.join(names)
        stacks[key] = stacks.get(key, 0) + weight
    for key in sorted(stacks):
        print('%s %d' % (key, stacks[key]))


if __name__ == '__main__':
    main()
