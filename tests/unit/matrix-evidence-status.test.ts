import { describe, expect, test } from "vitest";
import { summarizeEvidence, type EvidenceRecord } from "../../lib/matrix/evidence-status";
import type { CurrentHashes } from "../../lib/campaigns/stale-reasons";

const current: CurrentHashes = { modelRevision: "rev-1", suiteHashByUse: new Map([["U1", "suite-1"]]), detectorsHash: "det-1" };
const aggregate = (overrides: Partial<EvidenceRecord> = {}): EvidenceRecord => ({
  kind: "CAMPAIGN",
  verdict: "fail",
  modelRevision: "rev-1",
  suiteHash: "suite-1",
  detectorsHash: "det-1",
  settingsHash: "settings-1",
  n: 40,
  failures: 8,
  createdAt: new Date("2026-11-26T12:00:00Z"),
  ...overrides,
});

describe("a matrix cell's evidence at a glance", () => {
  test("a current campaign aggregate shows its verdict, failures of n, and the rate with its Wilson interval", () => {
    const summary = summarizeEvidence([aggregate()], "U1", current);
    expect(summary).toMatchObject({ status: "FAIL", failures: 8, n: 40, staleReasons: [] });
    expect(summary.rate!.value).toBeCloseTo(0.2, 10);
    expect(summary.rate!.lower).toBeCloseTo(0.105, 3);
    expect(summary.rate!.upper).toBeCloseTo(0.348, 3);
  });

  test("evidence made under another suite or detectors is stale and says why, like the campaign pages", () => {
    expect(summarizeEvidence([aggregate({ suiteHash: "suite-0" })], "U1", current)).toMatchObject({ status: "STALE", staleReasons: ["suite"] });
    expect(summarizeEvidence([aggregate({ detectorsHash: "det-0", modelRevision: "rev-0" })], "U1", current)).toMatchObject({
      status: "STALE",
      staleReasons: ["model", "detectors"],
    });
  });

  test("untested stays apart from documented and from pass", () => {
    expect(summarizeEvidence([], "U1", current).status).toBe("UNTESTED");
    expect(summarizeEvidence([aggregate({ kind: "ATTESTATION", n: null, failures: null })], "U1", current)).toMatchObject({ status: "DOCUMENTED", rate: null });
  });
});
