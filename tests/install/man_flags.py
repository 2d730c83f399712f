#!/usr/bin/env python3
"""man_flags.py - the flags a man page documents, in help_flags.py's form:

    LONG SHORT ARG

Reads the OPTIONS section of a roff page: each .TP item whose tag starts
with a flag ("\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fIFILE\\fR")."""
import re
import sys

TAG = re.compile(r"^(?:\\fB\\-(?P<short>[A-Za-z0-9])\\fR, )?\\fB\\-\\-(?P<long>[A-Za-z0-9\\-]+)\\fR(?: \\fI(?P<arg>[^\\]+(?:\\-[^\\]+)*)\\fR)?")


def flags(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    rows, section = [], None
    for i, line in enumerate(lines):
        if line.startswith(".SH "):
            section = line[4:].strip().strip('"')
        elif section == "OPTIONS" and line == ".TP" and i + 1 < len(lines):
            m = TAG.match(lines[i + 1])
            if m:
                unescape = lambda s: s.replace("\\-", "-") if s else "-"
                rows.append((unescape(m.group("long")), m.group("short") or "-", unescape(m.group("arg"))))
    return rows


if __name__ == "__main__":
    for row in flags(sys.argv[1]):
        print(*row)
