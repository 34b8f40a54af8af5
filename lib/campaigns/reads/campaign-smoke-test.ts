// Whether a campaign's figures are the generated tiny model's, whose outputs are noise: as the
// evidence it wrote records it (Evidence.smokeTest), and before it has written any (running, or
// stopped short) as that evidence would record it: this engine answering on the smoke-test model.
import type { Db } from "../../db/types";

/** What a campaign's evidence records when it is written (lib/evidence/campaign-aggregate.ts). */
export function answeredBySmokeTestModel(campaign: { backend: string; model: { isSmokeTestModel: boolean } }): boolean {
  return campaign.backend === "local" && campaign.model.isSmokeTestModel;
}

export async function isSmokeTestCampaign(db: Db, campaignId: string): Promise<boolean> {
  const [campaign, written] = await Promise.all([
    db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { backend: true, model: { select: { isSmokeTestModel: true } } } }),
    db.evidence.findFirst({ where: { campaignId, kind: "CAMPAIGN" }, select: { smokeTest: true } }),
  ]);
  return written?.smokeTest ?? answeredBySmokeTestModel(campaign);
}
