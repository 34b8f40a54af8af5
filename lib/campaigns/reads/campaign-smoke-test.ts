// Whether a campaign's figures are the generated tiny model's, whose outputs are noise: as the
// evidence it wrote records it (Evidence.smokeTest), and before it has written any (running, or
// stopped short) as that evidence would record it: this engine answering on the smoke-test model, or
// an endpoint that said it serves it (`engine serve` of the tiny model lists smoke_test_model).
import type { Db, DbTransaction } from "../../db/types";
import { recordedServedModel } from "../runner/served-model";
import type { CampaignRow } from "../settings/campaign-row";

/** What a campaign's evidence records when it is written (lib/evidence/campaign-aggregate.ts). */
export function answeredBySmokeTestModel(campaign: Pick<CampaignRow, "backend" | "servedModel"> & { model: { isSmokeTestModel: boolean } }): boolean {
  if (campaign.backend === "local") return campaign.model.isSmokeTestModel;
  return recordedServedModel(campaign)?.smokeTestModel === true;
}

export async function isSmokeTestCampaign(db: Db, campaignId: string): Promise<boolean> {
  await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { id: true } });
  return (await smokeTestCampaignIds(db, [campaignId])).has(campaignId);
}

/** The same, for many campaigns at once (a list of them): the ids of those that are smoke tests. */
export async function smokeTestCampaignIds(db: Db | DbTransaction, campaignIds: string[]): Promise<Set<string>> {
  const [campaigns, written] = await Promise.all([
    db.campaign.findMany({
      where: { id: { in: campaignIds } },
      select: { id: true, backend: true, servedModel: true, model: { select: { isSmokeTestModel: true } } },
    }),
    db.evidence.findMany({
      where: { campaignId: { in: campaignIds }, kind: "CAMPAIGN" },
      distinct: ["campaignId"],
      select: { campaignId: true, smokeTest: true },
    }),
  ]);
  const writtenAs = new Map(written.map((row) => [row.campaignId, row.smokeTest]));
  return new Set(campaigns.filter((campaign) => writtenAs.get(campaign.id) ?? answeredBySmokeTestModel(campaign)).map((campaign) => campaign.id));
}

/**
 * The runs that are not the smoke-test model's answers. A label of one that is (a confirmed override, the labelling
 * queue's) would measure a detector on noise, so none is counted.
 */
export async function withoutSmokeTestRuns<Run extends { campaignId: string }>(db: Db | DbTransaction, runs: Run[]): Promise<Run[]> {
  if (runs.length === 0) return runs;
  const smokeTests = await smokeTestCampaignIds(db, [...new Set(runs.map((run) => run.campaignId))]);
  return runs.filter((run) => !smokeTests.has(run.campaignId));
}
