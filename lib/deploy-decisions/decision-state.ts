// Whether a signed deploy decision still holds. It is signed on what the rules computed from the
// evidence of that day; it stops holding, and says why, when:
//   - its expiry has passed (expired);
//   - a cell's evidence went stale, or changed, or a cell was added to the use since signing;
//   - the rules now compute another outcome, or find something it was not signed on (a new
//     condition under the same outcome: a mitigation back to planned), or the rule set itself
//     changed (stale).
// A decision that no longer holds is flagged wherever it is shown and listed in the review queue.
import { evidenceStatusLabel, type EvidenceStatus } from "../matrix/evidence-status";
import type { ComputedDecision, Finding } from "./compute-decision";
import { deployOutcomeLabel, type DeployOutcome } from "./outcomes";

export interface SignedDecision {
  id: string;
  outcome: DeployOutcome;
  computedOutcome: DeployOutcome;
  conditions: string[];
  findings: Finding[];
  evidence: Record<string, EvidenceStatus>;
  ruleSet: string;
  ruleSetHash: string;
  note: string;
  expiresAt: Date;
  signedAt: Date;
  signedBy: string | null;
}

export type DecisionState = "CURRENT" | "STALE" | "EXPIRED";

export const decisionStateLabel: Record<DecisionState, string> = { CURRENT: "current", STALE: "stale", EXPIRED: "expired" };

/** The rule above in words, for "How Riskledger decides". */
export const DECISION_STALE_RULE =
  "A signed deploy decision holds until its expiry date. It is flagged stale before then when a cell of the use gets other evidence (it goes stale, a new campaign changes its verdict, a risk is added), when the rules would now compute another outcome or find something it was not signed on (a new condition), or when the rule set changes; a stale or expired decision is listed in the approvers' queue to be signed again.";

export interface DecisionStanding {
  state: DecisionState;
  reasons: string[];
}

export function decisionStanding(signed: SignedDecision, now: ComputedDecision, ruleSetHash: string, at: Date): DecisionStanding {
  const reasons: string[] = [];
  const expired = signed.expiresAt <= at;
  if (expired) reasons.push(`it expired on ${signed.expiresAt.toISOString().slice(0, 10)}`);
  if (signed.ruleSetHash !== ruleSetHash) reasons.push("the rule set changed since it was signed");
  if (now.outcome !== signed.computedOutcome) {
    reasons.push(
      `the rules now compute "${deployOutcomeLabel[now.outcome]}" (they computed "${deployOutcomeLabel[signed.computedOutcome]}" when it was signed)`,
    );
  }
  const evidenceMoved = new Set<string>();
  for (const [cell, status] of Object.entries(now.evidence)) {
    const was = signed.evidence[cell];
    if (was !== status) evidenceMoved.add(cell);
    if (was === undefined) reasons.push(`${cell} was added to the use after it was signed`);
    else if (status === "STALE" && was !== "STALE") reasons.push(`${cell}'s evidence went stale`);
    else if (status !== was) reasons.push(`${cell}'s evidence changed: ${evidenceStatusLabel[was]} then, ${evidenceStatusLabel[status]} now`);
  }
  // Under the same outcome a new finding is a condition the signer never weighed; a finding that
  // moved the outcome or follows a cell's new evidence is already named above.
  if (now.outcome === signed.computedOutcome) {
    const signedOn = new Set(signed.findings.map((finding) => finding.says));
    for (const finding of now.findings) {
      if (!signedOn.has(finding.says) && !evidenceMoved.has(finding.cell)) reasons.push(`the rules now also find: ${finding.says}`);
    }
  }
  return { state: expired ? "EXPIRED" : reasons.length > 0 ? "STALE" : "CURRENT", reasons };
}
