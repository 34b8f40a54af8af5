// One item of the labelling queue as a reviewer reads it: the case (its expectations, its prompt
// or turns), the model's output, and each detector's and judge's verdict with the snippet that
// decided it. Only the reviewer holding the item is shown it.
import { readNameList } from "../db/json-columns";
import type { Db } from "../db/types";
import { readStoredTurns } from "../campaigns/runner/case-request";
import { readStoredFindings } from "../detectors/stored-findings";
import type { DetectorResult } from "../detectors/types";

export interface LabellingItemView {
  id: string;
  reason: "DISAGREEMENT" | "AGREEMENT_SAMPLE";
  campaignName: string;
  caseKey: string;
  risks: string[];
  useCode: string;
  expected: string[];
  systemPrompt: string | null;
  turns: { role: string; content: string }[];
  output: string;
  findings: DetectorResult[];
  claimedUntil: string | null;
}

export async function loadLabellingItem(db: Db, itemId: string, reviewerId: string): Promise<LabellingItemView | null> {
  const item = await db.labellingItem.findUnique({
    where: { id: itemId },
    include: {
      caseRun: {
        select: {
          output: true,
          findings: true,
          systemPrompt: true,
          turns: true,
          risks: true,
          expected: true,
          campaign: { select: { name: true } },
          case: { select: { key: true, suite: { select: { use: { select: { code: true } } } } } },
        },
      },
    },
  });
  if (!item || item.claimedById !== reviewerId || item.label) return null;
  const { caseRun } = item;
  return {
    id: item.id,
    reason: item.reason,
    campaignName: caseRun.campaign.name,
    caseKey: caseRun.case.key,
    // What the run measured and asked, not its case now (see CaseRun.risks and CaseRun.turns).
    risks: readNameList(caseRun.risks, "CaseRun.risks"),
    useCode: caseRun.case.suite.use.code,
    expected: caseRun.expected.split(","),
    systemPrompt: caseRun.systemPrompt,
    turns: readStoredTurns(caseRun.turns),
    output: caseRun.output ?? "",
    findings: readStoredFindings(caseRun.findings),
    claimedUntil: item.claimedUntil?.toISOString() ?? null,
  };
}
