// main.js - two heap snapshots around 2000 leaked closures:
//   node bundle.min.js OUTDIR  ->  OUTDIR/bundle-1.heapsnapshot, bundle-2.heapsnapshot
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';
import { finished, trackRequest } from './leaky.js';

const out = process.argv[2] || '.';
globalThis.requestLog = finished;
trackRequest(-1);
writeHeapSnapshot(join(out, 'bundle-1.heapsnapshot'));
for (let i = 0; i < 2000; i++) trackRequest(i);
writeHeapSnapshot(join(out, 'bundle-2.heapsnapshot'));
