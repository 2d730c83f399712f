#!/usr/bin/env python3
"""gen_folded.py - a deterministic synthetic folded-stacks profile.

--shape callgraph (default): a synthetic program of 4,000 functions, each
calling a fixed handful of others, the first of them most often; every
stack is a random walk from an entry point down that call graph, as stacks
from a real program are, so stacks share prefixes the way real ones do.
--shape random: every frame drawn independently (almost no shared
prefixes): the worst case for building the call tree.

Unique stacks are written (sorted, or shuffled with --shuffle) with random
counts until the output reaches --size bytes.  The same seed always gives
the same bytes, so benchmark runs compare like with like.

usage: gen_folded.py [--size BYTES] [--stacks N] [--depth D] [--seed S]
                     [--shape callgraph|random] [--shuffle] > out.folded
"""
import argparse
import random
import sys

MODULES = ["http", "db", "json", "tls", "cache", "log", "sched", "gc", "net", "auth",
           "router", "render", "template", "crypto", "zlib", "io", "queue", "metrics"]
VERBS = ["read", "write", "parse", "encode", "decode", "lookup", "insert", "flush",
         "handle", "dispatch", "compute", "hash", "alloc", "free", "wait", "poll", "scan"]


def frame_name(rng):
    kind = rng.random()
    mod, verb = rng.choice(MODULES), rng.choice(VERBS)
    if kind < 0.55:
        return "%s::%s_%d" % (mod, verb, rng.randrange(40))
    if kind < 0.8:
        return "%s/%s.js:%s%d" % (mod, verb, rng.choice(MODULES), rng.randrange(300))
    if kind < 0.93:
        return "%s_%s_%d_[k]" % (rng.choice(["sys", "do", "__x64"]), verb, rng.randrange(20))
    return "Lcom/example/%s/%s;%d_[j]".replace(";", "") % (mod.capitalize(), verb, rng.randrange(50))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=20 * 1024 * 1024)
    ap.add_argument("--stacks", type=int, default=25000)
    ap.add_argument("--depth", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shuffle", action="store_true", help="lines in random order, not sorted")
    ap.add_argument("--shape", choices=["callgraph", "random"], default="callgraph")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    names = [frame_name(rng) for _ in range(4000)]
    roots = ["main", "worker_thread", "event_loop", "gc_thread"]
    stacks = []
    seen = set()
    callees = {n: rng.sample(names, rng.randint(2, 6)) for n in names + roots}
    while len(stacks) < a.stacks:
        depth = rng.randint(3, a.depth)
        stack = [rng.choice(roots)]
        for d in range(1, depth):
            if a.shape == "random":
                stack.append(rng.choice(names[: 20 + d * 40]))
            else:
                # Skewed like real programs: the first callee is the hot path.
                options = callees[stack[-1]]
                weights = [0.55 / (i + 1) ** 1.5 for i in range(len(options))]
                stack.append(rng.choices(options, weights)[0])
        key = ";".join(stack)
        if key not in seen:
            seen.add(key)
            stacks.append(key)
    if not a.shuffle:
        stacks.sort()
    out = sys.stdout
    written = 0
    i = 0
    while written < a.size:
        if a.shuffle:
            line = "%s %d\n" % (rng.choice(stacks), rng.randint(1, 500))
        else:
            line = "%s %d\n" % (stacks[i % len(stacks)], rng.randint(1, 500))
            i += 1
        out.write(line)
        written += len(line)


if __name__ == "__main__":
    main()
