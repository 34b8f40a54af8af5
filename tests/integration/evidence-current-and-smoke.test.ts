// What outside testers saw: a campaign on the generated tiny model left no "smoke" label in the
// exported card, and overriding one case of an older campaign made that campaign current again on
// cells the override did not touch. Both run here on the real tiny model, end to end.
import { beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { confirmOverride, overrideVerdict } from "../../lib/campaigns/scoring/override";
import { syncSuites } from "../../lib/suites/sync-suites";
import { defaultModelSlug } from "../../lib/content/paths";
import { cellKeyLabel } from "../../lib/domain/cell-key";
import { loadCellEvidence } from "../../lib/evidence/cell-evidence";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { liveCardFile } from "../../lib/releases/card-export";
import { publishRelease } from "../../lib/releases/publish-release";
import { describeGap } from "../../lib/releases/describe-gap";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { releaseFile } from "../../lib/releases/release-file";
import { loadSuites, suiteContentHash } from "../../lib/suites";
import { freshDatabase, snapshotDatabase } from "../support/fresh-database";
import { campaignDatabase, runCampaign, smallCampaign, twoReviewers } from "./campaign-fixture";

const ada: Actor = { id: null, label: "Ada Approver", role: "APPROVER" };

const u4Campaign = { ...smallCampaign, uses: ["U4"], casesPerSuite: 4 };

// Every test starts where a campaign on U4 has run on the tiny model (its runs and evidence written): that campaign
// is run once for the file, and each test takes a copy of the database it left (snapshotDatabase).
let afterU4Campaign: string;
let u4CampaignId: string;
beforeAll(async () => {
  const { db } = await campaignDatabase();
  u4CampaignId = await runCampaign(db, u4Campaign);
  afterU4Campaign = await snapshotDatabase(db);
  await db.$disconnect();
});

describe("a campaign on the generated tiny model", () => {
  test("labels its evidence as a smoke test in the card markdown, JSON and CycloneDX", async () => {
    const { db } = freshDatabase(afterU4Campaign);

    const evidence = await db.evidence.findMany({ where: { kind: "CAMPAIGN" } });
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.every((row) => row.smokeTest && row.backend === "local" && row.modelRevision)).toBe(true);
    expect(await db.model.findUniqueOrThrow({ where: { slug: defaultModelSlug } })).toMatchObject({ isSmokeTestModel: true });

    const md = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    expect(md).toMatch(/smoke-test model/i);
    expect(md).toMatch(/R\d+×U4/);

    const json = JSON.parse((await liveCardFile(db, defaultModelSlug, "json"))!.body);
    expect(json.evidence.cells.length).toBeGreaterThan(0);
    expect(json.evidence.cells.every((cell: { smokeTest: boolean }) => cell.smokeTest)).toBe(true);

    const cdx = JSON.parse((await liveCardFile(db, defaultModelSlug, "cdx"))!.body);
    const modelCard = cdx.components[0].modelCard;
    expect(modelCard.properties).toContainEqual({ name: "riskledger:evidence:smokeTestModel", value: "true" });
    const metrics = modelCard.quantitativeAnalysis.performanceMetrics as { slice: string }[];
    expect(metrics.length).toBeGreaterThan(0);
    for (const metric of metrics) expect(metric.slice).toMatch(/^risk=R\d+;use=U4;.*smokeTestModel=true/);

    const matrix = (await loadMatrix(db, defaultModelSlug))!;
    const tested = matrix.risks.flatMap((risk) => Object.values(risk.cells)).filter((cell) => cell.evidence.n);
    expect(tested.length).toBeGreaterThan(0);
    expect(tested.every((cell) => cell.evidence.smokeTest)).toBe(true);
  });

  test("a release published from that evidence carries the label in its markdown, JSON and CycloneDX", async () => {
    const { db } = freshDatabase(afterU4Campaign);
    const gaps = (await loadReleaseGaps(db, defaultModelSlug))!;
    const published = await publishRelease(db, ada, {
      slug: defaultModelSlug,
      acceptance: { justification: "Pipeline check only.", gaps: gaps.map(describeGap) },
    });
    if (!published.ok) throw new Error(published.message);
    const version = published.release.version;
    expect((await releaseFile(db, defaultModelSlug, version, "md"))!.body).toMatch(/smoke-test model/);
    const json = JSON.parse((await releaseFile(db, defaultModelSlug, version, "json"))!.body);
    expect(json.evidence.smokeTestModel).toBe(true);
    expect(json.evidence.cells.every((cell: { smokeTest: boolean }) => cell.smokeTest)).toBe(true);
    const cdx = JSON.parse((await releaseFile(db, defaultModelSlug, version, "cdx"))!.body);
    expect(cdx.components[0].modelCard.properties).toContainEqual({ name: "riskledger:evidence:smokeTestModel", value: "true" });
  });
});

