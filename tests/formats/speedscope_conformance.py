#!/usr/bin/env python3
"""speedscope_conformance.py - profkit's reading of speedscope's sample
profiles against speedscope's own Jest snapshots.

    speedscope_conformance.py PKCONV SPEEDSCOPE_DIR [--summary]

Each snapshot entry `exports[`<test> N`]` holds one imported profile:
frames {name, file, line, col, selfWeight, totalWeight} and `stacks`
(sample order, "a;b;c 1.00ms").  `<test>: profileGroup.name 1` names the
input file, found by its name under sample/profiles/ (the snapshot file
says which folder when two share a name).  profkit reads the input and
exports speedscope JSON (exact frames, no folded-name splitting); for each
of speedscope's profiles we compute every frame's self weight and total
weight (a frame counted once per stack, as speedscope does) and the weight
of every distinct stack, and compare:

- frames: the same names, self and total equal (after the unit scale,
  within half a unit of profkit's integer values);
- stacks: the same set of non-empty stacks, weights equal within the
  rounding of speedscope's two-decimal formatting.

When speedscope makes several profiles of one file (threads, processes),
profkit draws them in one graph under a base frame named like speedscope's
profile; the checker splits on that frame.  Empty stacks (time when no
frame is open) are not drawn by profkit on purpose, so they are skipped.

Prints one line per case (MATCH, DIFFER with the first difference, or
SKIP with the reason) and a count per snapshot file; exits 1 when a case
of a snapshot file in EXPECTED_MATCH_SNAPS does not match (NOT_DONE lists
the known gaps, printed as such).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import speedscope_v8_perf as RULES  # noqa: E402

# snapshot file -> (folders to look in when a file name is ambiguous,
#                   ns/us/... per snapshot weight unit: profkit value = scale * speedscope value)
SNAPS = {
    'import/__snapshots__/trace-event.test.ts.snap': (['trace-event'], 1000.0),
    'import/__snapshots__/bg-flamegraph.test.ts.snap': (['stackcollapse'], 1.0),
    'lib/__snapshots__/file-format.test.ts.snap': (['speedscope'], 'unit'),
    'import/__snapshots__/callgrind.test.ts.snap': (['callgrind'], 1.0),
    'import/__snapshots__/stackprof.test.ts.snap': (['stackprof'], 'stackprof'),
    'import/__snapshots__/firefox.test.ts.snap': (['Firefox'], 1e6),
    'import/__snapshots__/java-flight-recorder.test.ts.snap': (['java-flight-recorder'], 1.0),
    'import/__snapshots__/v8proflog.test.ts.snap': (['node'], 1000.0),
    'import/__snapshots__/instruments.test.ts.snap': (['Instruments'], 'instruments'),
}

# JFR: speedscope makes two profiles of a recording, "Without native calls"
# (jdk.ExecutionSample) and "With native calls" (those plus
# jdk.NativeMethodSample); profkit has one sample type per event, cpu and
# native, so the second is compared with the two together.  speedscope
# names a Java frame `package.Class:method`; profkit, on purpose, names it
# `package.Class.method` as async-profiler and JDK Mission Control do (and
# as the folded stacks of async-profiler's converter read), so the
# checker renames speedscope's frames before comparing.
JFR = {'import/__snapshots__/java-flight-recorder.test.ts.snap': [['cpu'], ['cpu', 'native']]}

# tests whose input file name is ambiguous (two folders hold one name)
TEST_INPUTS = {
    'importFromInstrumentsDeepCopy time profile': 'Instruments/7.3.1/simple-time-profile-deep-copy.txt',
    'importFromInstrumentsDeepCopy time profile, version 16': 'Instruments/16.0/simple-time-profile-deep-copy.txt',
}
# tests of inputs profkit does not read, on purpose (printed, not counted)
OUT_OF_SCOPE = {
    'importFromInstrumentsTrace': 'Instruments .trace bundles (zipped directories of binary data) are not read; '
                                  'the deep-copy text is',
}

# snapshot inputs profkit reads in another form: speedscope's v8proflog test
# reads the JSON that `node --prof-process --preprocess -j` made of the
# `node --prof` log (zipped beside it); profkit reads the log itself.
INPUT_FORMS = {
    'simple.v8log.json': 'node/8.5.0/isolate-0x102802600-v8.log',
}


def cpp_as_library(profile):
    """speedscope's '(c++) fn' frames are named by nm from the recording
    machine's node binary, which the log does not carry: profkit names such
    addresses by their library, '(LIB) /usr/local/bin/node' (what the
    preprocessor gives without the binary).  Differs on purpose: the C++
    frames of the expectation become that frame, its weights recomputed
    from the stacks (once per stack, as speedscope counts)."""
    lib = '(LIB) /usr/local/bin/node'
    stacks = []
    for entry in profile['stacks']:
        sw = stack_weight(entry)
        if not sw:
            stacks.append(entry)
            continue
        names = [lib if n.startswith('(c++) ') else n for n in sw[0].split(';')]
        stacks.append(';'.join(names) + entry[len(sw[0]):])
    cpp = [f for f in profile['frames'] if f['name'][0].startswith('(c++) ')]
    frames = [f for f in profile['frames'] if f not in cpp]
    # self: the C++ leaves' self weights; total: the totals of the C++ frames
    # that open each stack's C++ part (the outermost), from the stacks' names
    outer, inner = set(), set()
    for entry in profile['stacks']:
        sw = stack_weight(entry)
        names = [n for n in (sw[0].split(';') if sw else []) if n.startswith('(c++) ')]
        outer.update(names[:1])
        inner.update(names[1:])
    if outer & inner:
        raise ValueError('a C++ frame is both outermost and inner: cannot merge its weights')
    if cpp:
        frames.append({'name': (lib, '', 0), 'self': sum(f['self'] for f in cpp),
                       'total': sum(f['total'] for f in cpp if f['name'][0] in outer)})
    return dict(profile, stacks=stacks, frames=frames)


ON_PURPOSE = {'import/__snapshots__/v8proflog.test.ts.snap': cpp_as_library}

# Formats profkit read before this test compared them per frame: their
# inputs, options and the rules for what differs on purpose
# (speedscope_v8_perf.py).
SNAPS.update(RULES.SNAPS)
NAMED_INPUTS = RULES.NAMED_INPUTS

# speedscope makes one profile per event type of these; profkit one sample type (column) each
COLUMNS = {'import/__snapshots__/callgrind.test.ts.snap'}

# inputs named by the test, not found by profileGroup.name: file-format.test.ts names them
# in code; firefox.test.ts reads two files named simple-firefox.json (Firefox 59's, and
# 63's, the one with columns)
INPUTS_BY_TEST = {
    'importFromFirefox': 'Firefox/59/simple-firefox.json',
    'importFromFirefox ignore self-hosted': 'Firefox/63/simple-firefox.json',
    'importSpeedscopeProfiles 0.0.1 evented profile': 'speedscope/0.0.1/simple.speedscope.json',
    'importSpeedscopeProfiles 0.0.1 evented profile (no pretty print)':
        'speedscope/0.0.1/simple-no-pretty-print.speedscope.json',
    'importSpeedscopeProfiles 0.1.2 sampled profile': 'speedscope/0.1.2/simple-sampled.speedscope.json',
    'importSpeedscopeProfiles 0.6.0 multiple profiles': 'speedscope/0.6.0/two-sampled.speedscope.json',
}
# inputs speedscope refuses (its snapshot holds the error): profkit must refuse them too
MUST_FAIL = {
    'importSpeedscopeProfiles invalid due to out of order events': 'speedscope/invalid/out-of-order-events.json',
    'importSpeedscopeProfiles invalid due to incomplete trace': 'speedscope/invalid/incomplete-trace.json',
}
# speedscope file units -> nanoseconds (profkit's time unit)
UNIT_SCALE = {'nanoseconds': 1.0, 'microseconds': 1e3, 'milliseconds': 1e6, 'seconds': 1e9, 'bytes': 1.0,
              'none': 1.0}

# Snapshot files whose every case must match, except those listed in
# NOT_DONE: a regression in any of them fails the test.
EXPECTED_MATCH_SNAPS = {'import/__snapshots__/trace-event.test.ts.snap',
                        'import/__snapshots__/callgrind.test.ts.snap',
                        'import/__snapshots__/stackprof.test.ts.snap',
                        'import/__snapshots__/firefox.test.ts.snap',
                        'import/__snapshots__/java-flight-recorder.test.ts.snap',
                        'import/__snapshots__/bg-flamegraph.test.ts.snap',
                        'lib/__snapshots__/file-format.test.ts.snap',
                        'import/__snapshots__/v8proflog.test.ts.snap',
                        'import/__snapshots__/instruments.test.ts.snap'} | set(RULES.SNAPS)

KNOWN_DIFFER = RULES.KNOWN_DIFFER

# Cases profkit does not read yet (reported as DIFFER, not failed).
NOT_DONE = {}

# speedscope's formatted stack weights, in profkit's units (nanoseconds, bytes)
UNITS = {'ns': 1.0, 'µs': 1e3, 'us': 1e3, 'ms': 1e6, 's': 1e9, 'B': 1.0, 'KB': 1024.0, 'MB': 1024.0 ** 2,
         'GB': 1024.0 ** 3}


def jest_string(value):
    """A string as a Jest 29 snapshot prints it: quoted, not escaped, inside a
    template literal (so ` and ${ carry a backslash)."""
    if value in ('undefined', 'null'):
        return ''
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        value = value[1:-1]
    return re.sub(r'\\([`\\]|\$\{)', r'\1', value)  # ` \ ${ carry a backslash


