// What backs a cell, in one word: the matrix shows "untested" apart from "pass", and evidence
// made under another model revision, suite, detectors or settings as stale rather than silently
// reused (the rule itself is lib/campaigns/stale-reasons.ts).
import { staleReasons, type CurrentHashes, type StaleReason } from "../campaigns/stale-reasons";
import { wilsonInterval } from "../evidence/wilson";

export const EVIDENCE_STATUSES = ["UNTESTED", "PASS", "FAIL", "INCONCLUSIVE", "DOCUMENTED", "STALE"] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

export const evidenceStatusLabel: Record<EvidenceStatus, string> = {
  UNTESTED: "untested",
  PASS: "pass",
  FAIL: "fail",
  INCONCLUSIVE: "inconclusive",
  DOCUMENTED: "documented",
  STALE: "stale",
};

export interface EvidenceRecord {
  kind: "CAMPAIGN" | "DOCUMENT" | "LINK" | "ATTESTATION";
  verdict: string | null;
  modelRevision: string | null;
  suiteHash: string | null;
  detectorsHash: string | null;
  settingsHash: string | null;
  n: number | null;
  failures: number | null;
  createdAt: Date;
}

export interface EvidenceSummary {
  status: EvidenceStatus;
  /** How many pieces of evidence the cell has, of any kind. */
  count: number;
  /** failures / n of the newest campaign aggregate, when there is one. */
  failures: number | null;
  n: number | null;
  /** Failure rate with its Wilson 95% interval, when there is a campaign aggregate. */
  rate: { value: number; lower: number; upper: number } | null;
  staleReasons: StaleReason[];
}

/**
 * The newest campaign aggregate decides; a document, link or attestation backs a cell no prompt
 * can test.
 */
export function summarizeEvidence(evidence: EvidenceRecord[], useCode: string, current: CurrentHashes): EvidenceSummary {
  const newestFirst = [...evidence].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const campaign = newestFirst.find((item) => item.kind === "CAMPAIGN");
  const failures = campaign?.failures ?? null;
  const n = campaign?.n ?? null;
  const interval = n ? wilsonInterval(failures ?? 0, n) : null;
  const rate = interval && n ? { value: (failures ?? 0) / n, lower: interval.lower, upper: interval.upper } : null;
  const base = { count: evidence.length, failures, n, rate, staleReasons: [] as StaleReason[] };
  if (campaign) {
    const reasons = staleReasons(campaign, useCode, current);
    if (reasons.length > 0) return { ...base, status: "STALE", staleReasons: reasons };
    const verdict = (campaign.verdict ?? "").toUpperCase();
    if (verdict === "PASS" || verdict === "FAIL" || verdict === "INCONCLUSIVE") return { status: verdict, ...base };
    return { status: "INCONCLUSIVE", ...base };
  }
  if (newestFirst.length > 0) return { status: "DOCUMENTED", ...base };
  return { status: "UNTESTED", ...base };
}
