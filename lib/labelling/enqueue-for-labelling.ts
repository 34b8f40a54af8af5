// Which runs of a completed campaign go before reviewers to label: every run whose detectors and
// judges disagreed (one said pass, another fail, advisory judges included: a judge is measured
// before it may count), and a sample of the runs where they agreed, so that accuracy is not
// measured on disagreements only (where every detector looks bad). The sample is drawn by each
// run's id hashed, so the same campaign always puts the same runs in the queue. A smoke-test campaign
// puts none: its outputs are noise, and a label of one measures nothing (override-labels.ts).
import { createHash } from "node:crypto";
import { smokeTestCampaignIds } from "../campaigns/reads/campaign-smoke-test";
import type { Db, DbTransaction } from "../db/types";
import { readStoredFindings } from "../detectors/stored-findings";
import type { DetectorResult } from "../detectors/types";

/** One agreeing run in ten, and at least one where any agree: enough to see a shared blind spot, few enough to label. */
export const AGREEMENT_SAMPLE_SHARE = 0.1;

export type LabellingReason = "DISAGREEMENT" | "AGREEMENT_SAMPLE";

/** Whether the findings disagree (a pass and a fail), agree (only one of them), or give nothing to label. */
export function findingsAgreement(findings: readonly DetectorResult[]): "disagree" | "agree" | "none" {
  const verdicts = new Set(findings.map((finding) => finding.verdict).filter((verdict) => verdict !== "not_applicable"));
  if (verdicts.size === 2) return "disagree";
  return verdicts.size === 1 ? "agree" : "none";
}

/** A number in [0, 1) fixed by the run's id. */
function draw(runId: string): number {
  return createHash("sha256").update(runId).digest().readUInt32BE(0) / 2 ** 32;
}

/** Puts the campaign's runs to label in the queue (again after "retry failed": runs already queued stay as they are). */
export async function enqueueForLabelling(db: Db | DbTransaction, campaignId: string): Promise<{ disagreements: number; sampled: number }> {
  if ((await smokeTestCampaignIds(db, [campaignId])).has(campaignId)) return { disagreements: 0, sampled: 0 };
  const runs = await db.caseRun.findMany({
    where: { campaignId, status: "DONE", labelling: null },
    select: { id: true, findings: true },
    orderBy: { id: "asc" },
  });
  const disagreeing: string[] = [];
  const agreeing: string[] = [];
  for (const run of runs) {
    const agreement = findingsAgreement(readStoredFindings(run.findings));
    if (agreement === "disagree") disagreeing.push(run.id);
    else if (agreement === "agree") agreeing.push(run.id);
  }
  const ranked = agreeing.map((id) => ({ id, draw: draw(id) })).sort((a, b) => a.draw - b.draw);
  const sampled = ranked.filter((run) => run.draw < AGREEMENT_SAMPLE_SHARE).map((run) => run.id);
  if (sampled.length === 0 && ranked.length > 0) sampled.push(ranked[0].id);
  const rows = [
    ...disagreeing.map((caseRunId) => ({ caseRunId, reason: "DISAGREEMENT" as const })),
    ...sampled.map((caseRunId) => ({ caseRunId, reason: "AGREEMENT_SAMPLE" as const })),
  ];
  if (rows.length > 0) await db.labellingItem.createMany({ data: rows });
  return { disagreements: disagreeing.length, sampled: sampled.length };
}
