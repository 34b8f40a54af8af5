// A card brings judgements, not approvals. Approving or accepting a cell is an approver's act in
// this app, against this model's evidence (lib/cells/approval-gate.ts), and an approval vouches
// for the judgement it saw. So a cell a card marks approved or accepted keeps that status only
// where the model already holds the same approval of the same judgement (a card exported and
// imported again); anywhere else it arrives in review, keeping the card's judgement. One rule for
// every way a card gets in: an uploaded card creating a model, an admin's import or re-import.
import { isApprovalStatus } from "../cells/cell-permissions";
import { changedJudgementFieldsAmong, JUDGEMENT_FIELDS, type JudgementField } from "../cells/approval-gate";
import { cellKeyLabel } from "../domain/cell-key";
import { type Card, type CardCell, cellSchema } from "./schema";

export interface CardApprovals {
  /** The card, each approval it may not bring turned into review. */
  card: Card;
  /** Cells ("R3×U1") the card marks approved or accepted that arrive in review. */
  inReview: string[];
  /** Of those, cells the model holds approved or accepted whose judgement the card changes: their review reopens. */
  reopened: string[];
}

/** The judgement fields a card carries; the acceptance's terms and the evidence bar are set in the app, and an import leaves them. */
const CARD_JUDGEMENT_FIELDS = JUDGEMENT_FIELDS.filter((field): field is JudgementField & keyof CardCell => field in cellSchema.shape);

/** `incoming` with the rule above applied against `stored`, the model's cells now, retired rows' included (none: a new model). */
export function withApprovalsInReview(incoming: Card, stored: CardCell[]): CardApprovals {
  const storedCells = new Map(stored.map((cell) => [cellKeyLabel(cell.risk, cell.use), cell]));
  const inReview: string[] = [];
  const reopened: string[] = [];
  const cells = incoming.cells.map((cell) => {
    if (!isApprovalStatus(cell.reviewStatus)) return cell;
    const key = cellKeyLabel(cell.risk, cell.use);
    const before = storedCells.get(key);
    const judgementChanged = before !== undefined && changedCardJudgement(before, cell).length > 0;
    if (before?.reviewStatus === cell.reviewStatus && !judgementChanged) return cell;
    inReview.push(key);
    if (before && isApprovalStatus(before.reviewStatus) && judgementChanged) reopened.push(key);
    return { ...cell, reviewStatus: "IN_REVIEW" as const };
  });
  return { card: { ...incoming, cells }, inReview, reopened };
}

/**
 * The judgement fields a card changes in a stored cell: the cell editor's rule (changedJudgementFieldsAmong
 * over JUDGEMENT_FIELDS) on the fields a card carries, mitigation statuses included. What reopens an
 * approval, and what makes the card's writer the cell's last judge (separation of duties).
 */
export function changedCardJudgement(stored: CardCell, incoming: CardCell): JudgementField[] {
  return changedJudgementFieldsAmong(CARD_JUDGEMENT_FIELDS, judgementOf(stored), judgementOf(incoming));
}

/** What the upload preview warns and the CLI prints; `written`: false where nothing was written (an import without --apply). */
export function describeApprovalsInReview(cells: string[], written = true): string {
  const marked = cells.length === 1 ? "1 cell the card marks approved or accepted" : `${cells.length} cells the card marks approved or accepted`;
  const arrive = written ? (cells.length === 1 ? "arrives" : "arrive") : "would arrive";
  return `${marked} ${arrive} in review: an approver approves them here, against this model's evidence (${cells.join(", ")})`;
}

/** A mitigation not started is what no status says: the card lists it or not, the judgement is the same. */
function judgementOf(cell: CardCell) {
  const mitigationStatus = Object.fromEntries(Object.entries(cell.mitigationStatus).filter(([, status]) => status !== "NOT_STARTED"));
  return { ...cell, mitigationStatus };
}