def parse_snapshot(text):
    """{test name: {'profiles': [...], 'file': name}}"""
    tests = {}
    for m in re.finditer(r'^exports\[`(.*?)`\] = `(.*?)`;$', text, re.S | re.M):
        key, body = m.group(1), m.group(2)
        g = re.match(r'(.*): profileGroup\.name (\d+)$', key)
        if g:
            t = tests.setdefault(g.group(1), {'profiles': {}, 'file': None})
            t.setdefault('files', {})[int(g.group(2))] = body.strip().strip('"')
            if g.group(2) == '1':
                t['file'] = body.strip().strip('"')
            continue
        g = re.match(r'(.*) (\d+)$', key)
        if not g or not body.lstrip().startswith('{'):
            continue
        frames = []
        for fm in re.finditer(r'Frame \{\n(.*?)\n    \}', body, re.S):
            fields = dict(re.match(r'\s*"(\w+)": (.*),$', line).groups() for line in fm.group(1).split('\n'))
            line = fields.get('line', 'undefined')
            frames.append({'name': (jest_string(fields.get('name', '""')), jest_string(fields.get('file', 'undefined')),
                                    int(line) if line not in ('undefined', 'null') else 0),
                           'self': float(fields['selfWeight']), 'total': float(fields['totalWeight']),
                           'col': int(fields['col']) if fields.get('col', 'undefined') not in ('undefined', 'null') else 0})
        pname = re.search(r'^  "name": (.*),$', body, re.M)
        stacks = []
        sm = re.search(r'"stacks": \[\n(.*?)\n  \],', body, re.S)
        if sm:
            stacks = [jest_string(line.strip()[:-1]) for line in sm.group(1).split('\n')]
        t = tests.setdefault(g.group(1), {'profiles': {}, 'file': None})
        t['profiles'][int(g.group(2))] = {'frames': frames, 'stacks': stacks,
                                          'name': jest_string(pname.group(1)) if pname else ''}
    return tests


