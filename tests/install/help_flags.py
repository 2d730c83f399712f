#!/usr/bin/env python3
"""help_flags.py - the flags a tool's --help lists, one per line:

    LONG SHORT ARG      e.g. "output o FILE", "json - -"

Runs `TOOL --help` and reads the option rows ("  -o, --output FILE  text"
or "      --json  text").  The man page, completion and short-flag tests
compare against this, so a flag added to a tool's option table is
checked everywhere without editing the tests."""
import re
import subprocess
import sys

ROW = re.compile(r"^\s+(?:-(?P<short>[A-Za-z0-9]), )?--(?P<long>[A-Za-z0-9][A-Za-z0-9-]*)(?: (?P<arg>\S+))?")


def flags(tool):
    out = subprocess.run([tool, "--help"], check=True, capture_output=True, text=True).stdout
    rows = []
    in_options = False
    for line in out.splitlines():
        if line.strip().lower().startswith("options"):
            in_options = True
            continue
        if in_options and line and not line.startswith(" "):
            in_options = False  # the next section (exit status)
        m = ROW.match(line) if in_options else None
        if m:
            rows.append((m.group("long"), m.group("short") or "-", m.group("arg") or "-"))
    if not rows:
        sys.exit(f"help_flags.py: no option rows in {tool} --help")
    return rows


if __name__ == "__main__":
    for long, short, arg in flags(sys.argv[1]):
        print(long, short, arg)
