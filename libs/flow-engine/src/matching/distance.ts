// Buffers reused across calls: keyword matching runs on every inbound message, allocation shows up.
// Callers never re-enter (the function is synchronous and does not call out), so sharing is safe.
let buffers = makeBuffers(32);

function makeBuffers(size: number) {
  return { a: new Int32Array(size), b: new Int32Array(size), r0: new Int32Array(size + 1), r1: new Int32Array(size + 1), r2: new Int32Array(size + 1) };
}

/** Code points into `out`, so an astral character (emoji) counts as one edit; returns the length. */
function toCodes(s: string, out: Int32Array): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      out[n++] = s.codePointAt(i)!;
      i++;
    } else {
      out[n++] = c;
    }
  }
  return n;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap two adjacent
 * characters), counted in code points. With `max`, stops as soon as the distance must exceed it and
 * returns `max + 1`, so callers compare against their limit without paying for long strings.
 */
export function damerauLevenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const cap = max < 0 ? 0 : max;
  if (Math.abs(a.length - b.length) > 2 * cap + 2 && cap < Number.POSITIVE_INFINITY) {
    // UTF-16 lengths differ by at most 2 per code point: a difference this large is over the cap anyway.
    return cap + 1;
  }
  if (buffers.a.length < a.length || buffers.b.length < b.length) buffers = makeBuffers(Math.max(a.length, b.length) * 2);
  const { a: x, b: y } = buffers;
  let prevPrev = buffers.r0;
  let prev = buffers.r1;
  let cur = buffers.r2;
  const n = toCodes(a, x);
  const m = toCodes(b, y);
  if (Math.abs(n - m) > cap) return cap + 1;
  if (n === 0) return m;
  if (m === 0) return n;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const xi = x[i - 1]!;
    const xPrev = i > 1 ? x[i - 2]! : -1;
    for (let j = 1; j <= m; j++) {
      const yj = y[j - 1]!;
      let d = prev[j - 1]! + (xi === yj ? 0 : 1);
      const del = prev[j]! + 1;
      if (del < d) d = del;
      const ins = cur[j - 1]! + 1;
      if (ins < d) d = ins;
      if (j > 1 && xi === y[j - 2] && xPrev === yj) {
        const swap = prevPrev[j - 2]! + 1;
        if (swap < d) d = swap;
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > cap) return cap + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  const result = prev[m]!;
  return result > cap ? cap + 1 : result;
}
