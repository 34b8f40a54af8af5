import { describe, expect, test } from "vitest";
import { mayEditCells, mayMoveReviewStatus, reviewStatusChoices } from "../../lib/cells/cell-permissions";

describe("which review statuses a role may set", () => {
  test("an approver and an admin are offered every status", () => {
    expect(reviewStatusChoices("APPROVER", "DRAFT")).toEqual(["DRAFT", "IN_REVIEW", "APPROVED", "ACCEPTED"]);
    expect(reviewStatusChoices("ADMIN", "IN_REVIEW")).toEqual(["DRAFT", "IN_REVIEW", "APPROVED", "ACCEPTED"]);
  });

  test("a reviewer is offered draft and in review, but not approved or accepted", () => {
    expect(reviewStatusChoices("REVIEWER", "DRAFT")).toEqual(["DRAFT", "IN_REVIEW"]);
    expect(mayMoveReviewStatus("REVIEWER", "IN_REVIEW", "APPROVED")).toBe(false);
    expect(mayMoveReviewStatus("REVIEWER", "DRAFT", "ACCEPTED")).toBe(false);
  });

  test("a reviewer editing an approved cell may keep it approved or send it back, not move it to accepted", () => {
    expect(reviewStatusChoices("REVIEWER", "APPROVED")).toEqual(["DRAFT", "IN_REVIEW", "APPROVED"]);
    expect(mayMoveReviewStatus("REVIEWER", "APPROVED", "APPROVED")).toBe(true);
    expect(mayMoveReviewStatus("REVIEWER", "APPROVED", "ACCEPTED")).toBe(false);
  });

  test("a viewer may set no status: the read-only editor shows only the cell's own", () => {
    expect(mayEditCells("VIEWER")).toBe(false);
    expect(mayMoveReviewStatus("VIEWER", "DRAFT", "DRAFT")).toBe(false);
    expect(reviewStatusChoices("VIEWER", "IN_REVIEW")).toEqual(["IN_REVIEW"]);
  });
});
