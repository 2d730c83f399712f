#!/usr/bin/env bash
# install-browser-tests.sh - installs playwright-core (the version pinned in
# tests/browser/package.json) into tests/browser/node_modules, an ignored
# folder, for the browser tests of the HTML pages.  Debian's chromium comes
# from install-deps.sh; playwright downloads no browser of its own.
# Idempotent, non-interactive; exits non-zero when npm cannot install.
set -euo pipefail
cd "$(dirname "$0")/../tests/browser"
want=$(node -e 'console.log(require("./package.json").dependencies["playwright-core"])')
have=$(node -e 'try { console.log(require("./node_modules/playwright-core/package.json").version) } catch (e) {}' 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  echo "profkit: installing playwright-core $want into tests/browser/node_modules" >&2
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null
fi
