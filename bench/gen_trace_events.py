#!/usr/bin/env python3
"""gen_trace_events.py OUT MEGABYTES - a Chrome trace-event JSON file of
about MEGABYTES MB: {"traceEvents": [...]} with metadata naming 4
processes x 4 threads and, per thread, nested B/E pairs and X events with
args (what chrome://tracing and Perfetto's JSON export write).
Deterministic (seeded); streams, so it needs no memory for big files."""
import random
import sys

out, megabytes = sys.argv[1], float(sys.argv[2])
rng = random.Random(15)
target = int(megabytes * 1e6)
names = ['RunTask', 'ParseHTML', 'Layout', 'Paint', 'V8.Execute', 'FunctionCall', 'GC', 'Decode', 'Commit',
         'UpdateLayerTree'] + ['fn_%d' % i for i in range(200)]
with open(out, 'w') as f:
    f.write('{"traceEvents":[\n')
    for pid in range(1, 5):
        f.write('{"ph":"M","name":"process_name","pid":%d,"tid":0,"args":{"name":"proc%d"}},\n' % (pid, pid))
        for tid in range(1, 5):
            f.write('{"ph":"M","name":"thread_name","pid":%d,"tid":%d,"args":{"name":"thread%d"}},\n' % (pid, tid, tid))
    size, ts = 0, 0.0
    clocks = {}
    first = True
    while size < target:
        pid, tid = rng.randint(1, 4), rng.randint(1, 4)
        t = clocks.get((pid, tid), 0.0)
        depth = rng.randint(1, 12)
        stack = [rng.choice(names) for _ in range(depth)]
        lines = []
        for name in stack:
            lines.append('{"ph":"B","name":"%s","pid":%d,"tid":%d,"ts":%.3f,"cat":"devtools.timeline"}' % (name, pid, tid, t))
            t += rng.randint(1, 50) / 8
        x = rng.choice(names)
        lines.append('{"ph":"X","name":"%s","pid":%d,"tid":%d,"ts":%.3f,"dur":%.3f,"args":{"data":{"frame":"F%d","url":"https://example.com/%d.js"}}}'
                     % (x, pid, tid, t, rng.randint(1, 400) / 4, rng.randint(0, 9), rng.randint(0, 99)))
        t += 101
        for name in reversed(stack):
            t += rng.randint(1, 50) / 8
            lines.append('{"ph":"E","name":"%s","pid":%d,"tid":%d,"ts":%.3f}' % (name, pid, tid, t))
        clocks[(pid, tid)] = t + 3
        text = ',\n'.join(lines) + ',\n'
        f.write(text)
        size += len(text)
    f.write('{"ph":"M","name":"trace_end","pid":0,"tid":0,"args":{}}\n]}\n')
