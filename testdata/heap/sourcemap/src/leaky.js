// leaky.js - keeps a closure per request in a module-level array and never
// lets go of it: the leak heapdiff must name by this file's names and lines.
export const finished = [];

export function trackRequest(id) {
  const payload = new Array(16).fill(id);
  function onRequestFinished(status) {
    return payload.length + status;
  }
  finished.push(onRequestFinished);
}
