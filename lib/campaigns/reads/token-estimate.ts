// How long a campaign will take, said before it runs: its cases times the tokens a case took in
// earlier campaigns of the same model on the same backend (serving target, or this engine), over
// the rate those campaigns measured. Without an earlier campaign there is no rate to divide by,
// and the estimate says so rather than guess one.
import type { Db } from "../../db/types";
import { campaignSettingsFromRow, storedServingTarget } from "../settings/campaign-row";
import { TOKENS_REPORTED } from "./token-usage";

export interface CampaignTokenEstimate {
  cases: number;
  /** Prompt and completion tokens per case measured before; null: no earlier campaign, so only the completion cap is known. */
  tokensPerCase: number | null;
  maxNewTokens: number;
  /** Tokens per second over the earlier campaigns' runs; null: "no measured rate yet". */
  tokensPerSecond: number | null;
  seconds: number | null;
}

export interface MeasuredTokenRate {
  /** Prompt and completion tokens per case measured before; null: no earlier campaign. */
  tokensPerCase: number | null;
  /** Tokens per second over the earlier campaigns' runs; null: "no measured rate yet". */
  tokensPerSecond: number | null;
}

/** What earlier completed campaigns of the model measured on one backend: this engine (target null) or a serving target. */
export async function measuredTokenRate(db: Db, modelId: string, target: string | null, except?: string): Promise<MeasuredTokenRate> {
  const earlier = await db.campaign.findMany({
    where: { modelId, backend: target === null ? "local" : "openai", status: "COMPLETED", ...(except ? { id: { not: except } } : {}) },
    select: { id: true, backendConfig: true },
  });
  let tokens = 0;
  let cases = 0;
  let ratedTokens = 0;
  let ratedSeconds = 0;
  for (const other of earlier) {
    if (target !== null && storedServingTarget(other.backendConfig) !== target) continue;
    const runs = await db.caseRun.aggregate({
      where: { campaignId: other.id, status: "DONE", ...TOKENS_REPORTED },
      _sum: { promptTokens: true, completionTokens: true },
      _count: { _all: true },
      _min: { finishedAt: true },
      _max: { finishedAt: true },
    });
    const count = runs._count._all;
    const sum = (runs._sum.promptTokens ?? 0) + (runs._sum.completionTokens ?? 0);
    tokens += sum;
    cases += count;
    const span = runs._min.finishedAt && runs._max.finishedAt ? (runs._max.finishedAt.getTime() - runs._min.finishedAt.getTime()) / 1000 : 0;
    // The first run's tokens were spent before the first finish, outside the measured span.
    if (count > 1 && span > 0) {
      ratedTokens += (sum * (count - 1)) / count;
      ratedSeconds += span;
    }
  }
  return { tokensPerCase: cases > 0 ? tokens / cases : null, tokensPerSecond: ratedSeconds > 0 ? ratedTokens / ratedSeconds : null };
}

export function estimateFor(cases: number, maxNewTokens: number, rate: MeasuredTokenRate): CampaignTokenEstimate {
  const seconds = rate.tokensPerCase !== null && rate.tokensPerSecond !== null ? (cases * rate.tokensPerCase) / rate.tokensPerSecond : null;
  return { cases, maxNewTokens, ...rate, seconds };
}

export async function estimateCampaignTokens(db: Db, campaignId: string): Promise<CampaignTokenEstimate | null> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, include: { _count: { select: { runs: true } } } });
  if (!campaign) return null;
  const { backend, sampling } = campaignSettingsFromRow(campaign);
  const rate = await measuredTokenRate(db, campaign.modelId, backend.kind === "openai" ? backend.target : null, campaignId);
  return estimateFor(campaign._count.runs, sampling.maxNewTokens, rate);
}

/** "40 cases x ~26 tokens = ~1,040 tokens; at 812 tokens/s measured before: ~1.3 s" */
export function tokenEstimateLine(estimate: CampaignTokenEstimate): string {
  const count = (n: number) => Math.round(n).toLocaleString("en-US");
  if (estimate.tokensPerCase === null) {
    return `${count(estimate.cases)} cases x at most ${count(estimate.maxNewTokens)} completion tokens each; no measured rate yet (no earlier campaign of this model on this backend)`;
  }
  const head = `${count(estimate.cases)} cases x ~${count(estimate.tokensPerCase)} tokens = ~${count(estimate.cases * estimate.tokensPerCase)} tokens`;
  if (estimate.tokensPerSecond === null || estimate.seconds === null) return `${head}; no measured rate yet`;
  return `${head}; at ${count(estimate.tokensPerSecond)} tokens/s measured before: ~${estimate.seconds.toFixed(1)} s`;
}
