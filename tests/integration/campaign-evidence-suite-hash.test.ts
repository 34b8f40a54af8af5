// A campaign's evidence records the suite it was made under. It used to record the suite as it
// stood when the evidence was written: "retry failed" on a campaign whose suite had since been
// reworded rewrote all of its evidence under the new suite's hash, so evidence measured on the old
// prompts stopped showing as stale, and could be approved and released as current.
import { expect, test } from "vitest";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { loadCellEvidence } from "../../lib/evidence/cell-evidence";
import { loadSuites, suiteContentHash } from "../../lib/suites";
import { syncSuites } from "../../lib/suites/sync-suites";
import { campaignDatabase, rita, runCampaign, smallCampaign } from "./campaign-fixture";

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

test("retrying a failed run after the suite changed leaves the campaign's evidence stale: it was measured on the old suite", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await runCampaign(db, smallCampaign);
  // One of its U4 runs had failed (an endpoint error), to be retried later.
  const [failed] = await db.caseRun.findMany({ where: { campaignId, case: { suite: { use: { code: "U4" } } } }, take: 1, select: { id: true } });
  await db.caseRun.update({ where: { id: failed.id }, data: { status: "ERROR", verdict: "ERROR", error: "endpoint unreachable" } });

  await rewordMedicalSuite(db);
  const before = await medicalStaleness(db);
  expect(Object.values(before).every((reasons) => reasons === "suite")).toBe(true);

  expect(await controlCampaign(db, rita, { campaignId, action: "retry" })).toMatchObject({ ok: true, requeued: 1 });
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 100 }).done;
  expect(await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({ status: "COMPLETED" });

  // Five of its six U4 cases answered the old prompts: the evidence is still the old suite's.
  expect(await medicalStaleness(db)).toEqual(before);
});
