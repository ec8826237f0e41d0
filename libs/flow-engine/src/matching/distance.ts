// Rows reused across calls: keyword matching runs on every inbound message, allocation shows up.
let prevPrev = new Int32Array(32);
let prev = new Int32Array(32);
let cur = new Int32Array(32);

function codePoints(s: string): string | string[] {
  // Plain BMP strings index fine by UTF-16 unit; astral characters must count as one edit.
  return /[\ud800-\udfff]/.test(s) ? Array.from(s) : s;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap two adjacent
 * characters), counted in code points. With `max`, stops as soon as the distance must exceed it and
 * returns `max + 1`, so callers compare against their limit without paying for long strings.
 */
export function damerauLevenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const x = codePoints(a);
  const y = codePoints(b);
  const n = x.length;
  const m = y.length;
  const cap = max < 0 ? 0 : max;
  if (Math.abs(n - m) > cap) return cap + 1;
  if (n === 0) return m;
  if (m === 0) return n;
  if (cur.length <= m) {
    prevPrev = new Int32Array(m + 1);
    prev = new Int32Array(m + 1);
    cur = new Int32Array(m + 1);
  }
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const xi = x[i - 1];
    for (let j = 1; j <= m; j++) {
      const yj = y[j - 1];
      const cost = xi === yj ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && xi === y[j - 2] && x[i - 2] === yj) d = Math.min(d, prevPrev[j - 2]! + 1);
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
