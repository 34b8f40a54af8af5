// Two campaigns ran the same cases: the cases whose verdict did not change say nothing about
// which campaign is worse, only the ones that flipped do. McNemar's exact test asks whether the
// flips one way (b) and the other (c) could be a fair coin's: under "no change" b is
// Binomial(b + c, 1/2).
//
// Decision rule: two-sided p = min(1, 2 * P(X <= min(b, c))) for X ~ Binomial(b + c, 1/2); a
// change is detectable when p < 0.05 (the comparison page says "better" or "worse" only then).

/** Exact two-sided McNemar p-value from the discordant counts; 1 when nothing flipped. */
export function mcnemarExactP(b: number, c: number): number {
  for (const [name, value] of [
    ["b", b],
    ["c", c],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  const discordant = b + c;
  if (discordant === 0) return 1;
  const smaller = Math.min(b, c);
  // Sum P(X = k) for k <= smaller in log space: b + c can be in the thousands.
  let logTerm = -discordant * Math.LN2; // P(X = 0)
  let tail = Math.exp(logTerm);
  for (let k = 1; k <= smaller; k++) {
    logTerm += Math.log(discordant - k + 1) - Math.log(k);
    tail += Math.exp(logTerm);
  }
  return Math.min(1, 2 * tail);
}
