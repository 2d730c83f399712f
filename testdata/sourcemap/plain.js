function a(n){return n}
// no source map comment here
