"""speedscope_v8_perf.py - the rules speedscope_conformance.py applies to the
formats profkit read before that test compared them per frame: Chrome
(.cpuprofile and traces), pprof, V8 heap profiles and perf script.

Each rule maps one difference that is on purpose (named with its reason
and where profkit documents it) so that everything else is compared as
for the other snapshots; KNOWN_DIFFER lists the cases that still differ.
"""
import re
import subprocess

# Formats profkit read before this test compared them per frame (they
# were checked by sums of stacks in peers_formats.sh): inputs named per
# test, as several share a file name (worker.json) or the profile's name is
# not the file's (linux perf names its threads).
SNAPS = {
    'import/__snapshots__/chrome.test.ts.snap': (['Chrome', 'node'], 1000.0),  # microseconds
    'import/__snapshots__/pprof.test.ts.snap': (['pprof'], 1.0),
    'import/__snapshots__/v8heapalloc.test.ts.snap': (['Chrome', 'node'], 1.0),
    'import/__snapshots__/linux-tools-perf.test.ts.snap': (['linux-perf'], 1.0),
}
NAMED_INPUTS = {
    'importFromChromeCPUProfile': 'Chrome/65/simple.cpuprofile',
    'importFromChromeTimeline': 'Chrome/65/simple-timeline.json',
    'importFromChromeTimeline chunked': 'Chrome/65/simple-timeline.json',
    'importFromChromeTimeline Chrome 69': 'Chrome/69/simple.json',
    'importFromChromeTimeline Chrome 116': 'Chrome/116/Trace-20230603T221323.json',
    'importFromChromeTimeline Workers Chrome 66': 'Chrome/66/worker.json',
    'importFromChromeTimeline Workers Chrome 70': 'Chrome/70/worker.json',
    'importFromV8Profiler Node 10': 'node/10.11.0/example.cpuprofile',
    'importTraceEvents Chrome 141 profile with missing arg data': 'Chrome/141/no-arg-data.json',
    'importAsPprofProfile': 'pprof/simple.prof',
    'importV8HeapAlloc from Chrome': 'Chrome/69/Heap-20181005T144546.heapprofile',
    'importV8HeapAlloc from NodeJS': 'node/10.11.0/Heap-20181003T105432.heapprofile',
    'importFromLinuxPerf forks.linux-perf.txt': 'linux-perf/forks.linux-perf.txt',
    'importFromLinuxPerf one-sample.linux-perf.txt': 'linux-perf/one-sample.linux-perf.txt',
    'importFromLinuxPerf simple.linux-perf.txt': 'linux-perf/simple.linux-perf.txt',
    'importFromLinuxPerf simple-with-header.linux-perf.txt': 'linux-perf/simple-with-header.linux-perf.txt',
    'importFromLinuxPerf simple-with-pids.linux-perf.txt': 'linux-perf/simple-with-pid.linux-perf.txt',
    'importFromLinuxPerf system-wide.linux-perf.txt': 'linux-perf/system-wide.linux-perf.txt',
    'importFromLinuxPerf system-wide.linux-perf.txt chunked': 'linux-perf/system-wide.linux-perf.txt',
}

# profkit's weights of these are scaled to nanoseconds by the unit it
# reports (`pkconv --types`): a .cpuprofile is read in microseconds, pprof
# in its own unit.
# perf script: profkit follows FlameGraph's stackcollapse-perf.pl (its
# conformance is formats_perf_conformance): a sample weighs its period, an
# unknown symbol is named [dso] ([unknown] when the dso is unknown too).
# speedscope weighs a sample by the time to its thread's next one and names
# it "??? (dso)".  So for these the names are mapped and, per thread
# (profkit's --tid base frame "comm-pid/tid"), the frames and the stacks
# must be the same; the weights are not compared, on purpose.
PERF_STACKS_ONLY = {'import/__snapshots__/linux-tools-perf.test.ts.snap'}
# V8 line numbers are 0-based: speedscope's heap-profile importer keeps them
# (its `(BYTECODE_COMPILER)` is on line -1), its .cpuprofile importer adds
# 1, profkit adds 1 in both (docs/design.md, as DevTools shows them).
V8_ZERO_BASED_LINES = {'import/__snapshots__/v8heapalloc.test.ts.snap'}
# speedscope names an unnamed V8 function "(anonymous file.js:12)", profkit
# "(anonymous) file.js:12" (docs/design.md): the same frame.
V8_ANONYMOUS = {'import/__snapshots__/chrome.test.ts.snap', 'import/__snapshots__/v8heapalloc.test.ts.snap'}
# Two V8 functions on one line differ by their column (minified code):
# both keep them apart, so the column is part of the frame here.
V8_COLUMNS = {'import/__snapshots__/v8heapalloc.test.ts.snap'}
# speedscope never draws Chrome's `(idle)` samples; profkit draws them
# unless --exclude-idle (docs/design.md), so that option is given.
PK_OPTIONS = {'import/__snapshots__/chrome.test.ts.snap': ['--exclude-idle'],
              'import/__snapshots__/linux-tools-perf.test.ts.snap': ['--tid']}
