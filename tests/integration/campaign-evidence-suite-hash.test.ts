// A campaign's evidence records the suites as they were when it was created. It used to record each
// suite as it stood when the evidence was written: a suite reworded while the campaign ran (or before a
// "retry failed", which is now refused for that reason) gave evidence measured partly on the old prompts
// the new suite's hash, so it stopped showing as stale and could be approved and released as current.
import { expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { loadCellEvidence } from "../../lib/evidence/cell-evidence";
import { loadSuites, suiteContentHash } from "../../lib/suites";
import { syncSuites } from "../../lib/suites/sync-suites";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";

/** A reviewer rewords the first case of the U4 suite and the suites are synced again. */
async function rewordMedicalSuite(db: Db) {
  const suites = loadSuites();
  const medical = suites.find((loaded) => loaded.suite.use === "U4")!;
  medical.suite.cases[0] = { ...medical.suite.cases[0], prompt: `${medical.suite.cases[0].prompt ?? ""} (reworded)`, turns: undefined };
  medical.contentHash = suiteContentHash(medical.suite);
  await syncSuites(db, defaultModelSlug, suites);
}

/** Why each U4 cell's current evidence is stale, by cell key. */
async function medicalStaleness(db: Db) {
  const cells = Object.values(await loadCellEvidence(db, defaultModelSlug)).filter((cell) => cell.useCode === "U4");
  expect(cells.length).toBeGreaterThan(0);
  return Object.fromEntries(cells.map((cell) => [cell.key, cell.stale.join()]));
}

test("a suite reworded while its campaign runs leaves the campaign's evidence stale: some of its answers were to the old prompts", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, smallCampaign);
  await rewordMedicalSuite(db);
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 100 }).done;
  expect(await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({ status: "COMPLETED" });

  const staleness = await medicalStaleness(db);
  expect(Object.values(staleness).every((reasons) => reasons === "suite")).toBe(true);
});
