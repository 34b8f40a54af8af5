// A campaign as an automation reads it (GET /api/campaigns/:id): what it runs on, how far it is, whether its figures
// are the smoke-test model's noise, and the cells it was asked for that no case tests, which the campaign's page and
// `campaign run` also name.
import type { Db } from "../../db/types";
import { type CampaignProgress, loadCampaignProgress } from "./campaign-progress";
import { isSmokeTestCampaign } from "./campaign-smoke-test";
import { loadCellsAskedNotTested } from "./cells-asked-not-tested";

export interface CampaignRecord {
  campaignId: string;
  name: string;
  modelSlug: string;
  modelRevision: string;
  status: CampaignProgress["status"];
  /** Answered by the generated tiny model, on this engine or behind `engine serve`: its verdicts are noise (campaign-smoke-test.ts). */
  smokeTest: boolean;
  progress: Omit<CampaignProgress, "campaignId" | "status">;
  cellsNotTested: { riskCode: string; useCode: string }[];
}

/** Null where there is no such campaign. */
export async function loadCampaignRecord(db: Db, campaignId: string): Promise<CampaignRecord | null> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { name: true, modelRevision: true, model: { select: { slug: true } } } });
  const progress = await loadCampaignProgress(db, campaignId);
  if (!campaign || !progress) return null;
  const { campaignId: _, status, ...counts } = progress;
  return {
    campaignId,
    name: campaign.name,
    modelSlug: campaign.model.slug,
    modelRevision: campaign.modelRevision,
    status,
    smokeTest: await isSmokeTestCampaign(db, campaignId),
    progress: counts,
    cellsNotTested: await loadCellsAskedNotTested(db, campaignId),
  };
}
