#!/usr/bin/env python3
"""formats_gen_cpuprofile.py - write a large synthetic V8 .cpuprofile.

A random call tree (--nodes nodes, depth up to --depth, names from a pool
of functions in a few scripts) and --samples samples with time deltas, in
the shape `node --cpu-prof` writes: {nodes, startTime, endTime, samples,
timeDeltas}.  Deterministic (fixed seed).  Used by
bench/formats_cpuprofile.sh to measure parse time and peak memory.
"""
import argparse
import json
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=20000)
    ap.add_argument("--samples", type=int, default=10500000)
    ap.add_argument("--depth", type=int, default=40)
    args = ap.parse_args()
    rnd = random.Random(42)
    out = sys.stdout
    names = ["fn%d" % i for i in range(2000)]
    nodes = [{"id": 1, "parent": None, "depth": 0, "children": []}]
    for i in range(2, args.nodes + 1):
        while True:
            parent = nodes[rnd.randrange(len(nodes))]
            if parent["depth"] < args.depth:
                break
        node = {"id": i, "parent": parent["id"], "depth": parent["depth"] + 1, "children": []}
        parent["children"].append(i)
        nodes.append(node)
    out.write('{"nodes":[')
    for k, n in enumerate(nodes):
        if n["id"] == 1:
            frame = {"functionName": "(root)", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1}
        else:
            name = names[rnd.randrange(len(names))]
            frame = {"functionName": name, "scriptId": str(n["id"] % 7 + 1),
                     "url": "file:///srv/app/lib/module%d.js" % (n["id"] % 7),
                     "lineNumber": n["id"] % 900, "columnNumber": n["id"] % 40}
        rec = {"id": n["id"], "callFrame": frame, "hitCount": 0, "children": n["children"]}
        out.write(("," if k else "") + json.dumps(rec, separators=(",", ":")))
    leaves = [n["id"] for n in nodes if n["id"] != 1]
    out.write('],"startTime":1000000,"endTime":%d,"samples":[' % (1000000 + args.samples * 800))
    chunk = []
    for i in range(args.samples):
        chunk.append(str(leaves[rnd.randrange(len(leaves))]))
        if len(chunk) == 100000:
            out.write(("," if i >= 100000 else "") + ",".join(chunk))
            chunk = []
    if chunk:
        out.write(("," if args.samples > len(chunk) else "") + ",".join(chunk))
    out.write('],"timeDeltas":[')
    deltas = [str(rnd.randrange(100, 1500)) for _ in range(args.samples)]
    out.write(",".join(deltas))
    out.write("]}\n")


if __name__ == "__main__":
    main()
