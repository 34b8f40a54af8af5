// What a campaign's endpoint said it spent: the prompt and completion tokens its `usage` reported
// per case, summed, and what they cost at the serving target's price per million tokens. The price
// is the target's as it is now (an admin sets it); a target without one gives no cost, not zero.
import type { Db } from "../../db/types";
import { campaignSettingsFromRow } from "../settings/campaign-row";

export interface CampaignTokenUsage {
  /** Case runs that reported tokens (finished ones; errors report none). */
  cases: number;
  promptTokens: number;
  completionTokens: number;
  /** null: the campaign's serving target has no price for one of the two kinds, or it ran on this engine. */
  cost: number | null;
}

export async function loadCampaignTokenUsage(db: Db, campaignId: string): Promise<CampaignTokenUsage | null> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) return null;
  const sums = await db.caseRun.aggregate({
    where: { campaignId, promptTokens: { not: null } },
    _sum: { promptTokens: true, completionTokens: true },
    _count: { _all: true },
  });
  const promptTokens = sums._sum.promptTokens ?? 0;
  const completionTokens = sums._sum.completionTokens ?? 0;
  const backend = campaignSettingsFromRow(campaign).backend;
  const target = backend.kind === "openai" && backend.target ? await db.servingTarget.findUnique({ where: { name: backend.target } }) : null;
  const priced = target?.promptPricePerMillion != null && target.completionPricePerMillion != null;
  const cost = priced ? (promptTokens * target.promptPricePerMillion! + completionTokens * target.completionPricePerMillion!) / 1_000_000 : null;
  return { cases: sums._count._all, promptTokens, completionTokens, cost };
}

/** "12,345 prompt + 6,789 completion tokens over 40 cases, cost 0.0123" */
export function tokenUsageLine(usage: CampaignTokenUsage): string {
  const count = (n: number) => n.toLocaleString("en-US");
  const cost = usage.cost === null ? "no price set" : `cost ${usage.cost.toFixed(4)}`;
  return `${count(usage.promptTokens)} prompt + ${count(usage.completionTokens)} completion tokens over ${count(usage.cases)} cases, ${cost}`;
}
