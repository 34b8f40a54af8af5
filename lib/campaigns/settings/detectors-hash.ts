// The detectors hash a campaign's evidence is made under: the pure detectors' versions, plus each
// model judge's whose verdicts count (its version names the adapter, e.g. Llama Guard 3's, and the
// judging model) and, for a safety classifier, the risks its categories map to: the same verdict
// in S7 Privacy is evidence for other cells once content/judges/category-risks.yaml maps S7
// otherwise. An advisory judge never moves a verdict, so it is left out: its evidence is the
// detectors' and counted judges' alone, and the settings hash already tells it apart from a campaign without it.
import { createHash } from "node:crypto";
import { detectorsHashWithJudges } from "../../detectors/registry";
import type { ClassifierCategoryRisks } from "../../detectors/judges/category-risks";
import { categoryRisksNow, judgeVersion } from "../../detectors/judges/judge-adapters";
import type { Db, DbTransaction } from "../../db/types";
import { storedJudges, type StoredJudge } from "./campaign-row";
import { canonicalJson } from "../../domain/canonical-json";

interface JudgedCampaign {
  judge: unknown;
  judgeRevision: string | null;
}

/** The version each counted judge's findings carry: its adapter's, plus the backend kind and the revision fixed at creation. */
export function countedJudgeVersions(judges: readonly StoredJudge[]): string[] {
  return judges.filter((judge) => judge.mode === "counted").map(storedJudgeVersion);
}

function storedJudgeVersion(judge: StoredJudge): string {
  // A backend kind names its backend ("local", "openai"), as the judge's own version does.
  return judgeVersion(judge.adapter, { name: judge.kind, modelRevision: judge.revision });
}

/**
 * The hash the campaign's evidence is made under, computed from this code's detector versions and
 * each counted classifier's category mapping as the campaign was created with it.
 */
export function campaignDetectorsHash(campaign: JudgedCampaign): string {
  return hashWithCategoryRisks(campaign, (judge) => judge.categoryRisks);
}

/**
 * The same campaign's hash under the category mapping as the file says now: its evidence, recorded
 * under campaignDetectorsHash, is stale once the two differ. A judge stored before the mapping was
 * kept hashes without one in both, as its evidence was recorded.
 */
export function currentCampaignDetectorsHash(campaign: JudgedCampaign): string {
  return hashWithCategoryRisks(campaign, (judge) => (judge.categoryRisks ? categoryRisksNow(judge.adapter) : undefined));
}

function hashWithCategoryRisks(campaign: JudgedCampaign, categoryRisksOf: (judge: StoredJudge) => ClassifierCategoryRisks | undefined): string {
  const counted = storedJudges(campaign as Parameters<typeof storedJudges>[0]).filter((judge) => judge.mode === "counted");
  return detectorsHashWithJudges(
    counted.map((judge) => {
      const categoryRisks = categoryRisksOf(judge);
      const version = storedJudgeVersion(judge);
      return categoryRisks ? `${version} categories ${createHash("sha256").update(canonicalJson(categoryRisks)).digest("hex")}` : version;
    }),
  );
}

/** The current hashes of the model's campaigns that had a model judge (see stale-reasons.ts). */
export async function judgedCampaignDetectorsHashes(db: Db | DbTransaction, modelId: string): Promise<Set<string>> {
  const campaigns = await db.campaign.findMany({ where: { modelId }, select: { judge: true, judgeRevision: true } });
  return new Set(campaigns.filter((campaign) => storedJudges(campaign).length > 0).map(currentCampaignDetectorsHash));
}
