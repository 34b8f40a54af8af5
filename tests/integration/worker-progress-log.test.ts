// A worker's log says how far each campaign it runs has got, batch by batch: `npm run worker` had
// printed only "started" and "stopped" over a whole 1,200-run campaign.
import { expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { defaultModelSlug } from "../../lib/content/paths";
import { campaignDatabase, rita } from "./campaign-fixture";

test("a worker logs each campaign's finished runs out of its total after every batch it runs", async () => {
  const { db } = await campaignDatabase();
  const created = await createCampaign(db, rita, { modelSlug: defaultModelSlug, uses: ["U1"], casesPerSuite: 5, sampling: { seed: 1, maxNewTokens: 2 } });
  if (!created.ok) throw new Error(created.message);
  const logs: string[] = [];
  const worker = startWorker({ db, campaignId: created.campaignId, batchSize: 2, exitWhenIdle: true, idlePollMs: 20, onLog: (message) => logs.push(message) });
  await worker.done;
  const progress = logs.filter((line) => line.startsWith(`campaign ${created.campaignId}: `) && line.includes("runs finished"));
  expect(progress).toEqual([
    `campaign ${created.campaignId}: 2/5 runs finished`,
    `campaign ${created.campaignId}: 4/5 runs finished`,
    `campaign ${created.campaignId}: 5/5 runs finished`,
  ]);
}, 120_000);
