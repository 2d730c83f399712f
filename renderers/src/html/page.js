/*
 * page.js - the HTML report's script (compiled in; see html_page.c and
 * docs/design.md, "HTML pages").
 *
 * Reads the JSON in #pk-data, builds the page with DOM calls (every name is
 * set with textContent or drawn with fillText: names are data, never
 * markup) and draws call trees on a canvas.  A tree arrives as flat
 * pre-order arrays (name index, depth, self per sample type); one stack
 * sweep gives parents and subtree ends, one reverse sweep totals, one
 * forward sweep x positions, so nothing recurses whatever the depth.
 * Drawing walks the zoomed subtree and skips any subtree narrower than
 * half a pixel, merging such runs into one grey box per row and counting
 * the frames they hide (as the SVG prunes).  Colours come from the C side
 * (palette or diff statistics); a colour-blind-safe palette remaps them.
 * The view state lives in the URL fragment.
 */
'use strict';
(function () {
  const D = JSON.parse(document.getElementById('pk-data').textContent);
  const ROW = 17;
  const state = { view: 'flame', type: 0, zoom: 0, search: '', icase: false, fn: -1, palette: 'default',
                  sort: 'self', dir: -1, chart0: 0, chart1: 0 };

  /* ---------- small helpers ---------- */
  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    if (attrs) for (const k in attrs) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    if (children) for (const c of children) if (c) e.appendChild(c);
    return e;
  }
  const nf = new Intl.NumberFormat('en-US');
  function count(v) { return nf.format(Math.round(v)); }
  function pct(a, b) { return b > 0 ? (100 * a / b).toFixed(2) + '%' : '-'; }
  function bytes(v) {
    const a = Math.abs(v), s = v < 0 ? '-' : '';
    if (a < 1000) return s + a + ' B';
    if (a < 1e6) return s + (a / 1e3).toFixed(1) + ' kB';
    if (a < 1e9) return s + (a / 1e6).toFixed(1) + ' MB';
    return s + (a / 1e9).toFixed(2) + ' GB';
  }
  function signed(s, v) { return (v > 0 ? '+' : '') + s; }
  function pval(p) { return p == null ? '-' : p < 1e-4 ? p.toExponential(1) : p.toPrecision(2); }

  /* ---------- the tree ---------- */
  function Tree(src) {
    const n = src.name.length;
    this.n = n;
    this.names = src.names;
    this.colors = src.colors;
    this.name = Int32Array.from(src.name);
    this.depth = Int32Array.from(src.depth);
    this.types = src.types;
    this.selfs = src.self;
    this.nodeColor = null;
    if (src.node_color) {
      const c = new Int32Array(n), idx = src.node_color, table = src.color_table;
      for (let i = 0; i < n; i++) c[i] = table[idx[i]];
      this.nodeColor = c;
    }
    this.chart = src.chart || null;
    this.parent = new Int32Array(n);
    this.end = new Int32Array(n);
    const stack = new Int32Array(n + 1);
    let top = 0, maxDepth = 0;
    this.parent[0] = -1;
    for (let i = 0; i < n; i++) {
      const d = this.depth[i];
      if (d > maxDepth) maxDepth = d;
      while (top > d) { top--; this.end[stack[top]] = i; }
      if (i) this.parent[i] = stack[top - 1];
      stack[top++] = i;
    }
    while (top > 0) { top--; this.end[stack[top]] = n; }
    this.maxDepth = maxDepth;
    this.self = new Float64Array(n);
    this.total = new Float64Array(n);
    this.x = new Float64Array(n);
  }
  Tree.prototype.label = function (i) { return this.name[i] < 0 ? 'all' : this.names[this.name[i]]; };
  Tree.prototype.setType = function (t) {
    const n = this.n, self = this.self, total = this.total, parent = this.parent, x = this.x;
    const src = this.selfs[t];
    for (let i = 0; i < n; i++) { self[i] = src[i]; total[i] = src[i]; }
    for (let i = n - 1; i > 0; i--) total[parent[i]] += total[i];
    const cur = new Float64Array(n);
    x[0] = 0; cur[0] = self[0];
    for (let i = 1; i < n; i++) { const p = parent[i]; x[i] = cur[p]; cur[p] += total[i]; cur[i] = x[i] + self[i]; }
    this.funcs = null;
  };
  /* Functions summed by name: self, and total counting each sample once
   * (only the outermost node of a name counts; functions.h's rule). */
  Tree.prototype.functions = function () {
    if (this.funcs) return this.funcs;
    const k = this.names.length, self = new Float64Array(k), total = new Float64Array(k);
    const open = new Int32Array(k), stack = new Int32Array(this.maxDepth + 2);
    let top = 0;
    for (let i = 1; i < this.n; i++) {
      while (top > 0 && this.end[stack[top - 1]] <= i) open[this.name[stack[--top]]]--;
      const f = this.name[i];
      self[f] += this.self[i];
      if (open[f] === 0) total[f] += this.total[i];
      open[f]++;
      stack[top++] = i;
    }
    this.funcs = { self: self, total: total };
    return this.funcs;
  };
  /* Outermost nodes named f (their subtrees hold every sample through f once). */
  Tree.prototype.outermost = function (f) {
    const out = [];
    for (let i = 1; i < this.n; i++) if (this.name[i] === f) { out.push(i); i = this.end[i] - 1; }
    return out;
  };

  /* A merged tree (sandwich halves) built as a trie, then laid out like a Tree. */
  function Trie(tree) { this.tree = tree; this.pname = [-1]; this.parentOf = [-1]; this.value = [0]; this.selfv = [0]; this.kids = new Map(); }
  Trie.prototype.child = function (p, f) {
    const key = p * this.tree.names.length + f;
    let c = this.kids.get(key);
    if (c === undefined) { c = this.pname.length; this.kids.set(key, c); this.pname.push(f); this.parentOf.push(p); this.value.push(0); this.selfv.push(0); }
    return c;
  };
  Trie.prototype.toView = function (rootName) {
    const m = this.pname.length, children = new Array(m);
    for (let c = 1; c < m; c++) { const p = this.parentOf[c]; (children[p] || (children[p] = [])).push(c); }
    const names = this.tree.names, order = [], depth = [], stack = [[0, 0]];
    while (stack.length) {
      const [c, d] = stack.pop();
      order.push(c); depth.push(d);
      const ks = children[c];
      if (ks) {
        ks.sort((a, b) => names[this.pname[b]] < names[this.pname[a]] ? -1 : names[this.pname[b]] > names[this.pname[a]] ? 1 : 0);
        for (const k of ks) stack.push([k, d + 1]);
      }
    }
    const src = { names: names, colors: this.tree.colors, types: [['', '']],
                  name: order.map(c => c === 0 ? rootName : this.pname[c]), depth: depth,
                  self: [order.map(c => this.selfv[c])] };
    const v = new Tree(src);
    v.setType(0);
    /* the trie's values are totals (callers) or selves summed (callees) */
    if (this.totals) { for (let i = 0; i < v.n; i++) v.total[i] = this.value[order[i]]; relayout(v); }
    return v;
  };
  function relayout(v) {
    const cur = new Float64Array(v.n);
    v.x[0] = 0; cur[0] = 0;
    for (let i = 1; i < v.n; i++) { const p = v.parent[i]; v.x[i] = cur[p]; cur[p] += v.total[i]; cur[i] = v.x[i]; }
  }
  function callees(tree, f) {
    const t = new Trie(tree), map = new Int32Array(tree.n);
    for (const r of tree.outermost(f)) {
      map[r] = 0;
      t.selfv[0] += tree.self[r];
      for (let j = r + 1; j < tree.end[r]; j++) {
        const c = t.child(map[tree.parent[j]], tree.name[j]);
        map[j] = c;
        t.selfv[c] += tree.self[j];
      }
    }
    return t.toView(f);
  }
  function callers(tree, f) {
    const t = new Trie(tree);
    t.totals = true;
    for (const r of tree.outermost(f)) {
      const v = tree.total[r];
      t.value[0] += v;
      let c = 0;
      for (let p = tree.parent[r]; p > 0; p = tree.parent[p]) { c = t.child(c, tree.name[p]); t.value[c] += v; }
    }
    return t.toView(f);
  }

  /* ---------- colours ---------- */
  const OKABE = [[230, 159, 0], [86, 180, 233], [0, 158, 115], [240, 228, 66], [0, 114, 178], [213, 94, 0], [204, 121, 167]];
  function pack(r, g, b) { return (r & 255) << 16 | (g & 255) << 8 | (b & 255); }
  function cbColor(c, byNode) {
    const r = c >> 16 & 255, g = c >> 8 & 255, b = c & 255;
    if (byNode) { /* diff colours: red (255,f,f) -> orange, blue (f,f,255) stays blue */
      if (r === 255 && g === b && g < 255) { const k = 1 - g / 210; return pack(255, Math.round(255 - 96 * k), Math.round(255 - 255 * k)); }
      return c;
    }
    const o = OKABE[(r * 7 + g * 13 + b * 31) % OKABE.length], l = 0.35 * ((r + g) % 3) / 2;
    return pack(Math.round(o[0] + (255 - o[0]) * l), Math.round(o[1] + (255 - o[1]) * l), Math.round(o[2] + (255 - o[2]) * l));
  }
  /* 0xRRGGBB of node i in the current palette */
  function fillOf(tree, i) {
    if (tree.nodeColor) return state.palette === 'cb' ? cbColor(tree.nodeColor[i], true) : tree.nodeColor[i];
    const f = tree.name[i];
    const c = f < 0 ? 0xdddddd : tree.colors[f];
    return state.palette === 'cb' ? cbColor(c, false) : c;
  }
  function cssColor(value, fallback) {
    const m = /^#([0-9a-f]{6})$/i.exec(value.trim());
    return m ? parseInt(m[1], 16) : fallback;
  }

  /* ---------- a canvas drawing a tree ---------- */
  function Graph(container, opts) {
    this.opts = opts;
    this.canvas = el('canvas', { tabindex: '0', role: 'img', 'aria-label': opts.label || 'flame graph' });
    this.status = el('p', { class: 'status', 'aria-live': 'polite' });
    container.appendChild(this.canvas);
    container.appendChild(this.status);
    this.hits = [];
    this.canvas.addEventListener('mousemove', e => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => hideTip());
    this.canvas.addEventListener('click', e => { const i = this.at(e); if (i >= 0 && opts.onclick) opts.onclick(i, e); });
    this.canvas.addEventListener('dblclick', e => { const i = this.at(e); if (i >= 0 && opts.ondblclick) opts.ondblclick(i); });
  }
  Graph.prototype.at = function (e) {
    const r = this.canvas.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top;
    for (let k = this.hits.length - 1; k >= 0; k--) {
      const h = this.hits[k];
      if (x >= h[1] && x < h[2] && y >= h[3] && y < h[3] + ROW) return h[0];
    }
    return -1;
  };
  Graph.prototype.hover = function (e) {
    const i = this.at(e);
    if (i < 0) { hideTip(); return; }
    showTip(e, this.opts.tip(this.tree, i));
  };
  /* Draws tree zoomed on node z (the ancestors of z span the width).
   * Boxes are written straight into an ImageData (setting a canvas
   * fillStyle parses a colour string, which cost more than the rest of a
   * draw); labels are drawn on top with fillText. */
  Graph.prototype.draw = function (tree, z, match, inverted) {
    this.tree = tree;
    const cv = this.canvas, dpr = window.devicePixelRatio || 1;
    const width = Math.max(200, cv.parentNode.clientWidth || 1000);
    const rows = tree.maxDepth + 1, height = rows * ROW + 2;
    const W = Math.round(width * dpr), H = Math.round(height * dpr);
    if (cv.width !== W || cv.height !== H) {
      cv.width = W; cv.height = H;
      cv.style.height = height + 'px';
    }
    const ctx = cv.getContext('2d');
    if (!this.img || this.img.width !== W || this.img.height !== H) {
      this.img = ctx.createImageData(W, H);
      this.pixels = new Uint32Array(this.img.data.buffer);
    }
    const px = this.pixels;
    px.fill(0);
    const css = getComputedStyle(document.body);
    const narrowFill = cssColor(css.getPropertyValue('--narrow'), 0xb8b8b8);
    const matchFill = cssColor(css.getPropertyValue('--match'), 0xe600e6);
    const fillPx = (x, y, w, h, c) => {
      const abgr = (0xff000000 | (c & 255) << 16 | (c & 0xff00) | (c >> 16 & 255)) >>> 0;
      let x0 = Math.max(0, Math.round(x * dpr)), x1 = Math.min(W, Math.round((x + w) * dpr));
      if (x1 <= x0) x1 = Math.min(W, x0 + 1);
      const y0 = Math.max(0, Math.round(y * dpr)), y1 = Math.min(H, Math.round((y + h) * dpr));
      for (let r = y0; r < y1; r++) px.fill(abgr, r * W + x0, r * W + x1);
    };
    const hits = [], labels = [];
    const x0 = tree.x[z], span = tree.total[z] || 1, scale = width / span;
    const yOf = d => inverted ? d * ROW : (rows - 1 - d) * ROW;
    const box = (i, x, w) => {
      if (tree.depth[i] < 0) return;
      const y = yOf(tree.depth[i]);
      const c = match && match[tree.name[i]] ? matchFill : fillOf(tree, i), bw = Math.max(w - 0.5, 0.5);
      /* very light frames (a diff's white: no self samples) get an outline */
      if ((c >> 16 & 255) > 235 && (c >> 8 & 255) > 235 && (c & 255) > 235 && bw > 2) {
        fillPx(x, y, bw, ROW - 1, 0xb4b4b4);
        fillPx(x + 1 / dpr, y + 1 / dpr, bw - 2 / dpr, ROW - 1 - 2 / dpr, c);
      } else fillPx(x, y, bw, ROW - 1, c);
      hits.push([i, x, x + w, y]);
      labels.push(i, x, w, y);
    };
    for (let a = tree.parent[z]; a >= 0; a = tree.parent[a]) box(a, 0, width);
    const runs = new Float64Array(rows * 2).fill(-1);
    let hidden = 0, drawn = 0;
    const flush = d => {
      const a = runs[2 * d], b = runs[2 * d + 1];
      if (a >= 0 && b - a >= 0.5) fillPx(a, yOf(d), Math.max(b - a, 1), ROW - 1, narrowFill);
      runs[2 * d] = -1;
    };
    const end = tree.end[z];
    for (let i = z; i < end; i++) {
      const w = tree.total[i] * scale;
      if (w <= 0) { i = tree.end[i] - 1; continue; }
      const x = (tree.x[i] - x0) * scale;
      if (w < 0.5) {
        const d = tree.depth[i];
        if (runs[2 * d] >= 0 && x - runs[2 * d + 1] < 0.5) runs[2 * d + 1] = x + w;
        else { flush(d); runs[2 * d] = x; runs[2 * d + 1] = x + w; }
        hidden += tree.end[i] - i;
        i = tree.end[i] - 1;
        continue;
      }
      box(i, x, w);
      drawn++;
    }
    for (let d = 0; d < rows; d++) flush(d);
    ctx.putImageData(this.img, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#000';
    const charW = ctx.measureText('abcdefghijklmnopqrstuvwxyz').width / 26;
    for (let k = 0; k < labels.length; k += 4) {
      const i = labels[k], x = labels[k + 1], w = labels[k + 2], y = labels[k + 3];
      if (w <= 3 * charW + 6) continue;
      let s = tree.label(i);
      const fit = Math.floor((w - 6) / charW);
      if (s.length > fit) s = s.slice(0, Math.max(fit - 2, 1)) + '..';
      ctx.fillText(s, x + 3, y + ROW / 2);
    }
    this.hits = hits;
    this.hidden = hidden;
    this.drawn = drawn;
  };

  /* A focus ring around node i's box, when it is drawn. */
  Graph.prototype.outline = function (i) {
    const h = this.hits.find(x => x[0] === i);
    if (!h) return;
    const ctx = this.canvas.getContext('2d');
    ctx.strokeStyle = getComputedStyle(document.body).getPropertyValue('--accent').trim() || '#0b57d0';
    ctx.lineWidth = 2;
    ctx.strokeRect(h[1] + 1, h[3] + 1, Math.max(h[2] - h[1] - 2, 1), ROW - 3);
  };

  /* ---------- tooltip ---------- */
  const tip = el('div', { class: 'tip hidden', role: 'tooltip', id: 'pk-tip' });
  function showTip(e, text) {
    tip.textContent = text;
    tip.classList.remove('hidden');
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.min(e.clientX + 12, window.innerWidth - w - 4) + 'px';
    tip.style.top = Math.min(e.clientY + 14, window.innerHeight - h - 4) + 'px';
  }
  function hideTip() { tip.classList.add('hidden'); }

  /* ---------- URL fragment ---------- */
  function readHash() {
    const q = new URLSearchParams(location.hash.slice(1));
    if (q.has('v')) state.view = q.get('v');
    if (q.has('t')) state.type = +q.get('t') || 0;
    if (q.has('z')) state.zoom = +q.get('z') || 0;
    if (q.has('s')) state.search = q.get('s');
    state.icase = q.get('i') === '1';
    if (q.has('f')) state.fn = +q.get('f');
    if (q.has('p')) state.palette = q.get('p');
    if (q.has('c0')) { state.chart0 = +q.get('c0'); state.chart1 = +q.get('c1'); }
  }
  function writeHash() {
    const q = new URLSearchParams();
    q.set('v', state.view); q.set('t', state.type);
    if (state.zoom) q.set('z', state.zoom);
    if (state.search) q.set('s', state.search);
    if (state.icase) q.set('i', '1');
    if (state.fn >= 0) q.set('f', state.fn);
    if (state.palette !== 'default') q.set('p', state.palette);
    if (state.chart1 > state.chart0) { q.set('c0', state.chart0); q.set('c1', state.chart1); }
    history.replaceState(null, '', '#' + q.toString());
  }

  /* ---------- the page ---------- */
  const root = el('main', { id: 'pk' });
  document.body.appendChild(root);
  document.body.appendChild(tip);
  root.appendChild(el('h1', { text: D.title }));
  if (D.subtitle) root.appendChild(el('p', { class: 'sub', text: D.subtitle }));
  if (D.legend) root.appendChild(el('p', { class: 'legend', id: 'pk-legend', text: D.legend }));
  readHash();

  let tree = null;
  window.pkReport = { state: state, data: D };
  if (D.tree) {
    tree = new Tree(D.tree);
    if (!(state.type >= 0 && state.type < tree.types.length)) state.type = D.tree.type;
    if (!location.hash.includes('t=')) state.type = D.tree.type;
    tree.setType(state.type);
    if (!(state.zoom >= 0 && state.zoom < tree.n)) state.zoom = 0;
  }
  if (D.kind === 'heap') heapSections();
  if (tree) graphSection();
  window.pkReport.tree = tree;

  function unitOf(t) {
    const u = tree.types[t][1];
    return !u || u === 'count' ? 'samples' : u;
  }
  function valueText(v) { return tree.types[state.type][1] === 'bytes' ? bytes(v) : count(v) + ' ' + unitOf(state.type); }

  function graphSection() {
    const views = [['flame', 'Flame graph'], ['icicle', 'Icicle']];
    if (tree.chart) views.push(['chart', 'Flame chart']);
    views.push(['sandwich', 'Sandwich'], ['table', 'Functions']);
    /* the icicle where the root matters most: inverted input, and heap
     * retention trees (deep and narrow: the root at the top is what one reads) */
    if (!location.hash.includes('v=') && (D.inverted || D.kind === 'heap')) state.view = 'icicle';
    if (!views.some(v => v[0] === state.view)) state.view = D.inverted ? 'icicle' : 'flame';
    if (D.kind === 'heap') root.appendChild(el('h2', { text: 'Retention flame graph', id: 'pk-flame-h' }));
    const tabs = el('div', { class: 'bar', role: 'toolbar', 'aria-label': 'views' });
    const tabButtons = {};
    for (const [id, text] of views) {
      const b = el('button', { type: 'button', 'data-view': id, text: text, onclick: () => { state.view = id; render(); } });
      tabButtons[id] = b; tabs.appendChild(b);
    }
    /* sample type / shape switch */
    let typeSel = null;
    if (D.kind === 'diff') {
      typeSel = el('select', { id: 'pk-shape', 'aria-label': 'shape' }, [
        el('option', { value: D.diff.after_type, text: 'after' }), el('option', { value: D.diff.before_type, text: 'before' })]);
      tabs.appendChild(el('label', null, [document.createTextNode('Shape:'), typeSel]));
    } else if (tree.types.length > 1) {
      typeSel = el('select', { id: 'pk-type', 'aria-label': 'sample type' });
      tree.types.forEach((t, k) => typeSel.appendChild(el('option', { value: k, text: t[0] + (t[1] ? ' (' + t[1] + ')' : '') })));
      tabs.appendChild(el('label', null, [document.createTextNode(D.kind === 'heap' ? 'Snapshot:' : 'Sample type:'), typeSel]));
    }
    if (typeSel) {
      typeSel.value = String(state.type);
      typeSel.addEventListener('change', () => { state.type = +typeSel.value; tree.setType(state.type); render(); });
    }
    const search = el('input', { type: 'search', id: 'pk-search', placeholder: 'search (regex)', 'aria-label': 'search by regular expression', value: state.search });
    const icase = el('input', { type: 'checkbox', id: 'pk-icase' });
    icase.checked = state.icase;
    const pal = el('select', { id: 'pk-palette', 'aria-label': 'palette' }, [
      el('option', { value: 'default', text: 'default colours' }), el('option', { value: 'cb', text: 'colour-blind safe' })]);
    pal.value = state.palette;
    tabs.appendChild(search);
    tabs.appendChild(el('label', null, [icase, document.createTextNode('ignore case')]));
    tabs.appendChild(pal);
    const matched = el('span', { class: 'status', id: 'pk-matched', 'aria-live': 'polite' });
    tabs.appendChild(matched);
    root.appendChild(tabs);
    const crumbs = el('nav', { class: 'crumbs', 'aria-label': 'zoom path', id: 'pk-crumbs' });
    root.appendChild(crumbs);
    const mainBox = el('div', { class: 'main' });
    const graphBox = el('div', { class: 'graph', id: 'pk-graph' });
    const sandBox = el('div', { class: 'graph sandwich hidden', id: 'pk-sandwich' });
    const tableBox = el('div', { class: 'graph hidden', id: 'pk-functions' });
    mainBox.appendChild(graphBox); mainBox.appendChild(sandBox); mainBox.appendChild(tableBox);
    if (D.kind === 'diff') mainBox.appendChild(changesTable());
    root.appendChild(mainBox);

    const tipText = (t, i) => {
      if (t.isChart) return t.label(i) + '\n' + count(t.total[i]) + ' ' + (tree.chart.unit || '') + ' (' + pct(t.total[i], t.total[0]) + ' of the time shown)';
      const whole = tree.total[0], view = tree.total[state.zoom];
      let s = t.label(i) + '\nself ' + valueText(t.self[i]) + ' (' + pct(t.self[i], whole) + ' of total)' +
        '\ntotal ' + valueText(t.total[i]) + ' (' + pct(t.total[i], whole) + ' of total, ' + pct(t.total[i], t === tree ? view : t.total[0]) + ' of view)';
      if ((D.kind === 'diff' || D.kind === 'heap') && t === tree) sideTotals();
      if (D.kind === 'diff' && t === tree) {
        const b = diffTotal(i);
        s += '\nbefore ' + count(b) + ' (scaled), after ' + count(afterTotal[i]) + ', delta ' + signed(count(afterTotal[i] - b), afterTotal[i] - b) +
          '\nself change: ' + ['no self samples', 'within noise', 'grew', 'shrank'][D.diff.cls[i]] + (D.diff.cls[i] ? ', p=' + pval(D.diff.p[i]) : '');
      }
      if (D.kind === 'heap' && tree.types.length > 1 && t === tree) {
        s += '\nretained ' + bytes(beforeTotal[i]) + ' in the first snapshot, ' + bytes(afterTotal[i]) + ' in the last';
      }
      return s;
    };
    const graph = new Graph(graphBox, {
      tip: tipText,
      onclick: i => { if (state.view === 'chart') { zoomChart(i - 1); state.fn = chartView().name[i - 1]; } else { state.zoom = i; state.fn = tree.name[i]; } render(); },
    });
    graphBox.insertBefore(el('p', { class: 'status', text: 'Click a frame to zoom, hover for details; Escape resets the zoom, / searches. ' +
      'On the graph, arrow keys move between frames and Enter zooms.' }), graphBox.firstChild);
    /* keyboard: a selected frame, moved with the arrows, announced, zoomed with Enter */
    graph.status.id = 'pk-status';
    const selected = el('p', { class: 'status', id: 'pk-selected', 'aria-live': 'polite' });
    graphBox.appendChild(selected);
    let sel = -1;
    function siblings(i) {
      const out = [], p = tree.parent[i];
      if (p < 0) return [i];
      for (let c = p + 1; c < tree.end[p]; c = tree.end[c]) if (tree.total[c] > 0) out.push(c);
      return out;
    }
    function select(i) {
      sel = i;
      selected.textContent = 'Selected: ' + tipText(tree, i).replace(/\n/g, '; ');
      render();
    }
    graph.canvas.addEventListener('keydown', e => {
      if (state.view !== 'flame' && state.view !== 'icicle') return;
      if (sel < 0 || sel >= tree.n) sel = state.zoom;
      const up = state.view === 'flame' ? 'ArrowUp' : 'ArrowDown', down = state.view === 'flame' ? 'ArrowDown' : 'ArrowUp';
      let next = -1;
      if (e.key === up) { for (let c = sel + 1; c < tree.end[sel]; c = tree.end[c]) if (tree.total[c] > 0) { next = c; break; } }
      else if (e.key === down) next = sel > state.zoom ? tree.parent[sel] : -1;
      else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        const sib = siblings(sel), k = sib.indexOf(sel) + (e.key === 'ArrowLeft' ? -1 : 1);
        next = sel !== state.zoom && k >= 0 && k < sib.length ? sib[k] : -1;
      } else if (e.key === 'Enter') { state.zoom = sel; state.fn = tree.name[sel]; render(); e.preventDefault(); return; }
      else return;
      e.preventDefault();
      if (next >= 0) select(next);
    });
    /* the diff tooltip's before/after totals: sums of raw columns */
    let afterTotal = null, beforeTotal = null;
    function colTotals(col) {
      const t = Float64Array.from(col);
      for (let i = tree.n - 1; i > 0; i--) t[tree.parent[i]] += t[i];
      return t;
    }
    function diffTotal(i) { return beforeTotal[i] * D.diff.scale; }
    /* computed on the first tooltip that needs them, not before the first paint */
    function sideTotals() {
      if (afterTotal) return;
      const [a, b] = D.kind === 'diff' ? [D.diff.after_type, D.diff.before_type] : [tree.types.length - 1, 0];
      afterTotal = colTotals(D.tree.self[a]);
      beforeTotal = colTotals(D.tree.self[b]);
    }

    /* sandwich */
    const sandTitle = el('h2', { id: 'pk-sandwich-title' });
    sandBox.appendChild(sandTitle);
    sandBox.appendChild(el('h3', { text: 'Callers (root: the function, then who calls it)' }));
    const callerGraph = new Graph(sandBox, { label: 'callers', tip: tipText, onclick: i => { selectFn(callerTree.name[i]); } });
    const callerList = el('table', { id: 'pk-callers' });
    sandBox.appendChild(callerList);
    sandBox.appendChild(el('h3', { text: 'Callees (root: the function, then what it calls)' }));
    const calleeGraph = new Graph(sandBox, { label: 'callees', tip: tipText, onclick: i => { selectFn(calleeTree.name[i]); } });
    const calleeList = el('table', { id: 'pk-callees' });
    sandBox.appendChild(calleeList);
    let callerTree = null, calleeTree = null;
    function selectFn(f) { if (f >= 0) { state.fn = f; state.view = 'sandwich'; render(); } }
    function directTable(table, caption, t) {
      table.textContent = '';
      table.appendChild(el('caption', { text: caption }));
      table.appendChild(el('thead', null, [el('tr', null, [el('th', { scope: 'col', text: 'Function' }), el('th', { scope: 'col', text: 'Value' }), el('th', { scope: 'col', text: 'Share' })])]));
      const body = el('tbody');
      const kids = [];
      for (let i = 1; i < t.n; i++) if (t.parent[i] === 0) kids.push(i);
      kids.sort((a, b) => t.total[b] - t.total[a]);
      for (const i of kids) body.appendChild(el('tr', null, [el('td', { text: t.label(i) }), el('td', { text: count(t.total[i]) }), el('td', { text: pct(t.total[i], t.total[0]) })]));
      table.appendChild(body);
    }

    /* function table */
    let tableRows = 1000;
    function functionTable() {
      const F = tree.functions(), k = tree.names.length, whole = tree.total[0];
      const idx = [];
      for (let f = 0; f < k; f++) idx.push(f);
      const key = state.sort === 'name' ? null : F[state.sort];
      idx.sort((a, b) => key ? (key[a] - key[b]) * state.dir || (tree.names[a] < tree.names[b] ? -1 : 1)
                             : (tree.names[a] < tree.names[b] ? -state.dir : state.dir));
      tableBox.textContent = '';
      const table = el('table', { id: 'pk-table' });
      table.appendChild(el('caption', { text: idx.length + ' functions, ' + unitOf(state.type) + ' of ' + tree.types[state.type][0] + (idx.length > tableRows ? '; first ' + tableRows + ' shown' : '') }));
      const head = el('tr');
      for (const [id, text] of [['name', 'Function'], ['self', 'Self'], ['total', 'Total']]) {
        const th = el('th', { scope: 'col', 'aria-sort': state.sort === id ? (state.dir < 0 ? 'descending' : 'ascending') : 'none' });
        th.appendChild(el('button', { type: 'button', 'data-sort': id, text: text + (state.sort === id ? (state.dir < 0 ? ' \u25bc' : ' \u25b2') : ''),
          onclick: () => { if (state.sort === id) state.dir = -state.dir; else { state.sort = id; state.dir = id === 'name' ? 1 : -1; } functionTable(); } }));
        head.appendChild(th);
        if (id !== 'name') head.appendChild(el('th', { scope: 'col', text: text + ' %' }));
      }
      table.appendChild(el('thead', null, [head]));
      const body = el('tbody');
      for (const f of idx.slice(0, tableRows)) {
        body.appendChild(el('tr', null, [
          el('td', null, [el('button', { type: 'button', class: 'fn', text: tree.names[f], title: 'show callers and callees', onclick: () => selectFn(f) })]),
          el('td', { text: count(F.self[f]) }), el('td', { text: pct(F.self[f], whole) }),
          el('td', { text: count(F.total[f]) }), el('td', { text: pct(F.total[f], whole) })]));
      }
      table.appendChild(body);
      tableBox.appendChild(table);
      if (idx.length > tableRows) tableBox.appendChild(el('button', { type: 'button', text: 'show all ' + idx.length, onclick: () => { tableRows = Infinity; functionTable(); } }));
    }

    /* flame chart: a time range zoom */
    function chartView() {
      const c = tree.chart, m = c.node.length;
      if (!tree.chartTree) {
        /* a tree whose nodes are the chart's rects, so the same drawing code applies */
        tree.chartTree = { n: m, maxDepth: tree.maxDepth, name: new Int32Array(m), depth: new Int32Array(m), x: Float64Array.from(c.start),
          total: Float64Array.from(c.width), self: new Float64Array(m), parent: new Int32Array(m).fill(-1), end: new Int32Array(m),
          names: tree.names, colors: tree.colors, nodeColor: null, label: Tree.prototype.label };
        const t = tree.chartTree;
        for (let k = 0; k < m; k++) { t.name[k] = tree.name[c.node[k]]; t.depth[k] = tree.depth[c.node[k]]; t.end[k] = k + 1; }
        let t0 = Infinity, t1 = -Infinity;
        for (let k = 0; k < m; k++) { t0 = Math.min(t0, t.x[k]); t1 = Math.max(t1, t.x[k] + t.total[k]); }
        t.t0 = t0; t.t1 = t1;
      }
      return tree.chartTree;
    }
    function zoomChart(k) { const t = chartView(); state.chart0 = t.x[k]; state.chart1 = t.x[k] + t.total[k]; }
    /* the chart's rects are independent: a virtual root (index 0, depth -1,
     * not drawn) spans the time range shown, each rect k is node k + 1 */
    function drawChart(match) {
      const t = chartView(), m = t.n, n = m + 1;
      const a = state.chart1 > state.chart0 ? state.chart0 : t.t0, b = state.chart1 > state.chart0 ? state.chart1 : t.t1;
      const v = { n: n, maxDepth: t.maxDepth, names: t.names, colors: t.colors, nodeColor: null, label: Tree.prototype.label,
        x: new Float64Array(n), total: new Float64Array(n), depth: new Int32Array(n), name: new Int32Array(n),
        parent: new Int32Array(n), end: new Int32Array(n) };
      v.x[0] = a; v.total[0] = b - a; v.depth[0] = -1; v.name[0] = -1; v.parent[0] = -1; v.end[0] = n;
      for (let k = 0; k < m; k++) {
        const lo = Math.max(t.x[k], a), hi = Math.min(t.x[k] + t.total[k], b);
        v.x[k + 1] = lo; v.total[k + 1] = hi > lo ? hi - lo : 0;
        v.depth[k + 1] = t.depth[k]; v.name[k + 1] = t.name[k]; v.end[k + 1] = k + 2;
      }
      v.isChart = true;
      graph.draw(v, 0, match, true);
    }

    /* search */
    let matchMask = null;
    function compileSearch() {
      matched.textContent = '';
      matchMask = null;
      search.removeAttribute('aria-invalid');
      if (!state.search) return;
      let re;
      try { re = new RegExp(state.search, state.icase ? 'i' : ''); } catch (e) { search.setAttribute('aria-invalid', 'true'); matched.textContent = 'invalid regex'; return; }
      matchMask = new Uint8Array(tree.names.length);
      for (let f = 0; f < tree.names.length; f++) matchMask[f] = re.test(tree.names[f]) ? 1 : 0;
    }
    function matchedShare(z) {
      let s = 0;
      for (let i = z; i < tree.end[z]; i++) if (i > 0 && matchMask[tree.name[i]]) { s += tree.total[i]; i = tree.end[i] - 1; }
      return s;
    }
    search.addEventListener('input', () => { state.search = search.value; compileSearch(); render(); });
    icase.addEventListener('change', () => { state.icase = icase.checked; compileSearch(); render(); });
    pal.addEventListener('change', () => { state.palette = pal.value; render(); });
    document.addEventListener('keydown', e => {
      if (e.key === 'Escape' && document.activeElement !== search) { state.zoom = 0; state.chart0 = state.chart1 = 0; render(); }
      else if (e.key === '/' && document.activeElement !== search) { e.preventDefault(); search.focus(); }
    });
    window.addEventListener('resize', () => render());

    function renderCrumbs() {
      crumbs.textContent = '';
      const path = [];
      for (let a = state.zoom; a >= 0; a = tree.parent[a]) path.push(a);
      path.reverse();
      path.forEach((a, k) => {
        if (k) crumbs.appendChild(el('span', { class: 'sep', text: ' \u203a ' }));
        crumbs.appendChild(el('button', { type: 'button', 'data-node': a, text: tree.label(a), 'aria-current': a === state.zoom ? 'true' : 'false', onclick: () => { state.zoom = a; render(); } }));
      });
    }
    function render() {
      const t0 = performance.now();
      for (const id in tabButtons) tabButtons[id].setAttribute('aria-pressed', id === state.view ? 'true' : 'false');
      graphBox.classList.toggle('hidden', !['flame', 'icicle', 'chart'].includes(state.view));
      sandBox.classList.toggle('hidden', state.view !== 'sandwich');
      tableBox.classList.toggle('hidden', state.view !== 'table');
      if (state.view === 'flame' || state.view === 'icicle') {
        renderCrumbs();
        graph.draw(tree, state.zoom, matchMask, state.view === 'icicle');
        graph.outline(sel);
        graph.status.textContent = graph.drawn + ' frames drawn' + (graph.hidden ? ', ' + graph.hidden + ' too narrow to draw (merged into grey)' : '');
      } else if (state.view === 'chart') {
        crumbs.textContent = '';
        crumbs.appendChild(el('button', { type: 'button', text: 'whole recording', onclick: () => { state.chart0 = state.chart1 = 0; render(); } }));
        drawChart(matchMask);
        graph.status.textContent = 'Flame chart: x is time (' + (tree.chart.unit || 'time') + '); ' + graph.drawn + ' frames drawn' + (graph.hidden ? ', ' + graph.hidden + ' too narrow (merged)' : '');
      } else if (state.view === 'sandwich') {
        crumbs.textContent = '';
        if (state.fn < 0 || state.fn >= tree.names.length) {
          const F = tree.functions();
          let best = 0;
          for (let f = 1; f < tree.names.length; f++) if (F.self[f] > F.self[best]) best = f;
          state.fn = tree.names.length ? best : -1;
        }
        if (state.fn >= 0) {
          const F = tree.functions();
          sandTitle.textContent = tree.names[state.fn] + ': self ' + valueText(F.self[state.fn]) + ' (' + pct(F.self[state.fn], tree.total[0]) + '), total ' + valueText(F.total[state.fn]) + ' (' + pct(F.total[state.fn], tree.total[0]) + ')';
          callerTree = callers(tree, state.fn);
          calleeTree = callees(tree, state.fn);
          callerGraph.draw(callerTree, 0, matchMask, true);
          calleeGraph.draw(calleeTree, 0, matchMask, true);
          directTable(callerList, 'Direct callers', callerTree);
          directTable(calleeList, 'Direct callees', calleeTree);
        }
      } else if (state.view === 'table') {
        crumbs.textContent = '';
        functionTable();
      }
      if (matchMask) {
        const z = state.view === 'flame' || state.view === 'icicle' ? state.zoom : 0;
        matched.textContent = 'matched ' + pct(matchedShare(z), tree.total[z]) + ' of the view / ' + pct(matchedShare(0), tree.total[0]) + ' of the total';
      }
      writeHash();
      window.pkReport.lastRenderMs = performance.now() - t0;
    }
    if (state.search) compileSearch();
    render();
    window.pkReport.render = render;
    window.pkReport.graph = graph;
    window.pkReport.firstRenderAt = performance.now();
  }

  /* ---------- diff: significant changes ---------- */
  function changesTable() {
    const side = el('section', { class: 'side', id: 'pk-changes', 'aria-label': 'significant changes' });
    side.appendChild(el('h2', { text: 'Significant changes (' + (100 * D.diff.confidence).toFixed(4).replace(/\.?0+$/, '') + '% confidence)' }));
    const rows = D.diff.changes;
    const cols = [['Function', r => r[0], true], ['Self before', r => r[1][0]], ['Self after', r => r[1][1]], ['Self \u0394 pp', r => r[1][3]], ['Self p', r => r[1][4]],
                  ['Total before', r => r[2][0]], ['Total after', r => r[2][1]], ['Total \u0394 pp', r => r[2][3]], ['Total p', r => r[2][4]]];
    let sortCol = 7, dir = -1;
    const table = el('table', { id: 'pk-changes-table' });
    side.appendChild(table);
    const cls = c => c === 2 ? 'grew' : c === 3 ? 'shrank' : '';
    function fill() {
      table.textContent = '';
      table.appendChild(el('caption', { text: rows.length ? rows.length + ' functions changed beyond sampling noise (before scaled to after)' : 'No significant change.' }));
      const head = el('tr');
      cols.forEach((c, k) => {
        const th = el('th', { scope: 'col', 'aria-sort': k === sortCol ? (dir < 0 ? 'descending' : 'ascending') : 'none' });
        th.appendChild(el('button', { type: 'button', text: c[0], onclick: () => { if (sortCol === k) dir = -dir; else { sortCol = k; dir = k ? -1 : 1; } fill(); } }));
        head.appendChild(th);
      });
      table.appendChild(el('thead', null, [head]));
      const get = cols[sortCol][1];
      const sorted = rows.slice().sort((a, b) => {
        const x = get(a), y = get(b);
        if (typeof x === 'string') return x < y ? -dir : x > y ? dir : 0;
        return ((Math.abs(x) - Math.abs(y)) || 0) * (sortCol === 4 || sortCol === 8 ? -dir : dir);
      });
      const body = el('tbody');
      for (const r of sorted.slice(0, limit)) body.appendChild(el('tr', null, [
        el('td', { text: r[0] }),
        el('td', { text: count(r[1][0]) }), el('td', { text: count(r[1][1]) }), el('td', { class: cls(r[1][5]), text: signed(r[1][3].toFixed(2), r[1][3]) }), el('td', { text: pval(r[1][4]) }),
        el('td', { text: count(r[2][0]) }), el('td', { text: count(r[2][1]) }), el('td', { class: cls(r[2][5]), text: signed(r[2][3].toFixed(2), r[2][3]) }), el('td', { text: pval(r[2][4]) })]));
      table.appendChild(body);
      more.classList.toggle('hidden', rows.length <= limit);
      more.textContent = 'show all ' + rows.length;
    }
    let limit = 200;
    const more = el('button', { type: 'button', onclick: () => { limit = Infinity; fill(); } });
    side.appendChild(more);
    fill();
    return side;
  }

  /* ---------- heap: verdicts, causes, classes, trends ---------- */
  function heapSections() {
    const H = D.heap, n = H.snapshots.length, last = n - 1;
    const totals = H.totals.map(t => t[0]);
    const summary = n > 1 ? 'Heap total ' + bytes(totals[0]) + ' \u2192 ' + bytes(totals[last]) + ' (' + signed(bytes(totals[last] - totals[0]), totals[last] - totals[0]) + ') over ' + n + ' snapshots'
                          : 'Heap total ' + bytes(totals[0]) + ' in ' + H.snapshots[0];
    root.appendChild(el('p', { id: 'pk-heap-summary', text: summary }));
    if (n > 1) {
      root.appendChild(el('h2', { text: 'Verdict and causes' }));
      const leaks = H.leak_count;
      const judged = H.causes.filter(c => c.verdict !== 'churn' && c.verdict !== 'engine');
      root.appendChild(el('p', { class: 'verdict', id: 'pk-verdict', text: leaks ? leaks + ' leak' + (leaks > 1 ? 's' : '') + ' (causes that keep growing, nothing evicted)' : judged.length ? 'No leak; ' + judged.length + ' cause' + (judged.length > 1 ? 's' : '') + ' grew or stayed bounded' : 'No leak and no growth' }));
      const list = el('div', { id: 'pk-causes' });
      for (const c of H.causes) {
        const held = c.classes.slice(0, 6).map(x => count(x[1]) + ' ' + x[0]).join(', ') + (c.classes.length > 6 ? ', \u2026' : '');
        const d = el('details', null, [el('summary', { text: c.verdict + ' \u2014 ' + c.holder + ' holds ' + held + ': ' + signed(bytes(c.net), c.net) })]);
        d.appendChild(el('p', { text: c.reason }));
        if (c.path) {
          const ol = el('ol');
          ol.appendChild(el('li', null, [el('code', { text: c.path })]));
          d.appendChild(el('p', { text: 'Path to the holder (shortest from the GC roots):' }));
          d.appendChild(ol);
        }
        list.appendChild(d);
      }
      root.appendChild(list);
      const classes = H.rows.map((r, k) => [r, k]).filter(x => x[0].verdict === 'leak' || x[0].verdict === 'growth');
      if (classes.length) {
        root.appendChild(el('h3', { text: 'Retainer paths of the classes that grew' }));
        const byClass = el('div', { id: 'pk-class-paths' });
        for (const [r, k] of classes) {
          const paths = H.paths.filter(p => p[0] === k);
          const d = el('details', null, [el('summary', { text: r.name + ' \u2014 ' + r.verdict + ', retained ' + signed(bytes(r.retained_delta), r.retained_delta) + ': ' + r.reason })]);
          if (paths.length) {
            const ol = el('ol');
            for (const p of paths) ol.appendChild(el('li', null, [el('code', { text: p[2] }), document.createTextNode(' (' + count(p[1]) + ' objects)')]));
            d.appendChild(ol);
          } else d.appendChild(el('p', { text: 'No retainer path recorded for this class.' }));
          byClass.appendChild(d);
        }
        root.appendChild(byClass);
      }
    }
    root.appendChild(el('h2', { text: 'Classes' }));
    const cols = n > 1
      ? [['Constructor', r => r.name], ['Verdict', r => r.verdict], ['# New', r => r.new], ['# Deleted', r => r.deleted], ['# Delta', r => r.count_delta],
         ['Alloc. Size', r => r.alloc, bytes], ['Freed Size', r => r.freed, bytes], ['Size Delta', r => r.size_delta, bytes],
         ['Retained', r => r.retained[last], bytes], ['Retained Delta', r => r.retained_delta, bytes]]
      : [['Constructor', r => r.name], ['Count', r => r.count[0]], ['Shallow Size', r => r.shallow[0], bytes], ['Retained Size', r => r.retained[0], bytes]];
    let sortCol = n > 1 ? 9 : 3, dir = -1;
    const wrap = el('div', { style: 'overflow:auto;max-height:70vh' });
    const table = el('table', { id: 'pk-classes' });
    wrap.appendChild(table);
    root.appendChild(wrap);
    function trend(r) {
      const ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');
      const w = 80, h = 18, v = r.retained, lo = Math.min(...v), hi = Math.max(...v);
      svg.setAttribute('width', w); svg.setAttribute('height', h); svg.setAttribute('class', 'trend');
      svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', 'retained ' + v.map(bytes).join(', '));
      const line = document.createElementNS(ns, 'polyline');
      line.setAttribute('points', v.map((y, k) => (k * (w - 4) / (v.length - 1) + 2).toFixed(1) + ',' + (hi > lo ? (h - 2 - (y - lo) * (h - 4) / (hi - lo)) : h / 2).toFixed(1)).join(' '));
      line.setAttribute('fill', 'none'); line.setAttribute('stroke', 'currentColor'); line.setAttribute('stroke-width', '1.5');
      svg.appendChild(line);
      return svg;
    }
    function fill() {
      table.textContent = '';
      table.appendChild(el('caption', { text: H.rows.length + ' classes' + (n > 1 ? ', first snapshot against the last' : '') }));
      const head = el('tr');
      cols.forEach((c, k) => {
        const th = el('th', { scope: 'col', 'aria-sort': k === sortCol ? (dir < 0 ? 'descending' : 'ascending') : 'none' });
        th.appendChild(el('button', { type: 'button', text: c[0], onclick: () => { if (sortCol === k) dir = -dir; else { sortCol = k; dir = k < 2 ? 1 : -1; } fill(); } }));
        head.appendChild(th);
      });
      if (n > 2) head.appendChild(el('th', { scope: 'col', text: 'Trend (retained)' }));
      table.appendChild(el('thead', null, [head]));
      const get = cols[sortCol][1];
      const rows = H.rows.slice().sort((a, b) => {
        const x = get(a), y = get(b);
        return typeof x === 'string' ? (x < y ? -dir : x > y ? dir : 0) : (x - y) * dir;
      });
      const body = el('tbody');
      for (const r of rows.slice(0, 2000)) {
        const tr = el('tr');
        cols.forEach(c => { const v = c[1](r); tr.appendChild(el('td', { text: typeof v === 'string' ? v : c[2] ? (c[0].includes('Delta') ? signed(c[2](v), v) : c[2](v)) : (c[0].includes('Delta') ? signed(count(v), v) : count(v)) })); });
        if (n > 2) tr.appendChild(el('td', null, [trend(r)]));
        body.appendChild(tr);
      }
      table.appendChild(body);
    }
    fill();
  }
})();
