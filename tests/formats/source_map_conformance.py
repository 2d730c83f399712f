#!/usr/bin/env python3
"""source_map_conformance.py - profkit's --source-map against speedscope's
own expectations (src/lib/__snapshots__/js-source-map.test.ts.snap).

    source_map_conformance.py FLAMEGEN SPEEDSCOPE_DIR

speedscope's test reads each profile of sample/profiles/source-maps/ with
the map of its bundler, and records, for every frame its remapper returned
something for, "(NAME @ FILE:LINE:COL) <- (ORIGINAL NAME @ URL:LINE:COL)".
profkit reads the same profile with --source-map (the esbuild case through
the map's directory, the others through the map file) and writes speedscope
JSON, whose frames carry name, file, line and col.  A case matches when:

- every mapped frame of the snapshot is a frame of profkit's output (same
  name, file, line and column);
- no frame of the bundle that speedscope mapped is left unmapped, and every
  frame of the bundle speedscope did not map is still there as it was.

Names differ on purpose in one way: an anonymous function is
"(anonymous FILE:LINE)" in speedscope and "(anonymous) FILE:LINE" in
profkit (its .cpuprofile reader's name, kept everywhere).  A profile no
reader of this build claims (Firefox's and Safari's formats, issue 15
item 1) is a SKIP, printed as such.  Exits 1 when a case does not match or
when fewer than MIN_MATCH cases match.
"""
import json
import os
import re
import subprocess
import sys

MIN_MATCH = 5  # the three Chrome profiles, Firefox 79 (Gecko) and Safari 13
CASES = {  # snapshot test name -> (profile, --source-map argument)
    "chrome-85-esbuild": ("chrome-85-esbuild.json", "esbuild"),
    "chrome-85-parcel": ("chrome-85-parcel.json", "parcel/typescript-source-map-test.js.map"),
    "chrome-85-webpack": ("chrome-85-webpack.json", "webpack/typescript-source-map-test.js.map"),
    "firefox-79-webpack": ("firefox-79-webpack.json", "webpack/typescript-source-map-test.js.map"),
    "safari-13-webpack": ("safari-13-webpack.json", "webpack/typescript-source-map-test.js.map"),
}
HALF = re.compile(r"^\((.*) @ (.*):(\d+):(\d+)\)$")


def profkit_name(name):
    m = re.match(r"^\(anonymous (.*)\)$", name)
    return "(anonymous) " + m.group(1) if m else name


def parse_snapshot(text):
    cases = {}
    for m in re.finditer(r"exports\[`source-map remapping of (.*?) 1`\] = `\n\[\n(.*?)\n\]\n`;", text, re.S):
        entries = []
        for line in m.group(2).split("\n"):
            line = line.strip().rstrip(",")
            mapped, original = json.loads(line).split(" <- ")
            a, b = HALF.match(mapped), HALF.match(original)
            entries.append(((profkit_name(a.group(1)), a.group(2), int(a.group(3)), int(a.group(4))),
                            (profkit_name(b.group(1)), b.group(2), int(b.group(3)), int(b.group(4)))))
        cases[m.group(1)] = entries
    return cases


def frames(flamegen, profile, source_map):
    args = [flamegen, "--format", "speedscope"]
    if source_map:
        args += ["--source-map", source_map]
    run = subprocess.run(args + [profile], capture_output=True, text=True)
    if run.returncode != 0:
        return None, run.stderr.strip()
    out = json.loads(run.stdout)
    return {(f["name"], f.get("file", ""), f.get("line", 0), f.get("col", 0)) for f in out["shared"]["frames"]}, ""


def check(flamegen, base, entries, profile, source_map):
    before, why = frames(flamegen, os.path.join(base, profile), None)
    if before is None:
        return "SKIP", why.splitlines()[0]
    after, why = frames(flamegen, os.path.join(base, profile), os.path.join(base, source_map))
    if after is None:
        return "DIFFER", "flamegen --source-map failed: " + why
    bundle = entries[0][1][1]
    for mapped, original in entries:
        if original not in before:
            return "DIFFER", "speedscope's input frame %r is not in profkit's reading" % (original,)
        if mapped not in after:
            near = sorted(f for f in after if f[0] == mapped[0] or f[1] == mapped[1])[:4]
            return "DIFFER", "no frame %r after mapping (near: %r)" % (mapped, near)
    originals = {o for _, o in entries}
    for f in before:
        if f[1] != bundle:
            continue
        if f in originals and f in after and f not in {m for m, _ in entries}:
            return "DIFFER", "frame %r was left unmapped" % (f,)
        if f not in originals and f not in after:
            return "DIFFER", "frame %r was mapped; speedscope leaves it" % (f,)
    return "MATCH", "%d frames mapped" % len(entries)


def main():
    flamegen, speedscope = sys.argv[1], sys.argv[2]
    snap = os.path.join(speedscope, "src/lib/__snapshots__/js-source-map.test.ts.snap")
    base = os.path.join(speedscope, "sample/profiles/source-maps")
    with open(snap) as f:
        cases = parse_snapshot(f.read())
    matched = bad = 0
    for name in sorted(cases):
        if name not in CASES:
            print("DIFFER %s: no case for it in this test" % name)
            bad += 1
            continue
        verdict, why = check(flamegen, base, cases[name], *CASES[name])
        print("%s %s: %s" % (verdict, name, why))
        matched += verdict == "MATCH"
        bad += verdict == "DIFFER"
    print("js-source-map.test.ts.snap: %d of %d cases match" % (matched, len(cases)))
    return 1 if bad or matched < MIN_MATCH else 0


if __name__ == "__main__":
    sys.exit(main())
