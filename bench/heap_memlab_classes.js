// heap_memlab_classes.js - per-class retained totals as memlab computes them,
// to compare with heapdiff (docs/heap.md explains the differences).
//
//   node heap_memlab_classes.js FILE.heapsnapshot [TOP]
//
// A node's class is its name for objects and native nodes and "(type)"
// otherwise (DevTools' rule, without interface names); a class's retained
// size counts a node only if no dominator of it has the same class.
'use strict';
const { getFullHeapFromFile } = require('@memlab/heap-analysis');
const cls = (n) => (n.type === 'object' || n.type === 'native') ? n.name
  : n.type === 'closure' ? 'Function' : n.type === 'hidden' ? '(system)'
  : n.type === 'code' ? '(compiled code)' : n.type === 'regexp' ? 'RegExp' : `(${n.type})`;
(async () => {
  const heap = await getFullHeapFromFile(process.argv[2]);
  const top = Number(process.argv[3] || 15);
  const rows = new Map();
  heap.nodes.forEach((n) => {
    const c = cls(n);
    let r = rows.get(c);
    if (!r) rows.set(c, r = { count: 0, self: 0, retained: 0 });
    r.count++; r.self += n.self_size;
    for (let d = n.dominatorNode, prev = n; d && d.id !== prev.id; prev = d, d = d.dominatorNode)
      if (cls(d) === c) return;
    r.retained += n.retainedSize;
  });
  const sorted = [...rows.entries()].sort((a, b) => b[1].retained - a[1].retained).slice(0, top);
  for (const [c, r] of sorted) console.log(`${c}\t${r.count}\t${r.self}\t${r.retained}`);
})();
