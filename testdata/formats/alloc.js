// alloc.js - a small Node.js program with one known allocation-heavy
// function, profiled by generate.sh with `node --heap-prof`: allocHot must
// be the widest leaf (bytes) in the heap profile.  The sampling heap
// profiler reports what is still alive at exit, so the result is kept.
'use strict';
const keep = (globalThis.keepAlive = []); // a module local dies before the profile is written
function allocHot(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(new Array(4096).fill(i));
  return out;
}
function allocCold() {
  return new Array(1000).fill(0).map((_, i) => i * 2);
}
for (let round = 0; round < 8; round++) {
  keep.push(allocHot(64));
  keep.push(allocCold());
}
console.log(keep.length === 16 ? 'ok' : 'bad');
