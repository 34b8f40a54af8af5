// The confirmed overrides as labels for measured-accuracy.ts (its header states the rules), and
// the figures every page reads: the stored holdout verdicts (holdout-verdicts.ts) plus these and
// the labelling queue's (lib/labelling/queue-labels.ts), read on each request, so a newly confirmed
// override or a new label counts at once.
import { withoutSmokeTestRuns } from "../campaigns/reads/campaign-smoke-test";
import type { Db, DbTransaction } from "../db/types";
import { queueLabels } from "../labelling/queue-labels";
import { loadHoldoutVerdicts } from "./holdout-verdicts";
import { combineLabels, holdoutCounts, labelsFromOverride, type DetectorMeasure, type OverrideLabel } from "./measured-accuracy";

/** Every confirmed override, as detector labels; but not those of the smoke-test model's outputs, which measure nothing. */
export async function confirmedOverrideLabels(db: Db | DbTransaction): Promise<{ labels: OverrideLabel[]; provenance: string[] }> {
  // Read on the overrideConfirmedAt index as a range and sorted here: asked for "not null" or in id
  // order, SQLite's planner (without statistics) scans every run of every campaign instead, ~6 ms at
  // 10,000 runs, several times a page.
  const confirmed = await db.caseRun.findMany({
    where: { overrideConfirmedAt: { gt: new Date(0) }, overrideVerdict: { in: ["PASS", "FAIL"] } },
    select: { id: true, campaignId: true, findings: true, overrideVerdict: true, overrideById: true, overrideConfirmedById: true, overrideConfirmedAt: true },
  });
  const runs = (await withoutSmokeTestRuns(db, confirmed)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    labels: runs.flatMap((run) => labelsFromOverride(run.id, run.findings, run.overrideVerdict as "PASS" | "FAIL")),
    provenance: runs.map(
      (run) => `${run.id}:${run.overrideVerdict}:${run.overrideById}:${run.overrideConfirmedById}:${run.overrideConfirmedAt!.toISOString()}`,
    ),
  };
}

/** Sensitivity and specificity of every detector and judge that has labels: the holdout, confirmed overrides and the labelling queue. */
export async function measuredDetectorAccuracy(db: Db | DbTransaction): Promise<Map<string, DetectorMeasure>> {
  const [holdout, overrides, queue] = await Promise.all([loadHoldoutVerdicts(db), confirmedOverrideLabels(db), queueLabels(db)]);
  return combineLabels(holdoutCounts(holdout), [...overrides.labels, ...queue.labels], [...overrides.provenance, ...queue.provenance]);
}
