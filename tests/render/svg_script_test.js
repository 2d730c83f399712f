// svg_script_test.js - the SVG's embedded script, run in node on a small DOM.
//
//   node svg_script_test.js GRAPH.svg
//
// GRAPH.svg is flamegen's drawing of the stacks in svg_script.sh.  The
// document is parsed into a minimal DOM (just what the script touches), the
// script is taken from its CDATA and run, and zoom, search, the details
// line and the keyboard are driven as a user would, checking the result
// against values worked out by hand from the stacks.
"use strict";
const fs = require("fs");
const vm = require("vm");

let failures = 0;
function check(cond, what) {
  if (!cond) {
    failures++;
    console.error("FAIL: " + what);
  }
}
function near(a, b) { return Math.abs(a - b) < 0.011; }

// ---- a minimal DOM ----
const entities = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };
function decode(s) {
  return s.replace(/&(#x?[0-9a-fA-F]+|\w+);/g, (m, e) => {
    if (e[0] !== "#") return entities[e];
    return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}
class Text {
  constructor(value) { this.nodeType = 3; this.nodeValue = value; this.parentNode = null; this.nextSibling = null; }
  get textContent() { return this.nodeValue; }
}
class Element {
  constructor(name, attrs) {
    this.nodeType = 1; this.localName = name; this.attrs = attrs; this.children = [];
    this.parentNode = null; this.nextSibling = null; this.listeners = {};
  }
  get firstChild() { return this.children[0] || null; }
  appendChild(c) {
    const last = this.children[this.children.length - 1];
    if (last) last.nextSibling = c;
    c.parentNode = this;
    this.children.push(c);
    return c;
  }
  getAttribute(n) { return n in this.attrs ? this.attrs[n] : null; }
  setAttribute(n, v) { this.attrs[n] = String(v); }
  removeAttribute(n) { delete this.attrs[n]; }
  addEventListener(type, fn) { this.listeners[type] = fn; }
  get textContent() { return this.children.map((c) => c.textContent).join(""); }
}
function parse(xml) {
  const root = new Element("#document", {});
  let at = root, script = null;
  const token = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<![^>]*>|<\?[\s\S]*?\?>|<(\/?)([\w:-]+)([^>]*?)(\/?)>|([^<]+)/g;
  let m;
  while ((m = token.exec(xml))) {
    if (m[1] !== undefined) { script = m[1]; continue; }
    if (m[6] !== undefined) { if (at !== root) at.appendChild(new Text(decode(m[6]))); continue; }
    if (!m[3]) continue; // comment, doctype, processing instruction
    if (m[2]) { at = at.parentNode; continue; }
    const attrs = {};
    m[4].replace(/([\w:-]+)="([^"]*)"/g, (_, k, v) => { attrs[k] = decode(v); });
    const el = at.appendChild(new Element(m[3], attrs));
    if (!m[5]) at = el;
  }
  return { root, script };
}
function byId(n, id) {
  if (n.nodeType === 1 && n.attrs.id === id) return n;
  for (const c of n.children || []) { const f = byId(c, id); if (f) return f; }
  return null;
}

// ---- run the script ----
const { root, script } = parse(fs.readFileSync(process.argv[2], "utf8"));
check(script && script.includes("pk_init"), "the script is embedded");
let url = null, answer = null;
const windowListeners = {};
const context = {
  document: { getElementById: (id) => byId(root, id), createTextNode: (s) => new Text(s) },
  window: { addEventListener: (t, f) => { windowListeners[t] = f; } },
  history: { replaceState: (a, b, u) => { url = u; } },
  location: { search: "", pathname: "/graph.svg" },
  prompt: () => answer,
  console,
};
context.window.history = context.history;
context.window.location = context.location;
vm.createContext(context);
vm.runInContext(script, context);
vm.runInContext("pk_init(null)", context);

const frames = byId(root, "frames");
const gs = frames.children.filter((c) => c.nodeType === 1);
const named = (name) => gs.filter((g) => g.children[0].textContent.startsWith(name + " ("));
const one = (name) => named(name)[0];
const rect = (g) => g.children[1];
const label = (g) => g.children[2].textContent;
const x = (g) => parseFloat(rect(g).getAttribute("x"));
const w = (g) => parseFloat(rect(g).getAttribute("width"));
const cls = (g) => g.getAttribute("class");
const matched = () => byId(root, "matched").textContent;

// Stacks (total 50): main;a;b 10  main;a;c;b 5  main;d 20  main;a 5  other 10
check(gs.length === 8, "8 frames, got " + gs.length);

// Click a frame's label: zoom to "a" (main's first child: start 0, width 20).
frames.listeners.click({ target: one("a").children[2] });
check(cls(one("a")) === null && near(x(one("a")), 10) && near(w(one("a")), 1180), "a fills the width");
const [b1, b2] = named("b").sort((p, q) => x(p) - x(q));
check(near(x(b1), 10 + 5 * 59) && near(w(b1), 10 * 59), "a;b rescaled: self 5 first, 59 px per sample");
check(near(x(one("c")), 10 + 15 * 59) && near(w(one("c")), 5 * 59), "a;c rescaled");
check(near(x(b2), 10 + 15 * 59) && near(w(b2), 5 * 59), "a;c;b rescaled");
check(label(b1) === "b", "label refitted");
check(cls(one("main")) === "parent" && cls(one("all")) === "parent", "ancestors dimmed");
check(near(w(one("main")), 1180), "ancestors stretched");
check(cls(one("d")) === "hide" && cls(one("other")) === "hide", "others hidden");
check(byId(root, "unzoom").getAttribute("class") === null, "Reset Zoom shown");
check(url === "?f=" + gs.indexOf(one("a")), "zoom kept in the URL: " + url);

// Reset zoom.
byId(root, "unzoom").listeners.click({});
check(gs.every((g) => cls(g) === null), "everything visible again");
check(near(w(one("d")), 20 * 1180 / 50) && near(x(one("other")), 10 + 40 * 1180 / 50), "original places");
check(byId(root, "unzoom").getAttribute("class") === "hide", "Reset Zoom hidden");

// Details line on hover.
frames.listeners.mouseover({ target: rect(one("d")) });
check(byId(root, "details").textContent === "Function: d (20 samples, 40.00%)", "details: " + byId(root, "details").textContent);
frames.listeners.mouseout({});
check(byId(root, "details").textContent === " ", "details cleared");

// Search: nested matches counted once.
vm.runInContext("pk_search('^b$')", context);
check(matched() === "Matched: 30.0%", "two separate b: " + matched());
check(rect(b1).getAttribute("fill") === "rgb(230,0,230)" && rect(b2).getAttribute("fill") === "rgb(230,0,230)", "matches highlighted");
vm.runInContext("pk_search('^(a|b)$')", context);
check(matched() === "Matched: 40.0%", "b inside a counted once: " + matched());
vm.runInContext("pk_search('.')", context);
check(matched() === "Matched: 100%", "everything: " + matched());
const dFill = rect(one("d")).getAttribute("fill");
vm.runInContext("pk_reset_search()", context);
check(rect(one("d")).getAttribute("fill") !== dFill, "fill restored");
check(byId(root, "search").textContent === "Search", "button reset");

// Ctrl-F prompts; Ctrl-I toggles case; Escape resets.
answer = "D";
let prevented = false;
windowListeners.keydown({ ctrlKey: true, key: "f", preventDefault: () => { prevented = true; } });
check(prevented, "Ctrl-F taken over");
check(matched() === "Matched: 0.0%", "case-sensitive by default: " + matched());
windowListeners.keydown({ ctrlKey: true, key: "i", preventDefault: () => {} });
check(matched() === "Matched: 40.0%", "Ctrl-I ignores case: " + matched());
check(url === "?s=D", "search kept in the URL: " + url);
windowListeners.keydown({ key: "Escape" });
check(byId(root, "matched").getAttribute("class") === "hide", "Escape resets the search");
vm.runInContext("pk_search('(')", context);
check(matched() === "Invalid regexp", "a bad regexp is reported");

if (failures) {
  console.error(failures + " check(s) failed");
  process.exit(1);
}
console.log("svg_script_test: all checks passed");
