// check_speedscope.js - structural check of speedscope files we write,
// following speedscope's file-format schema: node check_speedscope.js FILE...
// Exits 1 with a message on the first violation.
'use strict';
const fs = require('fs');
function fail(file, msg) {
  console.error(`${file}: ${msg}`);
  process.exit(1);
}
for (const file of process.argv.slice(2)) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (doc.$schema !== 'https://www.speedscope.app/file-format-schema.json') fail(file, 'bad $schema');
  const frames = doc.shared && doc.shared.frames;
  if (!Array.isArray(frames) || frames.some((f) => typeof f.name !== 'string')) fail(file, 'bad shared.frames');
  if (!Array.isArray(doc.profiles) || doc.profiles.length === 0) fail(file, 'no profiles');
  if (!(doc.activeProfileIndex >= 0 && doc.activeProfileIndex < doc.profiles.length)) fail(file, 'bad activeProfileIndex');
  const units = ['none', 'nanoseconds', 'microseconds', 'milliseconds', 'seconds', 'bytes'];
  for (const p of doc.profiles) {
    if (p.type !== 'sampled' || typeof p.name !== 'string' || !units.includes(p.unit)) fail(file, 'bad profile header');
    if (!Array.isArray(p.samples) || !Array.isArray(p.weights) || p.samples.length !== p.weights.length)
      fail(file, 'samples and weights differ in length');
    let sum = 0;
    for (const s of p.samples)
      for (const i of s) if (!Number.isInteger(i) || i < 0 || i >= frames.length) fail(file, `frame index ${i} out of range`);
    for (const w of p.weights) {
      if (!(w > 0)) fail(file, `weight ${w}`);
      sum += w;
    }
    if (!(p.startValue === 0 && p.endValue >= sum * (1 - 1e-9))) fail(file, 'endValue below the sum of weights');
  }
}
