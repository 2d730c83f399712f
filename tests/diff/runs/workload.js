// workload.js - a small CPU-bound request loop, recorded with node --cpu-prof
// by record.sh.  SLOW=1 makes one function (checksum) ten times slower; the
// rest of the code is identical, so a diff of the two versions has exactly
// one real regression.  Functions are kept out of line where it matters
// (%NeverOptimizeFunction is not used: the JIT decides, as in real runs).
'use strict';
const SLOW = process.env.SLOW === '1';
const SECONDS = Number(process.env.SECONDS_TO_RUN || 3);

function parseRecord(line) {
  const out = {};
  for (const part of line.split(';')) {
    const eq = part.indexOf('=');
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

function checksum(s) {
  let h = 2166136261;
  const rounds = SLOW ? 10 : 1;
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function renderRow(rec) {
  return `<tr><td>${rec.id}</td><td>${rec.name}</td><td>${rec.score}</td></tr>`;
}

function sortScores(rows) {
  return rows.slice().sort((a, b) => Number(a.score) - Number(b.score));
}

function handleRequest(n) {
  const rows = [];
  for (let i = 0; i < 40; i++)
    rows.push(parseRecord(`id=${n * 40 + i};name=user${(n * 7 + i) % 997};score=${(n * 31 + i * 17) % 1009}`));
  const sorted = sortScores(rows);
  let html = '';
  for (const r of sorted) html += renderRow(r);
  return checksum(html);
}

let acc = 0, n = 0;
const end = Date.now() + SECONDS * 1000;
while (Date.now() < end) acc ^= handleRequest(n++);
console.log(`${n} requests, ${acc}`);
