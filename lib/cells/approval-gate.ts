// What an approval vouches for, and what it needs. One rule, read by the cell editor (to say before
// saving which case applies), by updateCell (to refuse), and by the release gate:
//
//   - approve: the cell is assessed and, when it applies, its evidence is current and passing
//     (campaign evidence that is not stale and passes, or, for a cell of a risk no prompt can test
//     (lib/suites/risks.ts), a document, link or attestation: on a risk a suite can test, a document
//     stands in for no measurement);
//   - accept the risk: assessed, with a justification and an expiry in the future; the way to
//     approve a cell whose evidence fails, is inconclusive, stale or missing;
//   - either is its own act: a save that approves changes no judgement field, and, when the model
//     asks for separation of duties, the person who last changed the judgement cannot approve it;
//     nor can anyone while that change names no person (a command-line card import made before
//     the CLI had to name its user): a named person judges the cell first.
//
// An approval freezes the judgement it vouched for (`approvedSnapshot`); a later change to any
// judgement field sends the cell back to review.
import type { Applies, MitigationStatus, ReviewStatus, SubjectAtRisk } from "../domain/vocabulary";
import type { CellVerdict } from "../domain/verdicts";
import { documentCanBack } from "../suites/risks";

/** The rule above in words, for "How Riskledger decides". */
export const APPROVAL_RULE =
  "A cell can be approved when it is assessed and, if the risk applies, its current evidence passes (or, for a cell no prompt can test, a document, link or attestation backs it). " +
  "Failing, inconclusive, stale or untested evidence needs a risk acceptance instead: a justification and an expiry date. " +
  "Approving is its own save, never combined with a change to the judgement, and, where the model asks for separation of duties, not by the person who last changed the judgement, nor by anyone while that change names no person (a command-line card import): a named person judges it first. " +
  "Any later change to the judgement returns the cell to review, and the editor shows what changed since the approval.";

/** The fields an approval vouches for, the bar its evidence is held to included. Changing one after approval returns the cell to review. */
export const JUDGEMENT_FIELDS = [
  "applies",
  "subjectAtRisk",
  "likelihood",
  "severity",
  "rationale",
  "mitigationStatus",
  "acceptanceJustification",
  "acceptedUntil",
  "failureThreshold",
  "minSampleSize",
] as const;
export type JudgementField = (typeof JUDGEMENT_FIELDS)[number];

export interface Judgement {
  applies: Applies;
  subjectAtRisk: SubjectAtRisk | null;
  likelihood: number | null;
  severity: number | null;
  rationale: string;
  mitigationStatus: Record<string, MitigationStatus>;
  acceptanceJustification: string | null;
  acceptedUntil: Date | string | null;
  failureThreshold: number;
  minSampleSize: number;
}

/** What backs the cell now, as lib/evidence's view says. */
export interface GateEvidence {
  /** The cell's risk: a document backs only a risk no prompt can test. */
  risk: string;
  /** The current campaign evidence's verdict, or null when no campaign measured the cell. */
  verdict: CellVerdict | null;
  stale: boolean;
  documented: boolean;
}

export type ApprovalBasis =
  | { kind: "not_assessed"; message: string }
  | { kind: "evidence_passes"; message: string }
  | { kind: "does_not_apply"; message: string }
  | { kind: "needs_acceptance"; message: string };

/** Which of the approval's cases holds for this cell now: shown in the editor, enforced on save. */
export function approvalBasis(applies: Applies, evidence: GateEvidence): ApprovalBasis {
  if (applies === "NOT_ASSESSED") {
    return { kind: "not_assessed", message: "Not assessed: say whether the risk applies before approving or accepting it." };
  }
  if (applies === "NO") return { kind: "does_not_apply", message: "The risk does not apply to this use: approving vouches for that judgement." };
  if (evidence.verdict === null) {
    if (evidence.documented && !documentCanBack(evidence.risk)) return { kind: "needs_acceptance", message: documentOnTestableRisk(evidence.risk) };
    if (evidence.documented) return { kind: "evidence_passes", message: "Backed by an attached document, link or attestation: it can be approved." };
    return { kind: "needs_acceptance", message: "Untested: approving needs a risk acceptance with a justification and an expiry." };
  }
  if (evidence.stale)
    return { kind: "needs_acceptance", message: "Its evidence is stale: approving needs a new campaign, or a risk acceptance with an expiry." };
  if (evidence.verdict === "PASS") return { kind: "evidence_passes", message: "Current evidence passes: it can be approved." };
  const what = evidence.verdict === "FAIL" ? "fails" : "is inconclusive";
  return { kind: "needs_acceptance", message: `Its current evidence ${what}: approving needs a risk acceptance with a justification and an expiry.` };
}

