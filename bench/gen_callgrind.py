#!/usr/bin/env python3
"""gen_callgrind.py OUT MEGABYTES - a synthetic callgrind file of about
MEGABYTES MB: 2000 functions in 50 files, each with cost lines at many
positions (two events, Ir and Dr, with subposition compression) and calls
to a few functions of a later rank (a DAG, as real call graphs mostly
are), names compressed as valgrind writes them.  Deterministic (seeded)."""
import random
import sys

out, megabytes = sys.argv[1], float(sys.argv[2])
rng = random.Random(15)
n_fn, n_files = 2000, 50
target = int(megabytes * 1e6)
with open(out, 'w') as f:
    f.write('# callgrind format\nversion: 1\ncreator: gen_callgrind.py\npositions: line\nevents: Ir Dr\n\n')
    named_fn, named_fl = set(), set()
    size = 0
    rounds = 0
    while size < target:
        rounds += 1
        for i in range(n_fn):
            fl = i % n_files
            chunk = []
            chunk.append('fl=(%d)%s\n' % (fl, '' if fl in named_fl else ' src/file%d.c' % fl))
            named_fl.add(fl)
            chunk.append('fn=(%d)%s\n' % (i, '' if i in named_fn else ' fn_%d_%s' % (i, 'x' * (i % 7))))
            named_fn.add(i)
            line = 10 + i
            chunk.append('%d %d %d\n' % (line, rng.randint(1, 5000), rng.randint(0, 900)))
            for _ in range(rng.randint(2, 8)):
                chunk.append('+%d %d %d\n' % (rng.randint(1, 4), rng.randint(1, 500), rng.randint(0, 90)))
            if i < n_fn - 1:
                for _ in range(rng.randint(1, 3)):
                    callee = rng.randint(i + 1, min(n_fn - 1, i + 40))
                    cfl = callee % n_files
                    if cfl != fl:
                        chunk.append('cfl=(%d)%s\n' % (cfl, '' if cfl in named_fl else ' src/file%d.c' % cfl))
                        named_fl.add(cfl)
                    chunk.append('cfn=(%d)%s\n' % (callee, '' if callee in named_fn else ' fn_%d_%s' % (callee, 'x' * (callee % 7))))
                    named_fn.add(callee)
                    chunk.append('calls=%d %d\n' % (rng.randint(1, 100), 10 + callee))
                    chunk.append('* %d %d\n' % (rng.randint(100, 200000), rng.randint(10, 20000)))
            chunk.append('\n')
            text = ''.join(chunk)
            f.write(text)
            size += len(text)
            if size >= target:
                break
