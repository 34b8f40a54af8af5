// "Cases per suite": which of a suite's cases a campaign runs when it may not run them all. The first cases by key
// reached only the risks whose cases sort first (30 of U1's 160 cases: 6 of the 11 risks asked for) and several
// wordings of one prompt. Here the risks take turns instead: the risk with the fewest cases drawn so far takes its
// next case in a shuffled order, and a case counts for every risk it tests. The shuffle is fixed (a hash of the case
// key), not the campaign's seed: campaigns of other seeds, models or settings run the same cases and so compare case
// by case (lib/campaigns/reads/compare.ts).
import { createHash } from "node:crypto";
import { byCodeNumber } from "../../domain/cell-key";

export interface DrawableCase {
  key: string;
  suite: { key: string };
}

/**
 * Up to `perSuite` cases of each suite, in the order they came. `risksOf`: the risks a case tests that the campaign
 * asked for (all of the case's risks when it asked for none).
 */
export function drawCasesPerSuite<C extends DrawableCase>(cases: readonly C[], perSuite: number, risksOf: (c: C) => readonly string[]): C[] {
  const bySuite = new Map<string, C[]>();
  for (const c of cases) {
    const suiteCases = bySuite.get(c.suite.key);
    if (suiteCases) suiteCases.push(c);
    else bySuite.set(c.suite.key, [c]);
  }
  const drawn = new Set<C>();
  for (const suiteCases of bySuite.values()) {
    for (const c of drawSuite(suiteCases, perSuite, risksOf)) drawn.add(c);
  }
  return cases.filter((c) => drawn.has(c));
}

function drawSuite<C extends DrawableCase>(cases: readonly C[], perSuite: number, risksOf: (c: C) => readonly string[]): C[] {
  if (cases.length <= perSuite) return [...cases];
  const keys = new Map(cases.map((c) => [c, shuffleKey(c.key)]));
  const shuffled = [...cases].sort((a, b) => keys.get(a)!.localeCompare(keys.get(b)!));
  const risks = [...new Set(shuffled.flatMap((c) => risksOf(c)))].sort(byCodeNumber);
  const queues = new Map(risks.map((risk) => [risk, { cases: shuffled.filter((c) => risksOf(c).includes(risk)), next: 0 }]));
  const drawnPerRisk = new Map(risks.map((risk) => [risk, 0]));
  const drawn = new Set<C>();
  const take = (c: C) => {
    drawn.add(c);
    for (const risk of risksOf(c)) drawnPerRisk.set(risk, (drawnPerRisk.get(risk) ?? 0) + 1);
  };
  // Every case tests a risk (a suite's schema refuses one that probes none), so each is in some risk's queue.
  while (drawn.size < perSuite) {
    const next = nextForLeastDrawnRisk(risks, queues, drawnPerRisk, drawn);
    if (!next) break;
    take(next);
  }
  return [...drawn];
}

interface RiskQueue<C> {
  /** The risk's cases in the shuffled order. */
  cases: C[];
  /** Where its first case not drawn yet may be. */
  next: number;
}

function nextForLeastDrawnRisk<C>(risks: string[], queues: Map<string, RiskQueue<C>>, drawnPerRisk: Map<string, number>, drawn: Set<C>): C | null {
  let best: { risk: string; next: C } | null = null;
  for (const risk of risks) {
    const queue = queues.get(risk)!;
    while (queue.next < queue.cases.length && drawn.has(queue.cases[queue.next])) queue.next++;
    if (queue.next === queue.cases.length) continue;
    if (!best || drawnPerRisk.get(risk)! < drawnPerRisk.get(best.risk)!) best = { risk, next: queue.cases[queue.next] };
  }
  return best?.next ?? null;
}

function shuffleKey(caseKey: string): string {
  return createHash("sha256").update(`draw\u0000${caseKey}`).digest("hex");
}
