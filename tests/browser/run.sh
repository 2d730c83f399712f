#!/usr/bin/env bash
# run.sh - the browser tests of the HTML pages (pages.test.js) under ctest.
# Skips (77) with a clear message only when no browser can be had: no
# chromium binary, or playwright-core neither installed nor installable.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
chromium=${PK_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "SKIP: no chromium at $chromium (scripts/install-deps.sh installs Debian's chromium)"
  exit 77
fi
if ! command -v node >/dev/null; then
  echo "SKIP: no node to drive the browser"
  exit 77
fi
if [ ! -d "$here/node_modules/playwright-core" ] && ! bash "$here/../../scripts/install-browser-tests.sh"; then
  echo "SKIP: playwright-core is not installed and npm could not install it (scripts/install-browser-tests.sh)"
  exit 77
fi
export PK_OUT="${PK_BUILD:-/tmp}/browser-pages"
export PK_CHROMIUM="$chromium"
exec node "$here/pages.test.js"
