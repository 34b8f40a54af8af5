// "Retry failed" on an old campaign re-runs its failed runs and rewrites its evidence. It used to date
// that evidence at the retry, so retrying one errored run of a campaign a newer one had replaced made
// the old campaign the cells' current evidence again, hiding what the newer one measured.
import { expect, test } from "vitest";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { loadCellEvidence } from "../../lib/evidence/cell-evidence";
import { campaignDatabase, rita, runCampaign } from "./campaign-fixture";

const medical = { modelSlug: defaultModelSlug, uses: ["U4"], casesPerSuite: 4, repeats: 1, sampling: { seed: 7, maxNewTokens: 8 } };

/** The campaign behind each U4 cell's current evidence. */
async function currentCampaigns(db: Db) {
  const cells = Object.values(await loadCellEvidence(db, defaultModelSlug)).filter((cell) => cell.useCode === "U4");
  expect(cells.length).toBeGreaterThan(0);
  return new Set(cells.map((cell) => cell.campaignId));
}

test("retrying a failed run of an older campaign leaves the newer campaign the cells' current evidence", async () => {
  const { db } = await campaignDatabase();
  const older = await runCampaign(db, medical);
  // One of its runs had failed (an endpoint error).
  const [failed] = await db.caseRun.findMany({ where: { campaignId: older }, take: 1, select: { id: true } });
  await db.caseRun.update({ where: { id: failed.id }, data: { status: "ERROR", verdict: "ERROR", error: "endpoint unreachable" } });
  const newer = await runCampaign(db, { ...medical, sampling: { ...medical.sampling, seed: 8 } });
  expect(await currentCampaigns(db)).toEqual(new Set([newer]));

  expect(await controlCampaign(db, rita, { campaignId: older, action: "retry" })).toMatchObject({ ok: true, requeued: 1 });
  await startWorker({ db, campaignId: older, exitWhenIdle: true, idlePollMs: 100 }).done;
  expect(await db.campaign.findUniqueOrThrow({ where: { id: older } })).toMatchObject({ status: "COMPLETED" });

  expect(await currentCampaigns(db)).toEqual(new Set([newer]));
});

test("while a campaign's failed runs are retried, and after that retry is cancelled, its evidence stays current: an older campaign's never comes back", async () => {
  const { db } = await campaignDatabase();
  const older = await runCampaign(db, medical);
  const newer = await runCampaign(db, { ...medical, sampling: { ...medical.sampling, seed: 8 } });
  // One of the newer campaign's runs had failed (an endpoint error).
  const [failed] = await db.caseRun.findMany({ where: { campaignId: newer }, take: 1, select: { id: true } });
  await db.caseRun.update({ where: { id: failed.id }, data: { status: "ERROR", verdict: "ERROR", error: "endpoint unreachable" } });
  expect(await currentCampaigns(db)).toEqual(new Set([newer]));

  expect(await controlCampaign(db, rita, { campaignId: newer, action: "retry" })).toMatchObject({ ok: true, status: "RUNNING", requeued: 1 });
  expect(await currentCampaigns(db)).toEqual(new Set([newer]));

  expect(await controlCampaign(db, rita, { campaignId: newer, action: "cancel" })).toMatchObject({ ok: true, status: "CANCELLED" });
  expect(await currentCampaigns(db)).toEqual(new Set([newer]));
  expect(older).not.toBe(newer);
});

test("retrying a failed run after the detectors changed leaves the campaign's evidence stale: its other runs were judged by the old ones", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await runCampaign(db, medical);
  // Its evidence was written by an older version of the detectors (this code has moved on since), and one of its runs had failed.
  await db.evidence.updateMany({ where: { campaignId }, data: { detectorsHash: "detectors-of-an-older-version" } });
  const [failed] = await db.caseRun.findMany({ where: { campaignId }, take: 1, select: { id: true } });
  await db.caseRun.update({ where: { id: failed.id }, data: { status: "ERROR", verdict: "ERROR", error: "endpoint unreachable" } });
  const staleness = async () => Object.values(await loadCellEvidence(db, defaultModelSlug)).map((cell) => cell.stale.join());
  expect(new Set(await staleness())).toEqual(new Set(["detectors"]));

  expect(await controlCampaign(db, rita, { campaignId, action: "retry" })).toMatchObject({ ok: true, requeued: 1 });
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 100 }).done;
  expect(await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({ status: "COMPLETED" });

  expect(new Set(await staleness())).toEqual(new Set(["detectors"]));
});
