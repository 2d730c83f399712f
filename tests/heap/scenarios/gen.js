// gen.js - writes the snapshot series the heap scenario tests judge.
//
//   node --expose-gc gen.js SCENARIO OUTDIR
//
// Each scenario writes OUTDIR/SCENARIO-1..3.heapsnapshot from one process
// (two-processes: -1 from one process and -2 from another: run it twice
// with "a" / "b" as a third argument).  The counts below are the contract
// the tests check; heaps stay small (a few MB) so a scenario takes about a
// second.
//   map-leak    the Map `pending` of a module object gains 2000 RequestContext
//               (each with a headers object and a string) per step
//   listeners   an EventEmitter gains 500 'data' listeners per step, each a
//               closure `onData` holding a Subscription
//   closure     a closure `remember` captures an array that gains 1500 Item per step
//   array       the global array `history` gains 1500 Entry per step
//   lru         an LRU capped at 2000: 1000 entries at s1, 2000 more inserted
//               before s2 and before s3 (every older entry evicted)
//   churn       1500 ChurnThing replaced by 1500 new ones per step
//   jit         no data kept: new functions run hot between snapshots
//               (compiled code, feedback, shapes grow)
//   timer       a cache filled by an interval timer whose entries expire
//               after 20 ticks of the timer: about 2,000 entries at every
//               snapshot, and none of one snapshot's left at the next,
//               whatever the machine's load (time is counted in ticks, so
//               a loaded machine that delays the timer cannot make the
//               cache grow between snapshots)
'use strict';
const v8 = require('v8');
const path = require('path');
const fs = require('fs');
const { EventEmitter } = require('events');

class RequestContext { constructor(i) { this.id = 'req-' + i + '-' + Math.random(); this.headers = { host: 'h' + i, n: i }; } }
class Subscription { constructor(i) { this.index = i; this.buffer = new Array(16).fill(i); } }
class Item { constructor(i) { this.index = i; this.label = 'item-' + i + '-' + Math.random(); } }
class Entry { constructor(i) { this.index = i; this.values = [i, i + 1, i + 2, i + 3]; } }
class CacheValue { constructor(i) { this.index = i; this.blob = 'v' + i + '-' + Math.random(); } }
class ChurnThing { constructor(i) { this.index = i; this.payload = new Array(8).fill(i); } }
class TimedEntry { constructor(i, at) { this.at = at; this.data = 'd' + i + '-' + Math.random(); } }

const requests = { pending: new Map() };  // "module X"
const emitter = new EventEmitter();
emitter.setMaxListeners(0);
const remember = (() => { const seen = []; return function remember(x) { seen.push(x); return seen.length; }; })();
globalThis.history = [];
class LRU {
  constructor(cap) { this.cap = cap; this.map = new Map(); }
  set(k, v) { this.map.set(k, v); if (this.map.size > this.cap) this.map.delete(this.map.keys().next().value); }
}
const lru = new LRU(2000);
let churn = [];
globalThis.holders = { requests, emitter, remember, lru, get churn() { return churn; } };
let counter = 0;

function jitWork(step) {
  // fresh functions each step, run hot enough for the optimizing tiers
  let sum = 0;
  for (let f = 0; f < 20; f++) {
    const fn = new Function('a', 'b', `return (a * ${f + step * 31}) ^ (b + ${f});`);
    for (let i = 0; i < 20000; i++) sum += fn(i, sum & 0xff);
  }
  return sum;
}

const steps = {
  'map-leak': () => { for (let i = 0; i < 2000; i++) requests.pending.set(counter, new RequestContext(counter++)); },
  listeners: () => {
    for (let i = 0; i < 500; i++) {
      const sub = new Subscription(counter++);
      emitter.on('data', function onData(x) { return sub.index + x; });
    }
  },
  closure: () => { for (let i = 0; i < 1500; i++) remember(new Item(counter++)); },
  array: () => { for (let i = 0; i < 1500; i++) globalThis.history.push(new Entry(counter++)); },
  lru: (s) => { for (let i = 0, n = s === 0 ? 1000 : 2000; i < n; i++) lru.set(counter, new CacheValue(counter++)); },
  churn: () => { churn = []; for (let i = 0; i < 1500; i++) churn.push(new ChurnThing(counter++)); },
  jit: (s) => { globalThis.jitResult = jitWork(s); },
};

async function main() {
  const [scenario, outdir, which] = process.argv.slice(2);
  fs.mkdirSync(outdir, { recursive: true });
  const snap = (s) => { global.gc(); v8.writeHeapSnapshot(path.join(outdir, `${scenario}-${s}.heapsnapshot`)); };
  if (scenario === 'two-processes') {
    // unrelated workloads in separate processes
    if (which === 'a') for (let i = 0; i < 3000; i++) requests.pending.set(i, new RequestContext(i));
    else { steps.churn(); steps.array(); }
    snap(which === 'a' ? 1 : 2);
    return;
  }
  if (scenario === 'timer') {
    const cache = new Map();
    globalThis.timerCache = cache;
    let i = 0, tick = 0;
    const timer = setInterval(() => {
      tick++;
      for (let k = 0; k < 100; k++) cache.set(i, new TimedEntry(i++, tick));
      for (const [key, v] of cache) { if (tick - v.at >= 20) cache.delete(key); else break; }
    }, 2);
    const ticks = (n) => new Promise((r) => {
      const until = tick + n;
      const poll = setInterval(() => { if (tick >= until) { clearInterval(poll); r(); } }, 1);
    });
    await ticks(100);
    for (let s = 1; s <= 3; s++) { snap(s); await ticks(75); }
    clearInterval(timer);
    return;
  }
  if (!steps[scenario]) { console.error('gen.js: unknown scenario ' + scenario); process.exit(2); }
  steps[scenario](0);
  for (let s = 1; s <= 3; s++) {
    if (s > 1) steps[scenario](s);
    snap(s);
  }
}
main();
