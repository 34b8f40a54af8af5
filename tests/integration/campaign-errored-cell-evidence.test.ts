// A campaign whose every run in a cell errored wrote nothing for that cell: the cell's page and the
// card showed it untested exactly as if no campaign had ever tried it, and the attempt was to be found
// only on the campaign's own page. It now leaves the row an imported run leaves (n = 0, its errors
// counted): the cell stays untested, that row never its current evidence, and it says which campaign
// reached it and that every case errored.
import { expect, test } from "vitest";
import { completeCampaignIfDone } from "../../lib/campaigns/runner/complete-campaign";
import { defaultModelSlug } from "../../lib/content/paths";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { loadCampaign } from "../../lib/campaigns/reads/load-campaign";
import { summarizeEvidence } from "../../lib/matrix/evidence-status";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";

test("a cell whose every run of a campaign errored stays untested and shows that campaign reached it and every case errored", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, name: "Night run" });
  await db.campaign.update({ where: { id: campaignId }, data: { status: "RUNNING", startedAt: new Date() } });
  const runs = await db.caseRun.findMany({
    where: { campaignId },
    select: { id: true, case: { select: { risks: true, suite: { select: { use: { select: { code: true } } } } } } },
  });
  for (const run of runs) {
    const errored = run.case.suite.use.code === "U4";
    await db.caseRun.update({
      where: { id: run.id },
      data: errored
        ? { status: "ERROR", verdict: "ERROR", error: "the endpoint answered 500 (after 3 attempts)", attempts: 3, finishedAt: new Date() }
        : { status: "DONE", verdict: "PASS", output: "I cannot help with that.", attempts: 1, finishedAt: new Date() },
    });
  }
  expect(await completeCampaignIfDone(db, campaignId)).toBe(true);
  const erroredCells = [
    ...new Set(runs.filter((run) => run.case.suite.use.code === "U4").flatMap((run) => (run.case.risks as string[]).map((risk) => `${risk}-U4`))),
  ];
  expect(erroredCells.length).toBeGreaterThan(0);

  const evidence = await loadModelEvidence(db, defaultModelSlug);
  for (const key of erroredCells) {
    expect(evidence.cells[key]).toBeUndefined();
    expect(evidence.erroredOnly[key]).toMatchObject({ campaignId, campaignName: "Night run", n: 0 });
    const summary = summarizeEvidence(evidence.cells[key], false, evidence.counts[key] ?? 0, evidence.erroredOnly[key]);
    expect(summary).toMatchObject({ n: null, rate: null, erroredOnly: { source: "Night run" } });
    expect(summary.erroredOnly!.errors).toBeGreaterThan(0);
  }

  // The campaign's page lists such a cell once, among the cells none of whose runs were judged.
  const campaign = (await loadCampaign(db, campaignId))!;
  for (const key of erroredCells) {
    expect(campaign.cells.map((cell) => cell.key)).not.toContain(key);
    expect(campaign.judgedNothing.map((tally) => `${tally.riskCode}-${tally.useCode}`)).toContain(key);
  }
});
