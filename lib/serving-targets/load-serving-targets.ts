// Serving targets as each reader needs them: every field for the admin page; names and model
// names for the reviewers who choose one (the address and the key's variable are configuration,
// which only admins see).
import type { Actor } from "../auth/actor";
import { hasRole } from "../auth/actor";
import { describeServedModel, recordedJudgeServedModels, recordedServedModel } from "../campaigns/runner/served-model";
import { type CampaignRow, storedServingTarget } from "../campaigns/settings/campaign-row";
import type { Db } from "../db/types";
import { rootContradictsDeclaredRevision } from "./served-revision";

/** Who may read a target's configuration (address, key variable), and so what its endpoint said in an error. */
export function mayReadServingTargetConfig(reader: Actor | undefined): boolean {
  return reader !== undefined && hasRole(reader, "ADMIN");
}

export interface ServingTargetChoice {
  name: string;
  model: string;
}

export async function listServingTargets(db: Db) {
  return db.servingTarget.findMany({ orderBy: { name: "asc" } });
}

export async function servingTargetChoices(db: Db): Promise<ServingTargetChoice[]> {
  return db.servingTarget.findMany({ select: { name: true, model: true }, orderBy: { name: "asc" } });
}

/** What a target's endpoint said at /v1/models the last time a campaign recorded it. */
export interface LastServed {
  /** "beluga (root /models/…, max length 4096)". */
  served: string;
  /** The campaign that recorded it, and when that campaign was started. */
  campaignName: string;
  startedAt: Date;
  /** How its root contradicts the target's declared revision now (served-revision.ts), or null. */
  contradiction: string | null;
}

/**
 * Per target name, what its endpoint last said it served: the newest campaign that recorded an answer from it, as
 * the campaign's backend or as a counted judge. For the admin page, so that what the endpoint serves, and a root
 * that contradicts the declared revision, are seen beside the declaration. It asks no endpoint.
 */
export async function lastServedByTarget(db: Db): Promise<Map<string, LastServed>> {
  const [targets, campaigns] = await Promise.all([
    db.servingTarget.findMany({ select: { name: true, declaredRevision: true } }),
    db.campaign.findMany({
      select: { name: true, createdAt: true, backend: true, backendConfig: true, servedModel: true, judgeServedModels: true },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  const declared = new Map(targets.map((target) => [target.name, target.declaredRevision]));
  const last = new Map<string, LastServed>();
  for (const campaign of campaigns) {
    const own = campaign.backend === "openai" ? storedServingTarget(campaign.backendConfig as CampaignRow["backendConfig"]) : null;
    const recorded = recordedServedModel({ servedModel: campaign.servedModel as CampaignRow["servedModel"] });
    const answers = [...(own && recorded ? [[own, recorded] as const] : []), ...Object.entries(recordedJudgeServedModels(campaign))];
    for (const [target, served] of answers) {
      const revision = declared.get(target);
      if (revision === undefined || last.has(target)) continue;
      last.set(target, {
        served: describeServedModel(served),
        campaignName: campaign.name,
        startedAt: campaign.createdAt,
        contradiction: rootContradictsDeclaredRevision(served.root, revision),
      });
    }
  }
  return last;
}
