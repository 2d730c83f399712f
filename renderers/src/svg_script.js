// svg_script.js - the interactive part of profkit's flame graph SVGs.
//
// Embedded verbatim (inside CDATA) by svg.c.  It reads everything it needs
// from the document: the drawing settings from attributes of <g id="frames">,
// and for each frame <g> its start and width in value units (pk:s, pk:w) and
// the length of its name at the head of its <title> (pk:n).  Frames come in
// pre-order with non-decreasing starts, so nested matches of a search are
// counted once by a single left-to-right sweep.
//
// Zoom never reads pixel positions back: every frame is placed again from
// its value units, so zooming deep loses no precision.
"use strict";

var pk = null;

function pk_num(el, name) {
  return parseFloat(el.getAttribute(name));
}

function pk_elements(parent, tag) {
  var out = [];
  for (var c = parent.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (!tag || c.localName === tag)) out.push(c);
  }
  return out;
}

function pk_set_text(el, text) {
  if (el.firstChild) el.firstChild.nodeValue = text;
  else el.appendChild(document.createTextNode(text));
}

function pk_set_class(el, cls) {
  if (cls) el.setAttribute("class", cls);
  else el.removeAttribute("class");
}

function pk_init(evt) {
  var frames = document.getElementById("frames");
  var list = pk_elements(frames, "g");
  var n = list.length;
  pk = {
    frames: frames,
    g: list,
    n: n,
    total: pk_num(frames, "pk:total"),
    xpad: pk_num(frames, "pk:xpad"),
    width: pk_num(frames, "pk:width"),
    fh: pk_num(frames, "pk:fh"),
    fontsize: pk_num(frames, "pk:fontsize"),
    fontwidth: pk_num(frames, "pk:fontwidth"),
    nametype: frames.getAttribute("pk:nametype"),
    searchcolor: "rgb(230,0,230)",
    start: new Float64Array(n),
    size: new Float64Array(n),
    depth: new Int32Array(n),
    name: new Array(n),
    title: new Array(n),
    rect: new Array(n),
    text: new Array(n),
    fill: new Array(n),
    zoomed: 0,
    term: null,
    ignorecase: false,
    highlighted: [],
    details: document.getElementById("details"),
    unzoom: document.getElementById("unzoom"),
    search: document.getElementById("search"),
    ic: document.getElementById("ignorecase"),
    matched: document.getElementById("matched")
  };
  var y0 = 0;
  for (var i = 0; i < n; i++) {
    var g = list[i];
    g.pk_index = i;
    pk.start[i] = pk_num(g, "pk:s");
    pk.size[i] = pk_num(g, "pk:w");
    pk.title[i] = pk_elements(g, "title")[0];
    pk.rect[i] = pk_elements(g, "rect")[0];
    pk.text[i] = pk_elements(g, "text")[0];
    pk.name[i] = pk.title[i].textContent.substring(0, pk_num(g, "pk:n"));
    var y = pk_num(pk.rect[i], "y");
    if (i === 0) y0 = y;
    pk.depth[i] = Math.round(Math.abs(y - y0) / pk.fh);
  }

  frames.addEventListener("click", function (e) {
    var i = pk_frame_of(e.target);
    if (i >= 0) pk_zoom(i);
  }, false);
  frames.addEventListener("mouseover", function (e) {
    var i = pk_frame_of(e.target);
    if (i >= 0) pk_set_text(pk.details, pk.nametype + " " + pk.title[i].textContent);
  }, false);
  var rest = pk.details.textContent || " "; /* the footnote: what was not drawn */
  frames.addEventListener("mouseout", function () {
    pk_set_text(pk.details, rest);
  }, false);
  pk.unzoom.addEventListener("click", function () { pk_zoom(0); }, false);
  pk.search.addEventListener("click", pk_search_prompt, false);
  pk.ic.addEventListener("click", pk_toggle_ignorecase, false);
  window.addEventListener("keydown", pk_key, false);
  pk_restore_state();
}

// The index of the frame <g> holding el, or -1.
function pk_frame_of(el) {
  while (el && el.parentNode !== pk.frames) el = el.parentNode;
  return el && el.pk_index !== undefined ? el.pk_index : -1;
}

// The label flamegraph.pl would show in w pixels: the name, or its head and
// "..", or nothing when fewer than 3 characters fit.
function pk_label(name, w) {
  var chars = Math.floor(w / (pk.fontsize * pk.fontwidth));
  if (chars < 3) return "";
  if (name.length <= chars) return name;
  return name.substring(0, chars - 2) + "..";
}

function pk_place(i, x, w, cls) {
  pk_set_class(pk.g[i], cls);
  if (cls === "hide") return;
  pk.rect[i].setAttribute("x", x.toFixed(2));
  pk.rect[i].setAttribute("width", w.toFixed(2));
  pk.text[i].setAttribute("x", (x + 3).toFixed(2));
  pk_set_text(pk.text[i], pk_label(pk.name[i], w));
}

