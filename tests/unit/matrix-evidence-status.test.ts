import { describe, expect, test } from "vitest";
import type { CellEvidence } from "../../lib/evidence/cell-evidence";
import { currentCampaignEvidence, type CandidateEvidence } from "../../lib/evidence/current-evidence";
import type { CurrentHashes } from "../../lib/evidence/stale-reasons";
import { summarizeEvidence } from "../../lib/matrix/evidence-status";

const current: CurrentHashes = { modelRevision: "rev-1", suiteHashByUse: new Map([["U1", "suite-1"]]), detectorsHash: "det-1" };
const row = (name: string, overrides: Partial<CandidateEvidence> = {}): CandidateEvidence & { name: string } => ({
  name,
  kind: "CAMPAIGN",
  modelRevision: "rev-1",
  suiteHash: "suite-1",
  detectorsHash: "det-1",
  settingsHash: "settings-1",
  n: 40,
  createdAt: new Date("2026-11-26T12:00:00Z"),
  ...overrides,
});
const day = (d: number) => new Date(`2026-11-${String(d).padStart(2, "0")}T12:00:00Z`);

describe("the current-evidence rule", () => {
  test("the newest completed campaign under the current hashes is current, even when a newer one is stale", () => {
    const chosen = currentCampaignEvidence(
      [row("old", { createdAt: day(1) }), row("new", { createdAt: day(3) }), row("newer-stale", { createdAt: day(5), suiteHash: "suite-0" })],
      "U1",
      current,
    );
    expect(chosen).toMatchObject({ evidence: { name: "new" }, stale: [] });
  });

  test("with nothing current, the newest is shown, stale, with why", () => {
    const chosen = currentCampaignEvidence(
      [row("a", { createdAt: day(1), modelRevision: "rev-0" }), row("b", { createdAt: day(2), detectorsHash: "det-0", modelRevision: "rev-0" })],
      "U1",
      current,
    );
    expect(chosen).toMatchObject({ evidence: { name: "b" }, stale: ["model", "detectors"] });
  });

  test("a campaign that judged nothing is never current; documents are not measurements", () => {
    const rows = [row("empty", { createdAt: day(8), n: 0 }), row("doc", { kind: "ATTESTATION", n: null, createdAt: day(7) })];
    expect(currentCampaignEvidence(rows, "U1", current)).toBeNull();
    expect(currentCampaignEvidence([...rows, row("done", { createdAt: day(1) })], "U1", current)?.evidence.name).toBe("done");
  });

  test("an imported run of another tool is measured evidence, stale only when its declared model revision is not the current one", () => {
    const imported = (name: string, overrides: Partial<CandidateEvidence> = {}) =>
      row(name, { kind: "IMPORT", suiteHash: null, detectorsHash: null, settingsHash: null, ...overrides });
    expect(currentCampaignEvidence([row("campaign", { createdAt: day(1) }), imported("garak", { createdAt: day(2) })], "U1", current)).toMatchObject({
      evidence: { name: "garak" },
      stale: [],
    });
    expect(currentCampaignEvidence([imported("old-revision", { createdAt: day(2), modelRevision: "rev-0" })], "U1", current)).toMatchObject({
      stale: ["model"],
    });
    expect(
      currentCampaignEvidence([imported("old-revision", { createdAt: day(2), modelRevision: "rev-0" }), row("campaign", { createdAt: day(1) })], "U1", current)
        ?.evidence.name,
    ).toBe("campaign");
  });

  test("an imported run is as new as the run by its tool's record, not its import; one whose file gives no date is older than any dated", () => {
    const imported = (name: string, importedOn: number, run: { startedAt?: string; completedAt?: string }) =>
      row(name, {
        kind: "IMPORT",
        createdAt: day(importedOn),
        externalImport: { createdAt: day(importedOn), startedAt: run.startedAt ?? null, completedAt: run.completedAt ?? null },
      });
    const lastYearsRun = imported("last year's run", 20, { completedAt: "2025-11-20T10:00:00-05:00" });
    expect(currentCampaignEvidence([row("campaign", { createdAt: day(10) }), lastYearsRun], "U1", current)?.evidence.name).toBe("campaign");
    // garak's local times carry no zone: read as UTC.
    expect(
      currentCampaignEvidence([row("campaign", { createdAt: day(10) }), imported("garak", 20, { startedAt: "2026-11-15T08:00:00.123456" })], "U1", current)
        ?.evidence.name,
    ).toBe("garak");
    const undated = imported("undated", 25, {});
    const futureDated = imported("dated after its import", 25, { completedAt: "2099-01-01T00:00:00Z" });
    expect(currentCampaignEvidence([undated, futureDated, lastYearsRun], "U1", current)?.evidence.name).toBe("last year's run");
    expect(currentCampaignEvidence([undated, imported("undated, imported later", 26, {})], "U1", current)?.evidence.name).toBe("undated, imported later");
  });
});

