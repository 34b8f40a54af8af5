// The confirmed overrides as labels for measured-accuracy.ts (its header states the rules), and
// the figures every page reads: the stored holdout verdicts (holdout-verdicts.ts) plus these, read
// on each request (one query), so a newly confirmed override counts at once.
import type { Db } from "../db/types";
import { loadHoldoutVerdicts } from "./holdout-verdicts";
import { combineLabels, holdoutCounts, labelsFromOverride, type DetectorMeasure, type OverrideLabel } from "./measured-accuracy";

/** Every confirmed override, as detector labels. */
export async function confirmedOverrideLabels(db: Db): Promise<{ labels: OverrideLabel[]; provenance: string[] }> {
  const runs = await db.caseRun.findMany({
    where: { overrideConfirmedAt: { not: null }, overrideVerdict: { in: ["PASS", "FAIL"] } },
    select: { id: true, findings: true, overrideVerdict: true, overrideById: true, overrideConfirmedById: true, overrideConfirmedAt: true },
    orderBy: { id: "asc" },
  });
  return {
    labels: runs.flatMap((run) => labelsFromOverride(run.id, run.findings, run.overrideVerdict as "PASS" | "FAIL")),
    provenance: runs.map((run) => `${run.id}:${run.overrideVerdict}:${run.overrideById}:${run.overrideConfirmedById}:${run.overrideConfirmedAt!.toISOString()}`),
  };
}

/** Sensitivity and specificity of every detector that has labels: the holdout plus confirmed overrides. */
export async function measuredDetectorAccuracy(db: Db): Promise<Map<string, DetectorMeasure>> {
  const [holdout, overrides] = await Promise.all([loadHoldoutVerdicts(db), confirmedOverrideLabels(db)]);
  return combineLabels(holdoutCounts(holdout), overrides.labels, overrides.provenance);
}

