// hot.js - a small Node.js program with one known hot function, profiled by
// generate.sh with `node --cpu-prof`: hotLoop must be the widest leaf.
'use strict';
function hotLoop(n) {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003;
  return x;
}
function coldSetup() {
  const parts = [];
  for (let i = 0; i < 2000; i++) parts.push(String(i));
  return parts.join(',').length;
}
function main() {
  let sum = coldSetup();
  const end = Date.now() + 300;
  while (Date.now() < end) sum += hotLoop(200000);
  return sum;
}
console.log(main() > 0 ? 'ok' : 'bad');