def snapshot_tests(sdir, snap):
    """the parsed tests of one snapshot file of speedscope's tree, or None when absent"""
    path = os.path.join(sdir, 'src', snap)
    if not os.path.exists(path):
        return None
    with open(path, encoding='utf-8') as fh:
        return parse_snapshot(fh.read())


def stack_weight(entry):
    """'a;b 1.50ms' -> ('a;b', 1500000.0 ns, True); a plain count -> (stack, count, False);
    speedscope's minutes:seconds for a millisecond value of a minute or more
    ('a;b 16:40') -> ns as well"""
    m = re.match(r'^(.*) (\d+):(\d\d)$', entry, re.S)
    if m:
        return m.group(1), (int(m.group(2)) * 60 + int(m.group(3))) * 1e9, True
    m = re.match(r'^(.*) (-?[0-9.]+)\s*([^0-9 ]*)$', entry, re.S)
    if not m:
        return None
    if m.group(3) in UNITS:
        return m.group(1), float(m.group(2)) * UNITS[m.group(3)], True
    return m.group(1), float(m.group(2)), False


def find_input(root, name, folders):
    hits = []
    for dirpath, _, files in os.walk(root):
        if name in files:
            hits.append(os.path.join(dirpath, name))
    if len(hits) > 1:
        preferred = [h for h in hits if any(os.sep + f + os.sep in h for f in folders)]
        hits = preferred or hits
    return sorted(hits)[0] if hits else None