# speedscope keeps a heap profile's `(root)` node as a frame; profkit
# reads it as the model's root (docs/design.md), so it is taken off.
V8_ROOT_FRAME = {'import/__snapshots__/v8heapalloc.test.ts.snap'}
# A pprof frame in profkit is the function (its start line, 0 when the
# profile has none, as Go's older profiles); speedscope's frame shows the
# line of a sampled location.  Names, files and weights are compared.
FUNCTION_LINES = {'import/__snapshots__/pprof.test.ts.snap'}


def anonymous_names(prof):
    """speedscope's "(anonymous file.js:12)" as profkit names it, "(anonymous) file.js:12"
    (Safari recordings: the same rule as the V8 formats, lines as they are)"""
    anon = re.compile(r'\(anonymous ([^;()]*?):(-?\d+)\)')

    def rename(text):
        return anon.sub(lambda m: '(anonymous) %s:%s' % (m.group(1), m.group(2)), text)
    return dict(prof, frames=[dict(f, name=(rename(f['name'][0]),) + tuple(f['name'][1:])) for f in prof['frames']],
                stacks=[rename(s) for s in prof['stacks']])


def as_profkit(snap, prof):
    """speedscope's profile in profkit's naming and lines (the rules above)"""
    shift = 1 if snap in V8_ZERO_BASED_LINES else 0
    anon = re.compile(r'\(anonymous ([^;()]*?):(-?\d+)\)')

    def rename(text):
        return anon.sub(lambda m: '(anonymous) %s:%d' % (m.group(1), int(m.group(2)) + shift), text)
    if snap in PERF_STACKS_ONLY:
        unknown = re.compile(r'\?\?\? \(([^;]*?)\)(?=;|$)')

        def perf_name(text):
            return unknown.sub(lambda m: '[unknown]' if m.group(1) == '[unknown]' else
                               '[%s]' % m.group(1).rsplit('/', 1)[-1], text)
        stacks = []
        for entry in prof['stacks']:  # "a;b 1.00ms": the name part, weighing 1
            stacks.append(perf_name(entry.rsplit(' ', 1)[0]) + ' 1')
        return dict(prof, frames=[dict(f, name=(perf_name(f['name'][0]), '', 0)) for f in prof['frames']],
                    stacks=stacks)
    if snap in FUNCTION_LINES:
        return dict(prof, frames=[dict(f, name=(f['name'][0], f['name'][1], 0)) for f in prof['frames']])
    if snap in V8_ROOT_FRAME:
        prof = dict(prof, frames=[f for f in prof['frames'] if f['name'][0] != '(root)'],
                    stacks=[s[len('(root);'):] if s.startswith('(root);') else s for s in prof['stacks']])
    if snap not in V8_ANONYMOUS:
        return prof
    frames = [dict(f, name=(rename(f['name'][0]), f['name'][1], max(f['name'][2] + shift, 0) if shift else
                            f['name'][2]) + ((max(f['col'] + shift, 0),) if snap in V8_COLUMNS else ()))
              for f in prof['frames']]
    return dict(prof, frames=frames, stacks=[rename(s) for s in prof['stacks']])


def thread_of(snap, name):
    """the thread a profile or base frame names: speedscope's Chrome profiles are
    "file.json - CrRendererMain", profkit's base frames "CrRendererMain (pid 1 tid 2)\""""
    if snap in PERF_STACKS_ONLY:  # "forks tid: 9" (swapper: tid 0) and "forks-?/9" -> "9"
        m = re.search(r'(?:tid: |/)(\d+)$', name)
        return m.group(1) if m else '0'
    return re.sub(r' \(pid \d+ tid \d+\)$', '', name.split(' - ', 1)[-1])


def profkit_ns(pkconv, path, stacks, snap, unit_scale):
    """stacks' weights in nanoseconds, by the unit of profkit's default sample type"""
    r = subprocess.run([pkconv, '--types', 'folded', path], capture_output=True, text=True)
    lines = r.stdout.split('\n')
    default = int(next(x for x in lines if x.startswith('default ')).split()[1])
    unit = lines[default].split('/')[-1]
    scale = unit_scale.get(unit, 1.0)
    if snap in PERF_STACKS_ONLY:  # names only; each stack weighs 1 (weights not compared)
        return [([(f[0], '', 0) for f in n], 1.0) for n, w in stacks]
    if snap in FUNCTION_LINES:  # lines are not compared
        return [([(f[0], f[1], 0) for f in n], w * scale) for n, w in stacks]
    return [(n, w * scale) for n, w in stacks]


# Chrome trace cases that still differ, by test name (reported, not
# failed; docs/formats.md counts them), with the reason.
PROGRAM_ON_TOP = ('speedscope places a (program) or (garbage collector) sample on top of the stack of the sample '
                  'before it (e.g. "alpha;delta;(program)"); profkit keeps it where V8\'s tree puts it, under the '
                  'root, on purpose (docs/design.md: ordinary frames)')
KNOWN_DIFFER = {
    'importFromChromeTimeline Chrome 69': PROGRAM_ON_TOP,
    'importFromChromeTimeline Workers Chrome 70': PROGRAM_ON_TOP,
    'importFromChromeTimeline Workers Chrome 66': PROGRAM_ON_TOP,
    'importFromChromeTimeline Chrome 116': PROGRAM_ON_TOP,
    'importTraceEvents Chrome 141 profile with missing arg data':
        'a damaged node table: speedscope lets the stack before a sample of an absent node run on through '
        'that sample\'s time, profkit skips the 5 such samples (with a warning); and ' + PROGRAM_ON_TOP,
}
