// burner.js - burns CPU for SECONDS_TO_RUN seconds (contention beside a recording).
'use strict';
const end = Date.now() + Number(process.env.SECONDS_TO_RUN || 3) * 1000;
let x = 0;
while (Date.now() < end) for (let i = 0; i < 1e5; i++) x = (x * 1103515245 + 12345) % 2147483648;
console.log(x);
