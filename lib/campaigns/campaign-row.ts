// A stored Campaign's settings read back through the same zod schemas that wrote them.
import type { Campaign } from "../db/generated/sqlite/client";
import {
  backendSchema,
  judgeSchema,
  samplingSchema,
  type CampaignBackend,
  type CampaignJudge,
  type CampaignSampling,
} from "./campaign-settings";

export type CampaignRow = Campaign;

export function campaignSettingsFromRow(campaign: CampaignRow): { sampling: CampaignSampling; backend: CampaignBackend; judge: CampaignJudge } {
  return {
    sampling: samplingSchema.parse({ ...(campaign.sampling as object), seed: campaign.seed }),
    backend: backendSchema.parse({ kind: campaign.backend, ...(campaign.backendConfig as object) }),
    // null: the campaign has no judge (it was off, or the campaign is older than the setting).
    judge: judgeSchema.parse(campaign.judge ?? { kind: "off" }),
  };
}
