// What a campaign's endpoint said it spent: the prompt and completion tokens its `usage` reported
// per case, summed, and what they cost at the serving target's price per million tokens. The price
// is the target's as it is now (an admin sets it); a target without one gives no cost, not zero.
// A case whose answer reported no usage (some servers leave it out) is counted apart, never as 0 tokens.
import type { Db } from "../../db/types";
import { campaignSettingsFromRow } from "../settings/campaign-row";

export interface CampaignTokenUsage {
  /** Case runs that reported both counts (finished ones; errors report none). */
  cases: number;
  /** Finished case runs whose answer reported no usage: left out of the sums and the cost. */
  casesWithoutUsage: number;
  promptTokens: number;
  completionTokens: number;
  /** null: no case reported usage, the campaign's serving target has no price for one of the two kinds, or it ran on this engine. */
  cost: number | null;
}

/** The case runs whose tokens were reported, both counts: the only ones any sum of tokens may count. */
export const TOKENS_REPORTED = { promptTokens: { not: null }, completionTokens: { not: null } } as const;

export async function loadCampaignTokenUsage(db: Db, campaignId: string): Promise<CampaignTokenUsage | null> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) return null;
  const sums = await db.caseRun.aggregate({
    where: { campaignId, ...TOKENS_REPORTED },
    _sum: { promptTokens: true, completionTokens: true },
    _count: { _all: true },
  });
  const casesWithoutUsage = await db.caseRun.count({ where: { campaignId, status: "DONE", OR: [{ promptTokens: null }, { completionTokens: null }] } });
  const cases = sums._count._all;
  const promptTokens = sums._sum.promptTokens ?? 0;
  const completionTokens = sums._sum.completionTokens ?? 0;
  const backend = campaignSettingsFromRow(campaign).backend;
  const target = backend.kind === "openai" && backend.target ? await db.servingTarget.findUnique({ where: { name: backend.target } }) : null;
  const priced = cases > 0 && target?.promptPricePerMillion != null && target.completionPricePerMillion != null;
  const cost = priced ? (promptTokens * target.promptPricePerMillion! + completionTokens * target.completionPricePerMillion!) / 1_000_000 : null;
  return { cases, casesWithoutUsage, promptTokens, completionTokens, cost };
}

/** "12,345 prompt + 6,789 completion tokens over 40 cases, cost 0.0123", and the cases without usage where there are any. */
export function tokenUsageLine(usage: CampaignTokenUsage): string {
  const count = (n: number) => n.toLocaleString("en-US");
  if (usage.cases === 0 && usage.casesWithoutUsage > 0) {
    return `not reported: the endpoint's answers to ${count(usage.casesWithoutUsage)} cases gave no token usage`;
  }
  const cost = usage.cost === null ? "no price set" : `cost ${usage.cost.toFixed(4)}`;
  const reported = `${count(usage.promptTokens)} prompt + ${count(usage.completionTokens)} completion tokens over ${count(usage.cases)} cases, ${cost}`;
  return usage.casesWithoutUsage > 0 ? `${reported}; ${count(usage.casesWithoutUsage)} cases gave no token usage, not counted` : reported;
}
