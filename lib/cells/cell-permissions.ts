// Who may change a cell, and into which review status. update-cell.ts refuses by these rules and
// the cell editor offers choices by them, so the page never shows a choice the server refuses.
import { roleAtLeast } from "../auth/actor";
import { REVIEW_STATUSES, type ReviewStatus, type Role } from "../domain/vocabulary";

/** Approving and accepting a residual risk are the approver's judgements; a reviewer prepares them. */
export function isApprovalStatus(status: ReviewStatus): boolean {
  return status === "APPROVED" || status === "ACCEPTED";
}

/** The least role that edits cells: updateCell's role, and what the editor offers by. */
export const CELL_EDIT_ROLE: Role = "REVIEWER";

export function mayEditCells(role: Role): boolean {
  return roleAtLeast(role, CELL_EDIT_ROLE);
}

/** Keeping a cell's status is no move: a reviewer may edit an approved cell without un-approving it. */
export function mayMoveReviewStatus(role: Role, from: ReviewStatus, to: ReviewStatus): boolean {
  if (!mayEditCells(role)) return false;
  if (from === to) return true;
  return !isApprovalStatus(to) || roleAtLeast(role, "APPROVER");
}

/** What the editor's status list offers on a cell in status `current`: that status and every move `role` may make. */
export function reviewStatusChoices(role: Role, current: ReviewStatus): ReviewStatus[] {
  return REVIEW_STATUSES.filter((status) => mayMoveReviewStatus(role, current, status) || status === current);
}