def instruments_scale(path):
    """(frame scale, stack scale) of an Instruments deep copy: bytes stay
    bytes; time is speedscope's milliseconds, profkit's nanoseconds; cycles
    are counts in both, though speedscope formats them as milliseconds."""
    with open(path, encoding='utf-8') as fh:
        lines = fh.read().split('\n')
    if 'Bytes Used' in lines[0].split('\t'):
        return 1.0, 1.0
    for line in lines[1:]:
        m = re.search(r'(\d+(?:[.]\d+)?) ?(\w+)\s+(?:\d+(?:[.]\d+))%', line)
        if m:
            return (1.0, 1e-6) if m.group(2) in ('cycles', 'Kc', 'Mc', 'Gc') else (1e6, 1.0)
    return 1e6, 1.0


def profkit_profiles(pkconv, path, column=None, options=(), with_col=False):
    """profkit's reading of path (its default sample type, or column) as [(stack names, weight)]"""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'out.json')
        pick = ['--sample-type', str(column)] if column is not None else []
        r = subprocess.run([pkconv] + list(options) + pick + ['speedscope', path, out], capture_output=True, text=True)
        if r.returncode != 0:
            return None, r.stderr.strip()[:300]
        with open(out, encoding='utf-8') as fh:
            doc = json.load(fh)
    names = [(f['name'], f.get('file', ''), f.get('line', 0)) + ((f.get('col', 0),) if with_col else ())
             for f in doc['shared']['frames']]
    prof = doc['profiles'][doc['activeProfileIndex']]
    stacks = [([names[i] for i in s], w) for s, w in zip(prof['samples'], prof['weights'])]
    return stacks, None


def java_names(prof):
    """speedscope's JFR profile with `Class:method` frames renamed `Class.method`"""
    def rename(name):
        return '.'.join(name.rsplit(':', 1))
    frames = [dict(f, name=(rename(f['name'][0]),) + f['name'][1:]) for f in prof['frames']]
    stacks = []
    for entry in prof['stacks']:
        sw = re.match(r'^(.*)( [^ ]+)$', entry, re.S)
        stacks.append(';'.join(rename(n) for n in sw.group(1).split(';')) + sw.group(2) if sw else entry)
    return dict(prof, frames=frames, stacks=stacks)


def weights(stacks):
    """self and total per frame name (a name counted once per stack), weight per stack"""
    self_w, total_w, per_stack = {}, {}, {}
    for names, w in stacks:
        if not names:
            continue
        self_w[names[-1]] = self_w.get(names[-1], 0.0) + w
        for n in set(names):
            total_w[n] = total_w.get(n, 0.0) + w
        key = ';'.join(n[0] for n in names)
        per_stack[key] = per_stack.get(key, 0.0) + w
    return self_w, total_w, per_stack


