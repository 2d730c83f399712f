#!/usr/bin/env bash
# html_screenshots.sh - the README's screenshots of the three HTML pages
# (docs/img/html-*.png), taken in headless chromium with playwright-core.
# Run after a build; needs scripts/install-browser-tests.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/screenshots
mkdir -p "$out" docs/img
# a second profile for the diff: every 5th stack doubled, every 7th halved
awk 'NR % 5 == 0 { $NF = $NF * 2 } NR % 7 == 0 { $NF = int($NF / 2) + 1 } { print }' \
  testdata/example/example.folded > "$out/after.folded"
build/bin/flamegen --title "profkit example" -o "$out/flame.html" testdata/example/example.folded
build/bin/flamediff -o "$out/diff.html" testdata/example/example.folded "$out/after.folded"
build/bin/heapdiff --html "$out/heap.html" testdata/heap/leak-1.heapsnapshot.gz \
  testdata/heap/leak-2.heapsnapshot.gz testdata/heap/leak-3.heapsnapshot.gz >/dev/null
node - "$out" <<'JS'
const path = require('path');
const { chromium } = require(path.resolve('tests/browser/node_modules/playwright-core'));
(async () => {
  const out = process.argv[2];
  const browser = await chromium.launch({ executablePath: process.env.PK_CHROMIUM || '/usr/bin/chromium' });
  const shots = [['flame', '#s=json&z=0'], ['diff', ''], ['heap', '']];
  for (const [name, hash] of shots) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await page.goto('file://' + path.resolve(out, name + '.html') + hash);
    if (name === 'heap') await page.click('#pk-causes details summary');
    await page.waitForTimeout(200);
    await page.screenshot({ path: 'docs/img/html-' + name + '.png' });
    await page.close();
  }
  await browser.close();
})();
JS
ls -l docs/img/html-*.png
