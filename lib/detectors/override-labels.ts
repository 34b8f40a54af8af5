// The confirmed overrides as labels for measured-accuracy.ts (its header states the rules), and
// the figures every page reads: the stored holdout verdicts (holdout-verdicts.ts) plus these and
// the labelling queue's (lib/labelling/queue-labels.ts), read on each request, so a newly confirmed
// override or a new label counts at once.
import type { Db } from "../db/types";
import { queueLabels } from "../labelling/queue-labels";
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
    provenance: runs.map(
      (run) => `${run.id}:${run.overrideVerdict}:${run.overrideById}:${run.overrideConfirmedById}:${run.overrideConfirmedAt!.toISOString()}`,
    ),
  };
}

/** Sensitivity and specificity of every detector and judge that has labels: the holdout, confirmed overrides and the labelling queue. */
export async function measuredDetectorAccuracy(db: Db): Promise<Map<string, DetectorMeasure>> {
  const [holdout, overrides, queue] = await Promise.all([loadHoldoutVerdicts(db), confirmedOverrideLabels(db), queueLabels(db)]);
  return combineLabels(holdoutCounts(holdout), [...overrides.labels, ...queue.labels], [...overrides.provenance, ...queue.provenance]);
}
