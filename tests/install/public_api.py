#!/usr/bin/env python3
"""public_api.py - the functions the public headers declare, one per line.

Reads every profkit/*.h given on the command line, drops comments and
preprocessor lines, and prints each pk_* name that is followed by "(" (a
declaration), not by "(*" (a function-pointer field).  The symbol test
compares this list with the shared library's exports."""
import re
import sys

names = set()
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    # preprocessor lines, with their continuations
    text = re.sub(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", " ", text, flags=re.M)
    for m in re.finditer(r"\b(pk_[A-Za-z0-9_]*)\s*\((?!\s*\*)", text):
        names.add(m.group(1))
print("\n".join(sorted(names)))
