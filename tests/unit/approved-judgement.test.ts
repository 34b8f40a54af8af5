import { describe, expect, test } from "vitest";
import { judgementSnapshot, type Judgement } from "../../lib/cells/approval-gate";
import { readApproval } from "../../lib/cells/approved-judgement";

const approved: Judgement = {
  applies: "YES",
  subjectAtRisk: "AI_USER",
  likelihood: 2,
  severity: 3,
  rationale: "Recommendations can nudge people.",
  mitigationStatus: { m1: "IMPLEMENTED", m2: "PLANNED" },
  acceptanceJustification: "Accepted until the suite runs.",
  acceptedUntil: new Date("2027-06-30T00:00:00.000Z"),
  failureThreshold: 0.05,
  minSampleSize: 30,
};

describe("reading back what a cell said when it was approved", () => {
  test("gives back the judgement updateCell stored, with the approver and the time", () => {
    const at = new Date("2026-12-03T08:00:00.000Z");
    const approval = readApproval({ approvedSnapshot: judgementSnapshot(approved), approvedAt: at, approvedById: "u1" });
    expect(approval).toEqual({
      at: at.toISOString(),
      byId: "u1",
      judgement: { ...approved, acceptedUntil: "2027-06-30T00:00:00.000Z" },
    });
  });

  test("a cell never approved has no approval", () => {
    expect(readApproval({ approvedSnapshot: null, approvedAt: null, approvedById: null })).toBeNull();
  });

  test("a stored snapshot this code cannot read is shown as none, never trusted", () => {
    const snapshot = { ...judgementSnapshot(approved), applies: "MAYBE" };
    expect(readApproval({ approvedSnapshot: snapshot, approvedAt: null, approvedById: null })).toBeNull();
    expect(readApproval({ approvedSnapshot: "not an object", approvedAt: null, approvedById: null })).toBeNull();
  });
});
