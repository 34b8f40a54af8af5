// Evidence is only as good as what it was made under. A campaign aggregate records the model
// revision, the suite content, the detector versions and the settings; when any of them is no
// longer the current one, the evidence is shown as stale instead of being silently reused.
// The current model revision is the one stored on the model (lib/models/checkpoint-facts.ts):
// reading evidence never opens a checkpoint.
import { judgedCampaignDetectorsHashes } from "../campaigns/settings/detectors-hash";
import { detectorsHash } from "../detectors/registry";
import type { Db, DbTransaction } from "../db/types";
import { combineSuiteHashes } from "./campaign-aggregate";
import { describeServedModel, recordedServedModel } from "../campaigns/runner/served-model";
import { storedServingTarget, type CampaignRow } from "../campaigns/settings/campaign-row";
import type { CurrentHashes } from "./stale-reasons";

export { staleReasons, type CurrentHashes, type HashedEvidence, type StaleReason } from "./stale-reasons";

export async function loadCurrentHashes(db: Db | DbTransaction, modelId: string, settingsHash?: string): Promise<CurrentHashes> {
  const model = await db.model.findUniqueOrThrow({
    where: { id: modelId },
    // A use's suites now: one retired since a campaign changes what the use is tested with, so its evidence is stale.
    select: { revisionHash: true, suites: { where: { retiredAt: null }, select: { contentHash: true, use: { select: { code: true } } } } },
  });
  return {
    modelRevision: model.revisionHash,
    suiteHashByUse: combineSuiteHashes(model.suites.map((suite) => ({ useCode: suite.use.code, contentHash: suite.contentHash }))),
    detectorsHash: detectorsHash(),
    judgedDetectorsHashes: await judgedCampaignDetectorsHashes(db, modelId),
    servedByEndpoint: await servedByEndpoint(db, modelId),
    ...(settingsHash ? { settingsHash } : {}),
  };
}

/**
 * Each serving target's declared revision, and what its endpoint last reported for this model: the
 * newest campaign against it that recorded /v1/models' answer (evidence records the same words).
 */
async function servedByEndpoint(db: Db | DbTransaction, modelId: string) {
  const [targets, campaigns] = await Promise.all([
    db.servingTarget.findMany({ select: { name: true, baseUrl: true, declaredRevision: true } }),
    db.campaign.findMany({ where: { modelId, backend: "openai" }, select: { backendConfig: true, servedModel: true }, orderBy: { createdAt: "desc" } }),
  ]);
  const lastReported = new Map<string, string>();
  for (const campaign of campaigns) {
    const target = storedServingTarget(campaign.backendConfig);
    const recorded = recordedServedModel({ servedModel: campaign.servedModel as CampaignRow["servedModel"] });
    if (target && recorded && !lastReported.has(target)) lastReported.set(target, describeServedModel(recorded));
  }
  return new Map(targets.map((target) => [target.baseUrl, { declaredRevision: target.declaredRevision, servedModel: lastReported.get(target.name) ?? null }]));
}
