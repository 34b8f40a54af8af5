// A source's verdicts counted per risk x use cell, then judged against each cell's threshold and
// minimum sample size: the steps every source of evidence (a campaign, an imported run) takes. A
// pass or a failure is part of n; an error and a run nothing judged are counted apart and are not.
import type { Db, DbTransaction } from "../db/types";
import { inMatrixOrder } from "../domain/cell-key";
import type { Verdict } from "../domain/verdicts";
import { verdictFor, type CellVerdict } from "./wilson";

export interface CellTally {
  riskCode: string;
  useCode: string;
  passes: number;
  failures: number;
  /** Runs whose verdict a reviewer overrode; already counted in passes / failures. */
  overrides: number;
  /** Runs whose generation failed: not part of n. */
  errors: number;
  /** Runs none of whose detectors had anything to judge: not part of n. */
  unjudged: number;
}

export interface CellAggregate extends CellTally {
  n: number;
  rate: number | null;
  intervalLow: number;
  intervalHigh: number;
  verdict: CellVerdict;
  failureThreshold: number;
  minSampleSize: number;
}

/** Tallies that grow one verdict at a time and read back in card order. */
export function cellTallies() {
  const tallies = new Map<string, CellTally>();
  return {
    count(riskCode: string, useCode: string, verdict: Verdict | null, overridden: boolean) {
      const key = `${riskCode}|${useCode}`;
      let tally = tallies.get(key);
      if (!tally) {
        tally = { riskCode, useCode, passes: 0, failures: 0, overrides: 0, errors: 0, unjudged: 0 };
        tallies.set(key, tally);
      }
      if (verdict === "PASS") tally.passes++;
      else if (verdict === "FAIL") tally.failures++;
      else if (verdict === "ERROR") tally.errors++;
      else tally.unjudged++;
      if (overridden) tally.overrides++;
    },
    inCardOrder: (): CellTally[] => [...tallies.values()].sort(inMatrixOrder),
  };
}

/** Per-cell tallies of a model (a campaign's or an imported run's) judged against each cell's threshold and minimum sample size. */
export async function judgeTallies(db: Db | DbTransaction, modelId: string, tallies: CellTally[]): Promise<CellAggregate[]> {
  const cells = await db.cell.findMany({
    where: { risk: { modelId } },
    select: { failureThreshold: true, minSampleSize: true, risk: { select: { code: true } }, use: { select: { code: true } } },
  });
  const limits = new Map(cells.map((cell) => [`${cell.risk.code}|${cell.use.code}`, cell]));
  return tallies.map((tally) => {
    const cell = limits.get(`${tally.riskCode}|${tally.useCode}`);
    const failureThreshold = cell?.failureThreshold ?? 0.1;
    const minSampleSize = cell?.minSampleSize ?? 30;
    const n = tally.passes + tally.failures;
    const judged = verdictFor({ failures: tally.failures, n, threshold: failureThreshold, minSampleSize });
    return {
      ...tally,
      n,
      rate: judged.rate,
      intervalLow: judged.lower,
      intervalHigh: judged.upper,
      verdict: judged.verdict,
      failureThreshold,
      minSampleSize,
    };
  });
}
