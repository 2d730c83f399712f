// scenarios.js - writes the heap snapshots that tests/heap checks verdicts on.
//
//   node --expose-gc scenarios.js OUTDIR
//
// Three scenarios (leak: three snapshots s1..s3, churn and mixed: two), with
// counts the tests know: the numbers below are the contract.
//   leak:  LeakyThing objects kept in a global Map: 200 more per step
//          (0 -> 200 -> 400 in the map after s1, s2, s3 are taken).
//   churn: ChurnThing objects: each step replaces the 300 live ones with 300
//          new ones (same count, all ids new).
//   mixed: both of the above, plus a closure that captures a growing
//          array of HeldByClosure objects (150 more per step).
// Snapshots are written with v8.writeHeapSnapshot, then gzip'd by the caller.
'use strict';
const v8 = require('v8');
const path = require('path');
const fs = require('fs');

class LeakyThing { constructor(i) { this.index = i; this.payload = new Array(8).fill(i); } }
class ChurnThing { constructor(i) { this.index = i; this.payload = new Array(8).fill(i); } }
class HeldByClosure { constructor(i) { this.index = i; this.label = 'held-' + i; } }

const cache = new Map();
globalThis.leakCache = cache;
let churn = [];
globalThis.churnHolder = { get: () => churn };
const held = [];
globalThis.closureHolder = (() => { const captured = held; return () => captured.length; })();

function step(scenario, n) {
  if (scenario === 'leak' || scenario === 'mixed')
    for (let i = 0; i < 200; i++) cache.set(`${n}-${i}`, new LeakyThing(i));
  if (scenario === 'churn' || scenario === 'mixed') {
    churn = [];
    for (let i = 0; i < 300; i++) churn.push(new ChurnThing(i));
  }
  if (scenario === 'mixed')
    for (let i = 0; i < 150; i++) held.push(new HeldByClosure(i));
}

const [scenario, outdir] = process.argv.slice(2);
if (!['leak', 'churn', 'mixed'].includes(scenario) || !outdir) {
  console.error('usage: node --expose-gc scenarios.js leak|churn|mixed OUTDIR');
  process.exit(2);
}
fs.mkdirSync(outdir, { recursive: true });
if (scenario !== 'leak') step(scenario, 0);  // churn starts with a live batch
const snapshots = scenario === 'leak' ? 3 : 2;  // kept small: each is ~800 KB gzip'd
for (let s = 1; s <= snapshots; s++) {
  if (s > 1) step(scenario, s);
  global.gc();
  v8.writeHeapSnapshot(path.join(outdir, `${scenario}-${s}.heapsnapshot`));
}
