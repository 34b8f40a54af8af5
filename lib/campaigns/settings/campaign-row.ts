// A stored Campaign's settings read back through the same zod schemas that wrote them.
// Campaigns from before serving targets named an endpoint URL: they read back naming no target
// (""), which a worker refuses to call (see resolveServingTarget). Campaigns from before ensembles
// stored one judge object and its revision in judgeRevision; later ones store a list of judges,
// each with the revision it was fixed at (storedJudgesValue), and both read back as that list.
import { z } from "zod";
import type { Campaign } from "../../db/generated/sqlite/client";
import { classifierCategoryRisksSchema, type ClassifierCategoryRisks } from "../../detectors/judges/category-risks";
import { VERDICT_RULES, type VerdictRule } from "../../detectors/types";
import { judgeAdapterSchema, judgeModeSchema, samplingSchema, type CampaignBackend, type CampaignJudge, type CampaignSampling } from "./campaign-settings";

export type CampaignRow = Campaign;

const storedTarget = z.string().catch("");

const storedBackendSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("local") }),
  z.object({ kind: z.literal("openai"), target: storedTarget }),
]);

/** The serving target a stored campaign's backend names; null for the local engine (or an old row naming none). */
export function storedServingTarget(backendConfig: CampaignRow["backendConfig"]): string | null {
  return z.object({ target: z.string() }).nullable().catch(null).parse(backendConfig)?.target ?? null;
}

/** A stored campaign's verdict rule, read back through the schema that wrote it. */
export function storedVerdictRule(verdictRule: CampaignRow["verdictRule"]): VerdictRule {
  return z.enum(VERDICT_RULES).parse(verdictRule);
}

const storedJudgeSchema = z.discriminatedUnion("kind", [
  // Campaigns from before judge adapters read back as the rubric judge they were.
  z.object({ kind: z.literal("local"), adapter: judgeAdapterSchema, mode: judgeModeSchema }),
  z.object({ kind: z.literal("openai"), target: storedTarget, adapter: judgeAdapterSchema, mode: judgeModeSchema }),
]);

const storedJudgeWithRevisionSchema = z.intersection(
  storedJudgeSchema,
  z.object({ revision: z.string(), categoryRisks: classifierCategoryRisksSchema.optional() }),
);

/**
 * A campaign's judge as stored: its settings and the revision it answers with, fixed when the
 * campaign was created; for a safety classifier, also its categories and the risks each maps to
 * (its section of content/judges/category-risks.yaml) as they were then. Absent on judges stored
 * before the mapping was kept.
 */
export type StoredJudge = CampaignJudge & { revision: string; categoryRisks?: ClassifierCategoryRisks };

/** What Campaign.judge holds for these judges and their revisions (null: no judge). */
export function storedJudgesValue(judges: readonly StoredJudge[]): StoredJudge[] | undefined {
  return judges.length > 0 ? [...judges] : undefined;
}

/** The campaign's judges with their revisions, from either stored shape; empty when it has none. */
export function storedJudges(campaign: Pick<CampaignRow, "judge" | "judgeRevision">): StoredJudge[] {
  const stored = campaign.judge;
  if (stored === null || stored === undefined) return [];
  if (Array.isArray(stored)) return z.array(storedJudgeWithRevisionSchema).parse(stored);
  // One judge, from before ensembles: "off" was never stored, and a judge without its revision judged nothing.
  if ((stored as { kind?: unknown }).kind === "off" || !campaign.judgeRevision) return [];
  return [{ ...storedJudgeSchema.parse(stored), revision: campaign.judgeRevision }];
}

/** A campaign's stored settings, read back through the schemas that wrote them. */
export interface StoredCampaignSettings {
  sampling: CampaignSampling;
  backend: CampaignBackend;
  judges: StoredJudge[];
  verdictRule: VerdictRule;
}

export function campaignSettingsFromRow(campaign: CampaignRow): StoredCampaignSettings {
  return {
    sampling: samplingSchema.parse({ ...(campaign.sampling as object), seed: campaign.seed }),
    backend: storedBackendSchema.parse({ kind: campaign.backend, ...z.record(z.string(), z.unknown()).nullable().parse(campaign.backendConfig) }),
    judges: storedJudges(campaign),
    verdictRule: storedVerdictRule(campaign.verdictRule),
  };
}

/**
 * A campaign as a worker runs it: what the run needs of its row, and its settings, read once where
 * the worker loads the campaign (campaignToRun) and handed down. What opens its backend and judges,
 * watches its served model and generates its batches takes this, never the row, so none of them
 * can read the settings again.
 */
export interface CampaignToRun extends StoredCampaignSettings {
  id: string;
  modelId: string;
  modelRevision: string;
}

export function campaignToRun(campaign: CampaignRow): CampaignToRun {
  return { id: campaign.id, modelId: campaign.modelId, modelRevision: campaign.modelRevision, ...campaignSettingsFromRow(campaign) };
}