def compare_stacks(want, got):
    """first difference in the frames and stacks of a profile, weights aside"""
    live = {f['name'] for f in want['frames'] if f['total'] > 0}
    _, got_total, got_stacks = weights(got)
    if live != set(got_total):
        return 'frames differ: only speedscope %s, only profkit %s' % (
            sorted(live - set(got_total))[:3], sorted(set(got_total) - live)[:3])
    want_stacks = {stack_weight(e)[0] for e in want['stacks'] if stack_weight(e) and stack_weight(e)[0]}
    if want_stacks != set(got_stacks):
        return 'stacks differ: only speedscope %s, only profkit %s' % (
            sorted(want_stacks - set(got_stacks))[:2], sorted(set(got_stacks) - want_stacks)[:2])
    return None


def compare(want, got, scale, stack_scale=1.0, tolerance=0.5):
    """first difference between a speedscope profile and profkit's stacks, or None.
    Frames are (name, file, line): two functions of one name stay apart."""
    want_self, want_total = {}, {}
    for f in want['frames']:
        want_self[f['name']] = want_self.get(f['name'], 0.0) + f['self']
        want_total[f['name']] = want_total.get(f['name'], 0.0) + f['total']
    got_self, got_total, got_stacks = weights(got)
    live = {n for n in want_total if want_total[n] > 0}
    if live != set(got_total):
        return 'frames differ: only speedscope %s, only profkit %s' % (
            sorted(live - set(got_total))[:3], sorted(set(got_total) - live)[:3])
    for n in live:
        for what, w, g in (('self', want_self.get(n, 0.0), got_self.get(n, 0.0)),
                           ('total', want_total[n], got_total.get(n, 0.0))):
            if abs(w * scale - g) > tolerance + 1e-9 * abs(g):
                return '%s of %r: speedscope %g, profkit %g' % (what, n, w * scale, g)
    want_stacks = {}
    for entry in want['stacks']:
        sw = stack_weight(entry)
        if sw and sw[0]:
            want_stacks[sw[0]] = want_stacks.get(sw[0], 0.0) + (sw[1] * stack_scale if sw[2] else sw[1] * scale)
    if set(want_stacks) != set(got_stacks):
        return 'stacks differ: only speedscope %s, only profkit %s' % (
            sorted(set(want_stacks) - set(got_stacks))[:2], sorted(set(got_stacks) - set(want_stacks))[:2])
    for k, w in want_stacks.items():  # two decimals per formatted sample, in its own unit: 1% is ample
        if abs(w - got_stacks[k]) > 0.01 * abs(w) + 0.5:
            return 'stack %r: speedscope %g, profkit %g' % (k, w, got_stacks[k])
    return None


# Snapshot files read by the readers of GHC JSON, pmcstat, Papyrus and Safari
# (compared profile by profile: speedscope's profile i is profkit's sample
# type i).  'scales': profkit value = scale * speedscope value per profile;
# 'inputs': test -> input under sample/profiles/ when profileGroup.name is
# not the file's name; 'why': what differs on purpose.
COLUMN_SNAPS = {
    # speedscope's time profile counts ticks as milliseconds; profkit weighs
    # ticks x tick_interval (1000 us in this file) in nanoseconds
    'import/__snapshots__/haskell.test.ts.snap': {'folders': ['haskell'], 'scales': [1e6, 1.0],
                                                  'inputs': {'importFromHaskell': 'haskell/simple.prof'}},
    # simple-with-invalids.txt: lines that are no entry are skipped (with a
    # warning) as speedscope skips them, so both files give the same stacks
    'import/__snapshots__/pmcstat-callgraph.test.ts.snap': {
        'folders': ['pmcstat'], 'scales': [1.0], 'why': 'lines that are no entry skipped with a warning, as speedscope skips them'},
    # milliseconds in the log, nanoseconds in profkit; time with no frame open is not drawn
    'import/__snapshots__/papyrus.test.ts.snap': {'folders': ['papyrus'], 'scales': [1e6]},
    # seconds in the file, nanoseconds in profkit; idle time between samples is not drawn
    'import/__snapshots__/safari.test.ts.snap': {'folders': ['Safari'], 'scales': [1e9],
                                                 'inputs': {'importFromSafari': 'Safari/13.1/simple.html-recording.json'},
                                                 # each sample's duration is rounded to a whole nanosecond: a
                                                 # frame's total may be off by half a nanosecond per sample
                                                 'tolerance': 0.5 * 23,
                                                 # unnamed functions: "(anonymous) file.js:8", as the V8 readers
                                                 'anonymous': True},
}


