// What backs a cell, in one word: the matrix shows "untested" apart from "pass", and evidence
// made against another model revision as stale rather than silently reused.

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
}

/**
 * The newest campaign aggregate decides; a document, link or attestation backs a cell no prompt
 * can test. Evidence made under another model revision than the model's current one is stale.
 */
export function summarizeEvidence(evidence: EvidenceRecord[], currentRevision: string | null): EvidenceSummary {
  const newestFirst = [...evidence].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const campaign = newestFirst.find((item) => item.kind === "CAMPAIGN");
  const base = { count: evidence.length, failures: campaign?.failures ?? null, n: campaign?.n ?? null };
  if (campaign) {
    if (currentRevision && campaign.modelRevision && campaign.modelRevision !== currentRevision) {
      return { status: "STALE", ...base };
    }
    const verdict = (campaign.verdict ?? "").toUpperCase();
    if (verdict === "PASS" || verdict === "FAIL" || verdict === "INCONCLUSIVE") return { status: verdict, ...base };
    return { status: "INCONCLUSIVE", ...base };
  }
  if (newestFirst.length > 0) return { status: "DOCUMENTED", ...base };
  return { status: "UNTESTED", ...base };
}
