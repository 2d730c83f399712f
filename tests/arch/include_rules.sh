#!/usr/bin/env bash
# include_rules.sh - the include rule of libprofile/src/README.md, enforced.
#
# The README's table says which folders each folder of libprofile/src may
# include; this script reads that table (so the map and the rule cannot
# drift apart) and checks every #include of libprofile/src, plus three rules
# that keep the layers apart:
#   - outside platform/, no OS or compiler specifics: no sys/mman.h,
#     pthread.h, malloc.h, *intrin.h, ... and no __builtin_prefetch,
#     __attribute__, mmap/madvise/mremap, getenv, sysconf, stderr or /proc;
#     POSIX file headers (unistd.h, fcntl.h, sys/stat.h) only in io/ and
#     heap/parse/, which read files;
#   - libprofile never includes a renderer's header;
#   - tools/ and renderers/ include the library's public headers only.
# Usage: include_rules.sh [ROOT]   (ROOT defaults to the repository root;
# the self-test below runs it on a small tree that breaks each rule).
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
src="$root/libprofile/src"
readme="$src/README.md"
[ -f "$readme" ] || { echo "no $readme"; exit 1; }

# folder -> allowed folders, from the README table rows "| `folder/` | job | `a/`, `b/` |".
declare -A allowed
while IFS= read -r line; do
  folder=$(printf '%s' "$line" | awk -F'|' '{print $2}' | sed -n 's/.*`\([^`]*\)\/`.*/\1/p')
  [ -n "$folder" ] || continue
  deps=$(printf '%s' "$line" | awk -F'|' '{print $4}' | grep -o '`[^`]*/`' | tr -d '`' | sed 's|/$||' | tr '\n' ' ')
  allowed[$folder]="$folder $deps"
done < <(grep -E '^\| `[a-z/_]+/` \|' "$readme")
[ ${#allowed[@]} -gt 0 ] || { echo "no folder table in $readme"; exit 1; }

renderer_headers=" $(cd "$root/renderers/include/profkit" 2>/dev/null && ls *.h | tr '\n' ' ') "
fail=0
bad() { echo "include rule: $*"; fail=1; }

code_lines() {  # the file's lines that are not comments: "N:text"
  awk '/\/\*/ {c=1} { if (!c && $0 !~ /^[[:space:]]*\/\//) print FNR ":" $0 } /\*\// {c=0}' "$1"
}

while IFS= read -r f; do
  rel=${f#"$src"/}
  dir=$(dirname "$rel")
  if [ -z "${allowed[$dir]+x}" ]; then bad "$rel: folder $dir/ is not in the README's table"; continue; fi
  while IFS= read -r inc; do
    n=${inc%%:*}; what=${inc#*:}
    case $what in
      \"profkit/*)
        h=${what#\"profkit/}; h=${h%\"}
        case $renderer_headers in *" $h "*) bad "$rel:$n: includes the renderer header profkit/$h";; esac ;;
      \"*.pb-c.h\") [ "$dir" = formats ] || bad "$rel:$n: generated protobuf code is for formats/ only" ;;
      \"*\")
        p=${what#\"}; p=${p%\"}
        if [ ! -f "$src/$p" ]; then bad "$rel:$n: #include \"$p\" is not a path from libprofile/src"; continue; fi
        to=$(dirname "$p")
        case " ${allowed[$dir]} " in *" $to "*) ;; *) bad "$rel:$n: $dir/ may not include $p ($dir/ may include: ${allowed[$dir]})";; esac ;;
      \<*\>)
        h=${what#<}; h=${h%>}
        [ "$dir" = platform ] && continue
        case $h in
          sys/mman.h|pthread.h|malloc.h|*intrin.h|sched.h|sys/resource.h|sys/syscall.h|sys/sysinfo.h|linux/*|dlfcn.h|signal.h|sys/auxv.h|cpuid.h)
            bad "$rel:$n: <$h> outside platform/" ;;
          unistd.h|fcntl.h|sys/stat.h|sys/types.h)
            case $dir in io|heap/parse) ;; *) bad "$rel:$n: <$h> outside io/, heap/parse/ and platform/";; esac ;;
        esac ;;
    esac
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$f" | sed -E 's/^([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*([<"][^>"]*[>"]).*/\1:\2/')
  [ "$dir" = platform ] && continue
  while IFS= read -r hit; do
    bad "$rel:${hit%%:*}: platform specific outside platform/: $(printf '%s' "${hit#*:}" | sed 's/^[[:space:]]*//' | cut -c1-80)"
  done < <(code_lines "$f" | grep -E '\<pthread_[a-z_]+[[:space:]]*\(|__builtin_prefetch|__attribute__|\<(mmap|munmap|madvise|mremap|getenv|sysconf|mallopt)[[:space:]]*\(|\<stderr\>|"/proc/|\<_mm_[a-z0-9_]+\(')
done < <(find "$src" -name '*.[ch]' | sort)

# Tools and renderers see the library only through its public headers.
for d in tools renderers; do
  [ -d "$root/$d" ] || continue
  while IFS= read -r hit; do
    bad "$hit: $d/ includes a private libprofile header"
  done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]*libprofile/src' "$root/$d" --include='*.[ch]' | cut -d: -f1,2 | sed "s|^$root/||")
done

exit $fail