const view = (overrides: Partial<CellEvidence> = {}): CellEvidence => ({
  key: "R1-U1",
  label: "R1×U1",
  riskCode: "R1",
  useCode: "U1",
  evidenceId: "e1",
  campaignId: "c1",
  campaignName: "nightly",
  importedFrom: null,
  n: 40,
  passes: 32,
  failures: 8,
  overrides: 0,
  errors: 0,
  rate: 0.2,
  intervalLow: 0.105,
  intervalHigh: 0.348,
  verdict: "FAIL",
  threshold: 0.1,
  minSampleSize: 30,
  stale: [],
  smokeTest: false,
  modelRevision: "rev-1",
  backend: "local",
  endpoint: null,
  servedModel: null,
  declaredRevision: null,
  judge: null,
  judgeServedModel: null,
  date: "2026-11-26T12:00:00.000Z",
  ...overrides,
});

describe("a matrix cell's evidence at a glance", () => {
  test("current campaign evidence shows its verdict, failures of n, the rate with its Wilson interval, and the smoke-test flag", () => {
    const summary = summarizeEvidence(view({ smokeTest: true }), false, 1);
    expect(summary).toMatchObject({ status: "FAIL", failures: 8, n: 40, staleReasons: [], smokeTest: true, campaignName: "nightly" });
    expect(summary.rate).toEqual({ value: 0.2, lower: 0.105, upper: 0.348 });
  });

  test("stale evidence is shown stale with why, never as its verdict", () => {
    expect(summarizeEvidence(view({ stale: ["suite"] }), false, 1)).toMatchObject({ status: "STALE", staleReasons: ["suite"] });
  });

  test("untested stays apart from documented and from pass", () => {
    expect(summarizeEvidence(undefined, false, 0).status).toBe("UNTESTED");
    expect(summarizeEvidence(undefined, true, 1)).toMatchObject({ status: "DOCUMENTED", rate: null });
  });
});

describe("the matrix cell's corrected figures", () => {
  test("carry the rate corrected for detector error, the accuracy used and the cases that would decide it", () => {
    const summary = summarizeEvidence(
      view({
        verdict: "INCONCLUSIVE",
        correctedRate: 0.02,
        correctedLow: 0,
        correctedHigh: 0.15,
        detectorAccuracy: { sensitivity: 0.9, specificity: 0.95, method: "Lang-Reiczigel", labelsVersion: "v1", detectors: [] },
        casesToDecide: 120,
      }),
      false,
      1,
    );
    expect(summary).toMatchObject({ corrected: { value: 0.02, lower: 0, upper: 0.15, sensitivity: 0.9, specificity: 0.95 }, casesToDecide: 120 });
  });

  test("are absent when the detectors' accuracy is unknown", () => {
    const summary = summarizeEvidence(view({ correctedRate: null, correctedLow: null, correctedHigh: null, detectorAccuracy: null }), false, 1);
    expect(summary.corrected).toBeNull();
  });
});
