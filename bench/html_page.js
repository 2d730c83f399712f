// html_page.js - the HTML report's budgets, measured in headless Chromium:
// first paint (navigation start to the first frame after the first draw),
// a zoom (a click on a frame to the next frame) and a search (typing a
// regex to the next frame), median of 5 each.  Run by bench/html_page.sh.
//   node bench/html_page.js PAGE.html
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', 'tests', 'browser', 'node_modules', 'playwright-core'));

function median(v) { const s = v.slice().sort((a, b) => a - b); return s[s.length >> 1]; }

(async () => {
  const page_path = path.resolve(process.argv[2]);
  const browser = await chromium.launch({ executablePath: process.env.PK_CHROMIUM || '/usr/bin/chromium' });
  const first = [], zoom = [], search = [];
  for (let run = 0; run < 5; run++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', e => { console.error('page error: ' + e.message); process.exit(1); });
    await page.goto('file://' + page_path);
    first.push(await page.evaluate(() => new Promise(r => requestAnimationFrame(() => r(performance.now())))));
    /* zoom: click the widest frame of the second row, wait for the next frame */
    const box = await page.evaluate(() => {
      const t = pkReport.tree; let best = -1;
      for (let i = 1; i < t.n; i++) if (t.depth[i] === 2 && (best < 0 || t.total[i] > t.total[best])) best = i;
      return best;
    });
    zoom.push(await page.evaluate(node => new Promise(r => {
      const t0 = performance.now();
      pkReport.state.zoom = node; pkReport.render();
      requestAnimationFrame(() => r(performance.now() - t0));
    }), box));
    search.push(await page.evaluate(() => new Promise(r => {
      const input = document.getElementById('pk-search'), t0 = performance.now();
      input.value = 'json::.*_1'; input.dispatchEvent(new Event('input'));
      requestAnimationFrame(() => r(performance.now() - t0));
    })));
    await page.close();
  }
  await browser.close();
  console.log(JSON.stringify({ first_paint_ms: median(first), zoom_ms: median(zoom), search_ms: median(search),
                               runs: { first: first.map(Math.round), zoom: zoom.map(Math.round), search: search.map(Math.round) } }));
})();
