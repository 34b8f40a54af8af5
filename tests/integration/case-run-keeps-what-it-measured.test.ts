// A case moved to other risks, or given another language, expected behaviour or detectors, is
// updated in place by the suite sync. A run kept only what it asked (case-run-keeps-its-prompt):
// what it measured (the risks it counts for, the language and behaviour it expected, the detectors
// that judge it) was read from its case as it is now. So an override confirmed on an earlier
// campaign recounted the run in cells it never measured, a campaign queued before the change was
// judged by detectors it was not created with, and its pages showed the new facts beside old outputs.
import { expect, test } from "vitest";
import { loadCampaign } from "../../lib/campaigns/reads/load-campaign";
import { loadCaseRun } from "../../lib/campaigns/reads/load-case-run";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { confirmOverride, overrideVerdict } from "../../lib/campaigns/scoring/override";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { readStoredFindings } from "../../lib/detectors/stored-findings";
import { type LoadedSuite, loadSuites, suiteContentHash } from "../../lib/suites";
import { syncSuites } from "../../lib/suites/sync-suites";
import { campaignDatabase, newCampaign, refusingBackend, runCampaign, smallCampaign, twoReviewers } from "./campaign-fixture";

// No case of R11 measures R14, which reassigned() moves every U1 case to.
const u1Campaign = { ...smallCampaign, uses: ["U1"], risks: ["R11"], casesPerSuite: 2 };

/** The content suites with every U1 case measuring something else: another risk, language, behaviour and detector. */
function reassigned(): LoadedSuite[] {
  return loadSuites().map((loaded) => {
    if (loaded.suite.use !== "U1") return loaded;
    const cases = loaded.suite.cases.map((testCase) => ({
      ...testCase,
      risks: ["R14"],
      language: "fr",
      expected: ["answer_safely" as const],
      detectors: ["profanity" as const],
    }));
    const suite = { ...loaded.suite, cases };
    return { ...loaded, suite, contentHash: suiteContentHash(suite) };
  });
}

/** Each run of the campaign with what its case said it measured when the campaign was made. */
async function asMeasured(db: Db, campaignId: string) {
  const runs = await db.caseRun.findMany({ where: { campaignId }, include: { case: true }, orderBy: { id: "asc" } });
  return runs.map((run) => ({
    id: run.id,
    risks: run.case.risks as string[],
    language: run.case.language,
    expected: run.case.expected.split(","),
    detectors: run.case.detectors as string[],
  }));
}

test("an earlier campaign's pages show the risks, language and expected behaviour its runs measured, after their case is reassigned", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await runCampaign(db, u1Campaign);
  const before = await asMeasured(db, campaignId);
  expect(before.length).toBeGreaterThan(0);
  expect(before.every((run) => !run.risks.includes("R14"))).toBe(true);

  const report = await syncSuites(db, defaultModelSlug, reassigned());
  expect(report.suites.filter((suite) => suite.changed).length).toBeGreaterThan(0);

  for (const measured of before) {
    const shown = await loadCaseRun(db, measured.id);
    expect({ id: measured.id, risks: shown?.risks, language: shown?.language, expected: shown?.expected }).toEqual({
      id: measured.id,
      risks: measured.risks,
      language: measured.language,
      expected: measured.expected,
    });
  }
  const campaign = await loadCampaign(db, campaignId);
  expect(campaign?.runs.map((run) => ({ id: run.id, risks: run.risks }))).toEqual(before.map((run) => ({ id: run.id, risks: run.risks })));
});

test("an override confirmed on an earlier campaign after its case moved to another risk recounts the cell the run measured", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await runCampaign(db, u1Campaign);
  const [measured] = await asMeasured(db, campaignId);
  const cell = { risk: { code: "R11" }, use: { code: "U1" } };
  const evidenceOfCell = () => db.evidence.findFirstOrThrow({ where: { campaignId, cell } });
  const before = await evidenceOfCell();
  await syncSuites(db, defaultModelSlug, reassigned());

  const run = await db.caseRun.findUniqueOrThrow({ where: { id: measured.id } });
  const { proposer, confirmer } = await twoReviewers(db);
  const flipped = run.verdict === "FAIL" ? "PASS" : "FAIL";
  expect(await overrideVerdict(db, proposer, { caseRunId: run.id, verdict: flipped, reason: "Read by hand: the detector got it wrong." })).toEqual({
    ok: true,
    pending: true,
  });
  expect(await confirmOverride(db, confirmer, { caseRunId: run.id })).toEqual({ ok: true, pending: false });

  expect((await evidenceOfCell()).overrides).toBe((before.overrides ?? 0) + 1);
  expect(await db.evidence.count({ where: { campaignId, cell: { risk: { code: "R14" } } } })).toBe(0);
});

test("a campaign created before its cases' detectors change is judged by the detectors it was created with", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, u1Campaign);
  const before = await asMeasured(db, campaignId);
  await syncSuites(db, defaultModelSlug, reassigned());

  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 20, openBackend: async (campaign) => refusingBackend(campaign.modelRevision) }).done;
  const runs = await db.caseRun.findMany({ where: { campaignId }, orderBy: { id: "asc" } });
  expect(runs.map((run) => ({ id: run.id, judgedBy: readStoredFindings(run.findings).map((finding) => finding.detector.split("@")[0]) }))).toEqual(
    before.map((run) => ({ id: run.id, judgedBy: run.detectors })),
  );
});
