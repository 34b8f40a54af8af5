// The labelling queue's labels as labels of each detector and judge that gave the run a verdict
// (advisory judges included: that is how a judge is measured before it may count). The rule, for
// an output labelled
// - PASS: every finding that said pass or fail is labelled pass;
// - FAIL: every finding that said fail is labelled fail (it caught a failure), and a finding that
//   said pass is labelled fail only when it was the only one to judge the run (otherwise which of
//   the silent ones missed it is unknown: each may judge another of the case's expectations).
import { withoutSmokeTestRuns } from "../campaigns/reads/campaign-smoke-test";
import type { Db, DbTransaction } from "../db/types";
import type { OverrideLabel } from "../detectors/measured-accuracy";
import { readStoredFindings } from "../detectors/stored-findings";

export function labelsFromHumanLabel(caseRunId: string, findings: unknown, label: "PASS" | "FAIL"): OverrideLabel[] {
  const judged = readStoredFindings(findings).filter((finding) => finding.verdict === "pass" || finding.verdict === "fail");
  return judged.flatMap((finding): OverrideLabel[] => {
    const detectorVerdict = finding.verdict as "pass" | "fail";
    if (label === "PASS") return [{ caseRunId, detector: finding.detector, detectorVerdict, label: "pass" as const, source: "queue" as const }];
    if (detectorVerdict === "fail" || judged.length === 1)
      return [{ caseRunId, detector: finding.detector, detectorVerdict, label: "fail" as const, source: "queue" as const }];
    return [];
  });
}

/**
 * Every label the queue holds, as detector labels, with the provenance that versions the figures made from them; but
 * not the labels of the smoke-test model's outputs (queued before smoke-test campaigns were left out of the queue).
 */
export async function queueLabels(db: Db | DbTransaction): Promise<{ labels: OverrideLabel[]; provenance: string[] }> {
  const labelled = await db.labellingItem.findMany({
    where: { label: { in: ["PASS", "FAIL"] } },
    select: { id: true, label: true, labelledById: true, labelledAt: true, caseRun: { select: { id: true, findings: true, campaignId: true } } },
    orderBy: { id: "asc" },
  });
  const measuring = new Set(
    await withoutSmokeTestRuns(
      db,
      labelled.map((item) => item.caseRun),
    ),
  );
  const items = labelled.filter((item) => measuring.has(item.caseRun));
  return {
    labels: items.flatMap((item) => labelsFromHumanLabel(item.caseRun.id, item.caseRun.findings, item.label as "PASS" | "FAIL")),
    provenance: items.map((item) => `queue:${item.id}:${item.label}:${item.labelledById}:${item.labelledAt?.toISOString()}`),
  };
}