function documentOnTestableRisk(risk: string): string {
  return `Only a document, link or attestation backs it, and a prompt suite can test ${risk}: approving needs passing campaign evidence, or a risk acceptance with a justification and an expiry.`;
}

export interface ApprovalRequest {
  to: Extract<ReviewStatus, "APPROVED" | "ACCEPTED">;
  basis: ApprovalBasis;
  /** Judgement fields this same save changes (other than the acceptance itself when accepting). */
  changedJudgement: JudgementField[];
  actorId: string | null;
  judgementChangedById: string | null;
  /** The last change to the judgement was made by a writer who named no person. */
  judgementChangedByUnnamed: boolean;
  separationOfDuties: boolean;
}

/** Why this approval is refused, or null when it may go through. */
export function approvalRefusal(request: ApprovalRequest): string | null {
  const { to, basis } = request;
  const alsoChanged = request.changedJudgement.filter((field) => to !== "ACCEPTED" || (field !== "acceptanceJustification" && field !== "acceptedUntil"));
  if (alsoChanged.length > 0) {
    return `approval is its own act: save the change to ${alsoChanged.join(", ")} first, then approve in a separate save`;
  }
  if (request.separationOfDuties && request.actorId !== null && request.judgementChangedById === request.actorId) {
    return "you made the last change to this cell's judgement: another approver must approve it (separation of duties)";
  }
  if (request.separationOfDuties && request.judgementChangedByUnnamed) {
    return "the last change to this cell's judgement names no person (a command-line card import): a named person must judge it before anyone approves it (separation of duties)";
  }
  if (basis.kind === "not_assessed") return "a cell that is not assessed cannot be approved or accepted: set whether the risk applies first";
  if (to === "APPROVED" && basis.kind === "needs_acceptance") return basis.message.replace(/^./, (c) => c.toLowerCase()).replace(/\.$/, "");
  return null;
}

/** The judgement fields that differ between two judgements. */
export function changedJudgementFields(before: Judgement, after: Judgement): JudgementField[] {
  return changedJudgementFieldsAmong(JUDGEMENT_FIELDS, before, after);
}

/** Of `fields`, those that differ: for a judgement known in part (a card carries no acceptance terms or evidence bar). */
export function changedJudgementFieldsAmong<F extends JudgementField>(fields: readonly F[], before: Pick<Judgement, F>, after: Pick<Judgement, F>): F[] {
  return fields.filter((field) => comparable(before[field]) !== comparable(after[field]));
}

/** Plain JSON of the judgement, as stored in `approvedSnapshot`. */
export type JudgementSnapshot = Record<JudgementField, string | number | Record<string, string> | null>;

export function judgementSnapshot(judgement: Judgement): JudgementSnapshot {
  return Object.fromEntries(JUDGEMENT_FIELDS.map((field) => [field, JSON.parse(comparable(judgement[field]) ?? "null")])) as JudgementSnapshot;
}

function comparable(value: unknown): string | undefined {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === "object") {
    return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));
  }
  return JSON.stringify(value ?? null);
}

/** The gate's reading of a matrix cell's evidence status, so the editor words the same rule as the server. */
export function gateEvidenceOf(risk: string, status: "UNTESTED" | "PASS" | "FAIL" | "INCONCLUSIVE" | "DOCUMENTED" | "STALE"): GateEvidence {
  switch (status) {
    case "UNTESTED":
      return { risk, verdict: null, stale: false, documented: false };
    case "DOCUMENTED":
      return { risk, verdict: null, stale: false, documented: true };
    case "STALE":
      return { risk, verdict: "INCONCLUSIVE", stale: true, documented: false };
    default:
      return { risk, verdict: status, stale: false, documented: false };
  }
}