def check_column_snaps(pkconv, sdir, root):
    """(failures, summary lines) for COLUMN_SNAPS: every case must match"""
    failures, summary = 0, []
    for snap, spec in COLUMN_SNAPS.items():
        tests = snapshot_tests(sdir, snap)
        if tests is None:
            continue
        matched = total = 0
        for test, t in sorted(tests.items()):
            if not t['profiles'] or not t['file']:
                continue
            total += 1
            label = '%s [%s]' % (test, t['file'])
            rel = spec.get('inputs', {}).get(test)
            inp = os.path.join(root, rel) if rel else find_input(root, t['file'], spec['folders'])
            if not inp or not os.path.exists(inp):
                print('SKIP %s: input not in the sample corpus' % label)
                continue
            problem = None
            for prof in t['profiles'].values():  # counts print as "7,447"
                prof['stacks'] = [re.sub(r' (\d{1,3}(?:,\d{3})+)$', lambda m: ' ' + m.group(1).replace(',', ''), e)
                                  for e in prof['stacks']]
            if spec.get('anonymous'):  # unnamed functions in profkit's naming (speedscope_v8_perf.py)
                t['profiles'] = {k: RULES.anonymous_names(prof) for k, prof in t['profiles'].items()}
            for column, number in enumerate(sorted(t['profiles'])):
                got, error = profkit_profiles(pkconv, inp, column)
                got = [(names, w) for names, w in got or [] if w]  # a node costing only another type
                problem = problem or error or compare(t['profiles'][number], got, spec['scales'][column],
                                                      tolerance=spec.get('tolerance', 0.5))
            if problem:
                print('DIFFER %s: %s' % (label, problem))
                failures += 1
            else:
                print('MATCH %s%s' % (label, ' (%s)' % spec['why'] if spec.get('why') else ''))
                matched += 1
        summary.append('%s: %d of %d cases match' % (os.path.basename(snap), matched, total))
    return failures, summary


