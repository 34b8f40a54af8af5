import { expect, test } from "vitest";
import { syncSuites } from "../../lib/suites/sync-suites";
import { loadCurrentHashes, staleReasons } from "../../lib/evidence/current-hashes";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { loadSuites, suiteContentHash } from "../../lib/suites";
import { campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";

async function staleness(db: Db, campaignId: string) {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const current = await loadCurrentHashes(db, campaign.modelId);
  const evidence = await db.evidence.findMany({ where: { campaignId }, include: { cell: { select: { use: { select: { code: true } } } } } });
  expect(evidence.length).toBeGreaterThan(0);
  return evidence.map((item) => ({ use: item.cell.use.code, reasons: staleReasons(item, item.cell.use.code, current) }));
}

test("evidence turns stale when its use's suite changes, and only that use's evidence", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await runCampaign(db, smallCampaign);
  expect((await staleness(db, campaignId)).every((item) => item.reasons.length === 0)).toBe(true);

  // A reviewer rewords one U4 case and the suites are synced again.
  const suites = loadSuites();
  const medical = suites.find((loaded) => loaded.suite.use === "U4")!;
  medical.suite.cases[0] = { ...medical.suite.cases[0], prompt: `${medical.suite.cases[0].prompt ?? ""} (reworded)`, turns: undefined };
  medical.contentHash = suiteContentHash(medical.suite);
  await syncSuites(db, defaultModelSlug, suites);

  const after = await staleness(db, campaignId);
  expect(after.filter((item) => item.use === "U4").every((item) => item.reasons.join() === "suite")).toBe(true);
  expect(after.filter((item) => item.use === "U1").every((item) => item.reasons.length === 0)).toBe(true);
});

test("evidence turns stale when the model's revision changes", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await runCampaign(db, smallCampaign);
  await db.model.update({ where: { slug: defaultModelSlug }, data: { revisionHash: "a-newer-checkpoint" } });
  expect((await staleness(db, campaignId)).every((item) => item.reasons.join() === "model")).toBe(true);
});
