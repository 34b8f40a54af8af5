// A case taken out of a suite file was deleted at the next sync, and its runs in earlier campaigns
// went with it (CaseRun -> TestCase cascaded): the evidence those campaigns wrote kept its counts,
// but the campaign's runs, its page and a cell's drill-down showed fewer runs than the evidence
// counted. A removed case is now retired: earlier campaigns keep it and its runs, new ones leave it out.
import { expect, test } from "vitest";
import { loadCampaignChoices } from "../../lib/campaigns/reads/load-campaigns";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { planTopUp } from "../../lib/campaigns/start/top-up";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { tallyCampaign } from "../../lib/evidence/campaign-aggregate";
import { type LoadedSuite, loadSuites, suiteContentHash } from "../../lib/suites";
import { loadUseSuites } from "../../lib/suites/load-use-suite";
import { syncSuites } from "../../lib/suites/sync-suites";
import { campaignDatabase, newCampaign, refusingBackend, rita, smallCampaign } from "./campaign-fixture";

async function runToEnd(db: Db, settings: typeof smallCampaign): Promise<string> {
  const campaignId = await newCampaign(db, settings);
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 20, openBackend: async (campaign) => refusingBackend(campaign.modelRevision) }).done;
  return campaignId;
}

/** The content suites with one case of U1's suite left out of its file. */
function withoutCase(caseKey: string): LoadedSuite[] {
  return loadSuites().map((loaded) => {
    if (!loaded.suite.cases.some((testCase) => testCase.key === caseKey)) return loaded;
    const suite = { ...loaded.suite, cases: loaded.suite.cases.filter((testCase) => testCase.key !== caseKey) };
    return { ...loaded, suite, contentHash: suiteContentHash(suite) };
  });
}

const u1Campaign = { ...smallCampaign, uses: ["U1"], casesPerSuite: 4 };

test("a case taken out of its suite keeps its runs in earlier campaigns, each with its prompt, as many as the evidence counts", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await runToEnd(db, u1Campaign);
  const runsBefore = await db.caseRun.findMany({ where: { campaignId }, include: { case: true } });
  const evidence = await db.evidence.findMany({ where: { campaignId }, include: { cell: { include: { risk: true, use: true } } } });
  expect(runsBefore).toHaveLength(4);
  expect(evidence.length).toBeGreaterThan(0);
  const removedKey = runsBefore[0].case.key;

  const report = await syncSuites(db, defaultModelSlug, withoutCase(removedKey));
  expect(report.removedCases).toBe(1);

  const runsAfter = await db.caseRun.findMany({ where: { campaignId }, include: { case: true } });
  expect(runsAfter.map((run) => `${run.case.key}#${run.repeat}: ${JSON.stringify(run.case.turns)}`).sort()).toEqual(
    runsBefore.map((run) => `${run.case.key}#${run.repeat}: ${JSON.stringify(run.case.turns)}`).sort(),
  );
  const shown = new Map((await tallyCampaign(db, campaignId)).map((cell) => [`${cell.riskCode}-${cell.useCode}`, cell.passes + cell.failures]));
  for (const row of evidence)
    expect({ cell: `${row.cell.risk.code}-${row.cell.use.code}`, runs: shown.get(`${row.cell.risk.code}-${row.cell.use.code}`) }).toEqual({
      cell: `${row.cell.risk.code}-${row.cell.use.code}`,
      runs: row.n,
    });
});

test("a new campaign leaves a retired case out, and the case returns, unretired and updated, when its file names it again", async () => {
  const { db } = await campaignDatabase();
  const first = await runToEnd(db, u1Campaign);
  // A case the top-up plans, named outright: a run read with no order comes in whichever order the planner's index gives.
  const planned = (await planTopUp(db, defaultModelSlug)).caseIds;
  const runs = await db.caseRun.findMany({ where: { campaignId: first }, include: { case: true }, orderBy: { case: { key: "asc" } } });
  const removed = runs.map((run) => run.case).find((testCase) => planned.includes(testCase.id))!;
  const listed = async () => ({
    usePage: (await loadUseSuites(db, defaultModelSlug, "U1")).reduce((total, suite) => total + suite.cases, 0),
    campaignForm: (await loadCampaignChoices(db, defaultModelSlug)).uses.find((use) => use.code === "U1")?.cases,
    inTopUpPlan: (await planTopUp(db, defaultModelSlug)).caseIds.includes(removed.id),
  });
  const before = await listed();
  await syncSuites(db, defaultModelSlug, withoutCase(removed.key));
  expect(before.inTopUpPlan).toBe(true);
  expect(await listed()).toEqual({ usePage: before.usePage - 1, campaignForm: before.usePage - 1, inTopUpPlan: false });

  const second = await newCampaign(db, u1Campaign);
  const secondKeys = (await db.caseRun.findMany({ where: { campaignId: second }, include: { case: { select: { key: true } } } })).map((run) => run.case.key);
  expect(secondKeys).toHaveLength(4);
  expect(secondKeys).not.toContain(removed.key);

  const reworded = loadSuites().map((loaded) => {
    const suite = {
      ...loaded.suite,
      cases: loaded.suite.cases.map((testCase) => (testCase.key === removed.key ? { ...testCase, prompt: "Reworded, and back.", turns: undefined } : testCase)),
    };
    return { ...loaded, suite, contentHash: suiteContentHash(suite) };
  });
  const report = await syncSuites(db, defaultModelSlug, reworded);
  expect(report.removedCases).toBe(0);
  const back = await db.testCase.findMany({ where: { suiteId: removed.suiteId, key: removed.key } });
  expect(back).toEqual([expect.objectContaining({ id: removed.id, retiredAt: null, turns: [{ role: "user", content: "Reworded, and back." }] })]);
  expect(await listed()).toEqual(before);
});

test("a campaign asked for a retired case by id is refused, naming the case, and nothing is written", async () => {
  const { db } = await campaignDatabase();
  const removed = await db.testCase.findFirstOrThrow({ where: { suite: { use: { code: "U1" } } }, orderBy: { key: "asc" } });
  const kept = await db.testCase.findFirstOrThrow({ where: { suite: { use: { code: "U1" } }, key: { not: removed.key } }, orderBy: { key: "asc" } });
  await syncSuites(db, defaultModelSlug, withoutCase(removed.key));
  const campaigns = await db.campaign.count();

  const asked = await createCampaign(db, rita, { ...smallCampaign, uses: ["U1"], casesPerSuite: undefined, caseIds: [kept.id, removed.id] });
  expect(asked).toMatchObject({ ok: false, kind: "invalid", message: `caseIds: case ${removed.key} is retired from its suite` });
  const unknown = await createCampaign(db, rita, { ...smallCampaign, uses: ["U1"], casesPerSuite: undefined, caseIds: [kept.id, "no-such-case"] });
  expect(unknown).toMatchObject({ ok: false, kind: "invalid", message: `caseIds: no case "no-such-case" in ${defaultModelSlug}` });
  expect(await db.campaign.count()).toBe(campaigns);
});