// Zoom to frame z: its subtree fills the width, its ancestors stretch across
// it (dimmed), everything else is hidden.  pk_zoom(0) resets.
function pk_zoom(z) {
  var s0 = pk.start[z], e0 = s0 + pk.size[z], d0 = pk.depth[z];
  var span = pk.width - 2 * pk.xpad, scale = span / pk.size[z];
  for (var i = 0; i < pk.n; i++) {
    var s = pk.start[i], e = s + pk.size[i];
    if (pk.depth[i] >= d0 && s >= s0 && e <= e0)
      pk_place(i, pk.xpad + (s - s0) * scale, pk.size[i] * scale, "");
    else if (pk.depth[i] < d0 && s <= s0 && e >= e0)
      pk_place(i, pk.xpad, span, "parent");
    else
      pk_place(i, 0, 0, "hide");
  }
  pk.zoomed = z;
  pk_set_class(pk.unzoom, z === 0 ? "hide" : "");
  pk_save_state();
}

function pk_search_prompt() {
  if (pk.term !== null) {
    pk_reset_search();
    return;
  }
  var term = prompt("Enter a search term (regexp allowed, eg: ^ext4_)" +
                    (pk.ignorecase ? ", ignoring case" : "") +
                    "\nPress Ctrl-i to toggle case sensitivity", "");
  if (term) pk_search(term);
}

function pk_reset_search() {
  for (var k = 0; k < pk.highlighted.length; k++) {
    var i = pk.highlighted[k];
    pk.rect[i].setAttribute("fill", pk.fill[i]);
  }
  pk.highlighted = [];
  pk.term = null;
  pk_set_class(pk.search, "");
  pk_set_text(pk.search, "Search");
  pk_set_class(pk.matched, "hide");
  pk_set_text(pk.matched, " ");
  pk_save_state();
}

// Highlights the frames whose name matches term and shows the share of the
// whole profile they cover, each sample counted once however deep the
// matches nest.
function pk_search(term) {
  var re;
  try {
    re = new RegExp(term, pk.ignorecase ? "i" : "");
  } catch (err) {
    pk_set_class(pk.matched, "");
    pk_set_text(pk.matched, "Invalid regexp");
    return;
  }
  pk_reset_search();
  var covered = 0, end = -Infinity;
  for (var i = 0; i < pk.n; i++) {
    if (!re.test(pk.name[i])) continue;
    pk.fill[i] = pk.rect[i].getAttribute("fill");
    pk.rect[i].setAttribute("fill", pk.searchcolor);
    pk.highlighted.push(i);
    if (pk.start[i] >= end) {
      covered += pk.size[i];
      end = pk.start[i] + pk.size[i];
    }
  }
  pk.term = term;
  pk_set_class(pk.search, "show");
  pk_set_text(pk.search, "Reset Search");
  var pct = pk.total > 0 ? 100 * covered / pk.total : 0;
  pk_set_class(pk.matched, "");
  pk_set_text(pk.matched, "Matched: " + (pct === 100 ? "100" : pct.toFixed(1)) + "%");
  pk_save_state();
}

function pk_toggle_ignorecase() {
  pk.ignorecase = !pk.ignorecase;
  pk_set_class(pk.ic, pk.ignorecase ? "show" : "");
  if (pk.term !== null) pk_search(pk.term);
}

function pk_key(e) {
  var key = e.key ? e.key.toLowerCase() : "";
  if ((e.ctrlKey || e.metaKey) && (key === "f" || e.keyCode === 70)) {
    e.preventDefault();
    if (pk.term !== null) pk_reset_search();
    pk_search_prompt();
  } else if ((e.ctrlKey || e.metaKey) && (key === "i" || e.keyCode === 73)) {
    e.preventDefault();
    pk_toggle_ignorecase();
  } else if (key === "escape" && pk.term !== null) {
    pk_reset_search();
  }
}

// The zoomed frame and search term live in the URL (?f=INDEX&s=TERM), so a
// reload or a shared link shows the same view.
function pk_save_state() {
  if (!window.history || !history.replaceState) return;
  var q = [];
  if (pk.zoomed) q.push("f=" + pk.zoomed);
  if (pk.term !== null) q.push("s=" + encodeURIComponent(pk.term));
  try {
    history.replaceState(null, "", q.length ? "?" + q.join("&") : location.pathname);
  } catch (err) {
    // file:// documents may refuse; the view still works.
  }
}

function pk_restore_state() {
  var q = window.location && location.search ? location.search.substring(1).split("&") : [];
  for (var k = 0; k < q.length; k++) {
    var eq = q[k].indexOf("="), key = q[k].substring(0, eq), value = q[k].substring(eq + 1);
    if (key === "f") {
      var z = parseInt(value, 10);
      if (z > 0 && z < pk.n) pk_zoom(z);
    } else if (key === "s" && value) {
      pk_search(decodeURIComponent(value));
    }
  }
}
