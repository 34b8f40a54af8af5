// The detectors hash a campaign's evidence is made under: the pure detectors' versions, plus the
// model judge's when its verdicts count (its version names the adapter, e.g. Llama Guard 3's, and
// the judging model). An advisory judge never moves a verdict, so it is left out: its evidence is
// the detectors' alone, and the settings hash already tells it apart from a campaign without a judge.
import { detectorsHash, detectorsHashWithJudge } from "../../detectors/registry";
import { judgeVersion } from "../../detectors/judges/judge-adapters";
import type { Db } from "../../db/types";
import { judgeSchema } from "./campaign-settings";

interface JudgedCampaign {
  judge: unknown;
  judgeRevision: string | null;
}

/** Computed from this code's detector versions: a campaign's evidence whose hash differs is stale. */
export function campaignDetectorsHash(campaign: JudgedCampaign): string {
  const judge = judgeSchema.parse(campaign.judge ?? { kind: "off" });
  if (judge.kind === "off" || judge.mode === "advisory" || !campaign.judgeRevision) return detectorsHash();
  // A backend kind names its backend ("local", "openai"), as the judge's own version does.
  return detectorsHashWithJudge(judgeVersion(judge.adapter, { name: judge.kind, modelRevision: campaign.judgeRevision }));
}

/** The current hashes of the model's campaigns that had a model judge (see stale.ts). */
export async function judgedCampaignDetectorsHashes(db: Db, modelId: string): Promise<Set<string>> {
  const campaigns = await db.campaign.findMany({ where: { modelId, judgeRevision: { not: null } }, select: { judge: true, judgeRevision: true } });
  return new Set(campaigns.map(campaignDetectorsHash));
}
