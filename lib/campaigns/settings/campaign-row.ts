// A stored Campaign's settings read back through the same zod schemas that wrote them.
// Campaigns from before serving targets named an endpoint URL: they read back naming no target
// (""), which a worker refuses to call (see resolveServingTarget).
import { z } from "zod";
import type { Campaign } from "../../db/generated/sqlite/client";
import { VERDICT_RULES, type VerdictRule } from "../../detectors/types";
import { judgeAdapterSchema, judgeModeSchema, samplingSchema, type CampaignBackend, type CampaignJudge, type CampaignSampling } from "./campaign-settings";

export type CampaignRow = Campaign;

const storedTarget = z.string().catch("");

const storedBackendSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("local") }),
  z.object({ kind: z.literal("openai"), target: storedTarget }),
]);

const storedJudgeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("off") }),
  // Campaigns from before judge adapters read back as the rubric judge they were.
  z.object({ kind: z.literal("local"), adapter: judgeAdapterSchema, mode: judgeModeSchema }),
  z.object({ kind: z.literal("openai"), target: storedTarget, adapter: judgeAdapterSchema, mode: judgeModeSchema }),
]);

export function campaignSettingsFromRow(campaign: CampaignRow): {
  sampling: CampaignSampling;
  backend: CampaignBackend;
  judge: CampaignJudge;
  verdictRule: VerdictRule;
} {
  return {
    sampling: samplingSchema.parse({ ...(campaign.sampling as object), seed: campaign.seed }),
    backend: storedBackendSchema.parse({ kind: campaign.backend, ...(campaign.backendConfig as object) }),
    // null: the campaign has no judge (it was off, or the campaign is older than the setting).
    judge: storedJudgeSchema.parse(campaign.judge ?? { kind: "off" }),
    verdictRule: z.enum(VERDICT_RULES).parse(campaign.verdictRule),
  };
}
