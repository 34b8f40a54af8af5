// The confirmed overrides as labels for measured-accuracy.ts (its header states the rules), and
// the figures every page reads: holdout labels plus these, recomputed on each read, so a newly
// confirmed override counts at once.
import type { Db } from "../db/types";
import { labelledOutputsPath } from "./accuracy";
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
export async function measuredDetectorAccuracy(db: Db, file = labelledOutputsPath): Promise<Map<string, DetectorMeasure>> {
  const [holdout, overrides] = await Promise.all([holdoutCounts(file), confirmedOverrideLabels(db)]);
  return combineLabels(holdout, overrides.labels, overrides.provenance);
}