describe("a stale cell", () => {
  test("stays stale on the matrix, the heatmap view, the card markdown, JSON and CycloneDX, and the release gate", async () => {
    const { db } = freshDatabase(afterU4Campaign);
    // A reviewer rewords a U4 case: every U4 cell's evidence was made under the old suite.
    const suites = loadSuites();
    const medical = suites.find((loaded) => loaded.suite.use === "U4")!;
    medical.suite.cases[0] = { ...medical.suite.cases[0], prompt: `${medical.suite.cases[0].prompt ?? ""} (reworded)`, turns: undefined };
    medical.contentHash = suiteContentHash(medical.suite);
    await syncSuites(db, defaultModelSlug, suites);

    const views = Object.values(await loadCellEvidence(db, defaultModelSlug));
    expect(views.length).toBeGreaterThan(0);
    expect(views.every((view) => view.stale.join() === "suite")).toBe(true);

    const matrix = (await loadMatrix(db, defaultModelSlug))!;
    for (const view of views) expect(matrix.risks.find((risk) => risk.code === view.riskCode)!.cells[view.useCode].evidence.status).toBe("STALE");

    const md = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    for (const view of views) expect(md).toMatch(new RegExp(`\\| ${view.label} +\\|[^\\n]*\\(stale\\)`));
    const json = JSON.parse((await liveCardFile(db, defaultModelSlug, "json"))!.body);
    expect(json.evidence.cells.every((cell: { stale: boolean }) => cell.stale)).toBe(true);
    const cdx = JSON.parse((await liveCardFile(db, defaultModelSlug, "cdx"))!.body);
    for (const metric of cdx.components[0].modelCard.quantitativeAnalysis.performanceMetrics) expect(metric.slice).toContain(";stale=true;");

    // Make the cells applicable so the gate looks at their evidence: each is a stale-evidence gap.
    for (const view of views) {
      await db.cell.updateMany({ where: { risk: { code: view.riskCode }, use: { code: view.useCode } }, data: { applies: "YES" } });
    }
    const gaps = (await loadReleaseGaps(db, defaultModelSlug))!;
    for (const view of views) expect(gaps.some((gap) => gap.cell === cellKeyLabel(view.riskCode, view.useCode) && /stale/.test(gap.reason))).toBe(true);
  });
});

describe("which campaign is a cell's current evidence", () => {
  test("overriding a case in an older campaign leaves the newer campaign current, and its evidence date as it was", async () => {
    const { db } = freshDatabase(afterU4Campaign);
    const older = u4CampaignId;
    const newer = await runCampaign(db, u4Campaign);
    const before = await loadCellEvidence(db, defaultModelSlug);
    expect(Object.values(before).every((cell) => cell.campaignId === newer)).toBe(true);
    const olderRowsBefore = await db.evidence.findMany({ where: { campaignId: older }, include: { cell: { include: { risk: true } } } });

    const run = await db.caseRun.findFirstOrThrow({ where: { campaignId: older, status: "DONE" }, include: { case: true } });
    const overrideTo = run.verdict === "PASS" ? "FAIL" : "PASS";
    const { proposer, confirmer } = await twoReviewers(db);
    expect(await overrideVerdict(db, proposer, { caseRunId: run.id, verdict: overrideTo, reason: "Read the output: the detectors got it wrong." })).toEqual({
      ok: true,
      pending: true,
    });
    expect(await confirmOverride(db, confirmer, { caseRunId: run.id })).toEqual({ ok: true, pending: false });

    const after = await loadCellEvidence(db, defaultModelSlug);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const cell of Object.values(after)) {
      expect(cell.campaignId).toBe(newer);
      expect(cell.date).toBe(before[cell.key].date);
    }
    // The older campaign's rows keep their dates; only the override's own cells change counts.
    const touched = new Set(run.case.risks as string[]);
    const olderRowsAfter = await db.evidence.findMany({ where: { campaignId: older }, include: { cell: { include: { risk: true } } } });
    for (const row of olderRowsAfter) {
      const was = olderRowsBefore.find((old) => old.cellId === row.cellId)!;
      expect(row.createdAt.toISOString()).toBe(was.createdAt.toISOString());
      if (touched.has(row.cell.risk.code)) expect(row.overrides).toBe((was.overrides ?? 0) + 1);
      else expect({ failures: row.failures, overrides: row.overrides }).toEqual({ failures: was.failures, overrides: was.overrides });
    }
  });
});
