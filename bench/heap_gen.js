// heap_gen.js - writes a big heap snapshot of a seeded random object graph.
//
//   node --max-old-space-size=8000 heap_gen.js OUT.heapsnapshot [OBJECTS]
//
// OBJECTS (default 1700000) instances of three classes, each pointing at two
// earlier objects chosen by a seeded xorshift generator, half of them with a
// small array and a string.  1.7M objects give about 5.3M snapshot nodes.
'use strict';
const v8 = require('v8');
const [out, count = '1700000'] = process.argv.slice(2);
if (!out) { console.error('usage: node heap_gen.js OUT [OBJECTS]'); process.exit(2); }
let seed = 0x9e3779b9;
function rand(n) { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; }
class Alpha { constructor(a, b) { this.a = a; this.b = b; } }
class Beta { constructor(a, b) { this.left = a; this.right = b; this.tag = 'beta'; } }
class Gamma { constructor(a, b) { this.x = a; this.y = b; this.list = [a, b, 1]; this.name = 'g' + (seed & 1023); } }
const kinds = [Alpha, Beta, Gamma];
const all = new Array(Number(count));
for (let i = 0; i < all.length; i++) {
  const a = i ? all[rand(i)] : null, b = i ? all[rand(i)] : null;
  all[i] = new kinds[rand(3)](a, b);
}
globalThis.keep = all;
v8.writeHeapSnapshot(out);
