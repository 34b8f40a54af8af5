// The change in a cell's failure rate between two campaigns over the same cases is a difference
// of paired proportions; its interval is Newcombe's (1998) method 10: the Wilson score intervals
// of the two rates combined "square and add" with the correlation between the pairs (phi, with
// Newcombe's continuity correction), so that agreeing pairs narrow the interval as they should.
//
// Decision rule: the interval is for after - before (positive = more failures afterwards); it
// excludes zero exactly when the change is detectable at 95%.
import { wilsonInterval, type Interval } from "./wilson";
import { Z_95 } from "./rogan-gladen";

/** Shared case runs of two campaigns, by their verdict in each (fail = a failure). */
export interface PairedCounts {
  bothFail: number;
  /** Failed before, pass after: fixed. */
  beforeOnly: number;
  /** Pass before, fail after: new failures. */
  afterOnly: number;
  neitherFail: number;
}

export interface PairedDifference extends Interval {
  /** after rate - before rate. */
  difference: number;
}

export function newcombePairedInterval(counts: PairedCounts, z = Z_95): PairedDifference {
  const { bothFail: e, beforeOnly: f, afterOnly: g, neitherFail: h } = counts;
  const n = e + f + g + h;
  if (n === 0) return { difference: 0, lower: -1, upper: 1 };
  const before = (e + f) / n;
  const after = (e + g) / n;
  const b = wilsonInterval(e + f, n, z);
  const a = wilsonInterval(e + g, n, z);
  const phi = correctedPhi(e, f, g, h);
  const difference = after - before;
  const lowerDistance = Math.sqrt(Math.max(0, (after - a.lower) ** 2 - 2 * phi * (after - a.lower) * (b.upper - before) + (b.upper - before) ** 2));
  const upperDistance = Math.sqrt(Math.max(0, (a.upper - after) ** 2 - 2 * phi * (a.upper - after) * (before - b.lower) + (before - b.lower) ** 2));
  return { difference, lower: Math.max(-1, difference - lowerDistance), upper: Math.min(1, difference + upperDistance) };
}

/** Newcombe's phi: 0 when a margin is empty; e*h - f*g reduced by n/2 (not below 0) when positive. */
function correctedPhi(e: number, f: number, g: number, h: number): number {
  const n = e + f + g + h;
  const margins = (e + f) * (g + h) * (e + g) * (f + h);
  if (margins === 0) return 0;
  const cross = e * h - f * g;
  const corrected = cross > n / 2 ? cross - n / 2 : Math.min(cross, 0);
  return corrected / Math.sqrt(margins);
}
