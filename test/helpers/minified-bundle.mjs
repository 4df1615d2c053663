// A generated one-line bundle with a hard-coded key inside, shared by the hostile test tree
// (test/hostile/hostile-tree.ts) and the bench's hostile inputs (plain Node, no TypeScript).

/** One line of about `size` characters: minified code that signs with `secret` near its start. */
export function minifiedBundle(size, secret) {
  const parts = ['!function(e){"use strict";var t=require("jsonwebtoken");'];
  let length = parts[0].length;
  let i = 0;
  while (length < size) {
    const piece = `function f${i}(a,b){return a&&b?{k${i}:a[${i % 7}],v:b.map(function(c){return c+${i}})}:null}var g${i}=f${i}([1,2,3],[4,5]);`;
    parts.push(piece);
    length += piece.length;
    if (i === 500) parts.push(`module.exports.s=function(p){return t.sign(p,"${secret}")};`);
    i++;
  }
  parts.push('}(this);');
  return parts.join('');
}