def main():
    pkconv, sdir = sys.argv[1], sys.argv[2]
    root = os.path.join(sdir, 'sample', 'profiles')
    failures = 0
    summary = []
    for snap, (folders, scale) in SNAPS.items():
        tests = snapshot_tests(sdir, snap)
        if tests is None:
            continue
        matched = total = 0
        for test, rel in sorted(MUST_FAIL.items()) if snap.startswith('lib/') else []:
            total += 1
            inp = os.path.join(root, rel)
            r = subprocess.run([pkconv, 'folded', inp], capture_output=True, text=True)
            if r.returncode != 0 and ('byte' in r.stderr):
                print('MATCH %s [%s]: refused as speedscope refuses it: %s' % (test, rel, r.stderr.strip()))
                matched += 1
            else:
                print('DIFFER %s [%s]: accepted, speedscope refuses it' % (test, rel))
                failures += 1
        cases = []
        for test, t in sorted(tests.items()):
            files = t.get('files', {})
            if len(files) > 1:  # one test importing several files: one case each
                for k in sorted(files):
                    cases.append(('%s #%d' % (test, k), {'profiles': {1: t['profiles'][k]}, 'file': files[k]}))
            else:
                cases.append((test, t))
        for test, t in cases:
            if not t['profiles'] or not t['file']:
                continue
            total += 1
            label = '%s [%s]' % (test, t['file'])
            inp = os.path.join(root, INPUTS_BY_TEST[test]) if test in INPUTS_BY_TEST else \
                os.path.join(root, NAMED_INPUTS[test]) if test in NAMED_INPUTS else \
                os.path.join(root, INPUT_FORMS[t['file']]) if t['file'] in INPUT_FORMS else \
                os.path.join(root, TEST_INPUTS[test]) if test in TEST_INPUTS else \
                find_input(root, t['file'], folders)
            if not inp:
                print('SKIP %s: input not in the sample corpus' % label)
                continue
            if t['file'] in NOT_DONE:
                print('DIFFER %s: not done: %s' % (label, NOT_DONE[t['file']]))
                continue
            case_scale, stack_scale = scale, 1.0
            if scale == 'instruments':
                case_scale, stack_scale = instruments_scale(inp)
            elif scale == 'unit':
                with open(inp, encoding='utf-8') as fh:
                    case_scale = UNIT_SCALE[json.load(fh)['profiles'][0].get('unit', 'none')]
            elif scale == 'stackprof':  # microseconds, or object counts
                with open(inp, encoding='utf-8') as fh:
                    case_scale = 1.0 if json.load(fh).get('mode') == 'object' else 1e3
            got, error = profkit_profiles(pkconv, inp, options=RULES.PK_OPTIONS.get(snap, ()),
                                          with_col=snap in RULES.V8_COLUMNS)
            if got is not None and snap in RULES.SNAPS:
                got = RULES.profkit_ns(pkconv, inp, got, snap, UNIT_SCALE)
                t['profiles'] = {k: RULES.as_profkit(snap, v) for k, v in t['profiles'].items()}
            if got is None:
                problem = 'profkit fails: ' + error
            else:
                profiles = [t['profiles'][k] for k in sorted(t['profiles'])]
                if snap in ON_PURPOSE:
                    profiles = [ON_PURPOSE[snap](prof) for prof in profiles]
                if snap in RULES.SNAPS:  # a thread with no samples is no frame of profkit's graph
                    profiles = [prof for prof in profiles if prof['frames']] or profiles[:1]
                problem = None
                if snap in JFR:
                    for prof, types in zip(profiles, JFR[snap]):
                        mine = []
                        for t in types:
                            part, error = profkit_profiles(pkconv, inp, t)
                            problem = problem or error
                            mine += part or []
                        problem = problem or compare(java_names(prof), mine, case_scale)
                elif snap in COLUMNS:
                    for i, prof in enumerate(profiles):
                        mine, error = profkit_profiles(pkconv, inp, i) if i else (got, None)
                        problem = problem or (error or compare(prof, mine, case_scale))
                elif len(profiles) == 1 and snap not in RULES.PERF_STACKS_ONLY:
                    problem = compare(profiles[0], got, case_scale, stack_scale)
                else:
                    for prof in profiles:
                        mine = [(s[1:], w) for s, w in got
                                if s and RULES.thread_of(snap, s[0][0]) == RULES.thread_of(snap, prof['name'])]
                        problem = problem or (compare_stacks(prof, mine) if snap in RULES.PERF_STACKS_ONLY else
                                              compare(prof, mine, case_scale))
            if problem and test in KNOWN_DIFFER:
                print('DIFFER %s: %s (known: %s)' % (label, problem, KNOWN_DIFFER[test]))
            elif problem:
                print('DIFFER %s: %s' % (label, problem))
                if snap in EXPECTED_MATCH_SNAPS:
                    failures += 1
            else:
                print('MATCH %s' % label)
                matched += 1
        for test in sorted(tests):
            for prefix, why in OUT_OF_SCOPE.items():
                if test.startswith(prefix) and tests[test]['profiles']:
                    print('SKIP %s: out of scope: %s' % (test, why))
        summary.append('%s: %d of %d cases match' % (os.path.basename(snap), matched, total))
    more_failures, more_summary = check_column_snaps(pkconv, sdir, root)
    failures += more_failures
    summary += more_summary
    for line in summary:
        print(line)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
