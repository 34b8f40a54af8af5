// The detectors hash a campaign's evidence is made under: the pure detectors' versions, plus each
// model judge's whose verdicts count (its version names the adapter, e.g. Llama Guard 3's, and the
// judging model). An advisory judge never moves a verdict, so it is left out: its evidence is the
// detectors' and counted judges' alone, and the settings hash already tells it apart from a campaign without it.
import { detectorsHashWithJudges } from "../../detectors/registry";
import { judgeVersion } from "../../detectors/judges/judge-adapters";
import type { Db, DbTransaction } from "../../db/types";
import { storedJudges, type StoredJudge } from "./campaign-row";

interface JudgedCampaign {
  judge: unknown;
  judgeRevision: string | null;
}

/** The version each counted judge's findings carry: its adapter's, plus the backend kind and the revision fixed at creation. */
export function countedJudgeVersions(judges: readonly StoredJudge[]): string[] {
  // A backend kind names its backend ("local", "openai"), as the judge's own version does.
  return judges.filter((judge) => judge.mode === "counted").map((judge) => judgeVersion(judge.adapter, { name: judge.kind, modelRevision: judge.revision }));
}

/** Computed from this code's detector versions: a campaign's evidence whose hash differs is stale. */
export function campaignDetectorsHash(campaign: JudgedCampaign): string {
  return detectorsHashWithJudges(countedJudgeVersions(storedJudges(campaign as Parameters<typeof storedJudges>[0])));
}

/** The current hashes of the model's campaigns that had a model judge (see stale.ts). */
export async function judgedCampaignDetectorsHashes(db: Db | DbTransaction, modelId: string): Promise<Set<string>> {
  const campaigns = await db.campaign.findMany({ where: { modelId }, select: { judge: true, judgeRevision: true } });
  return new Set(campaigns.filter((campaign) => storedJudges(campaign).length > 0).map(campaignDetectorsHash));
}
