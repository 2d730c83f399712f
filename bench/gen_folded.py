#!/usr/bin/env python3
"""gen_folded.py - a deterministic synthetic folded-stacks profile.

Builds a random call tree shaped like a backend service (a few entry
points, shared library frames, deep recursive parsers), then writes
folded lines until the output reaches the requested size.  The same seed
always gives the same bytes, so benchmark runs compare like with like.

usage: gen_folded.py [--size BYTES] [--stacks N] [--depth D] [--seed S]
                     [--shuffle] > out.folded
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
    a = ap.parse_args()
    rng = random.Random(a.seed)
    names = [frame_name(rng) for _ in range(4000)]
    roots = ["main", "worker_thread", "event_loop", "gc_thread"]
    stacks = []
    seen = set()
    while len(stacks) < a.stacks:
        depth = rng.randint(3, a.depth)
        stack = [rng.choice(roots)]
        # Share prefixes: pick early frames from a small pool, later ones from all.
        for d in range(1, depth):
            pool = names[: 20 + d * 40]
            stack.append(rng.choice(pool))
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
