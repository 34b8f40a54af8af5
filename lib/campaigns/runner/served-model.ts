// Which model an endpoint serves, as its /v1/models says: id, root (vLLM: the weights' path or
// hub name) and maximum length. The first lease of a campaign records it on the campaign (and its
// evidence shows it); every later lease, and the end of every batch, asks again, and when the
// endpoint now serves something else the campaign is paused with the reason, so that its results
// never mix two models' outputs.
// An endpoint that has no /v1/models, or cannot be reached, stops nothing here: its requests fail
// on their own with their own reasons.
import { z } from "zod";
import type { Backend, ServedModel } from "../../../engine/backend";
import type { Db } from "../../db/types";
import type { CampaignRow, CampaignToRun } from "../settings/campaign-row";
import { pauseCampaign } from "./pause-campaign";

// Recorded before endpoints said whether they serve the smoke-test model: read as not saying so.
export const servedModelSchema = z.object({
  id: z.string(),
  root: z.string().nullable(),
  maxModelLength: z.number().int().nullable(),
  smokeTestModel: z.boolean().default(false),
});

export type ServedModelCheck = { ok: true } | { ok: false; message: string };

/** "id (root R, max length N)": how a served model is shown on evidence and in messages. */
export function describeServedModel(model: ServedModel): string {
  const details = [
    model.root && model.root !== model.id ? `root ${model.root}` : null,
    model.maxModelLength ? `max length ${model.maxModelLength}` : null,
    model.smokeTestModel ? "the generated smoke-test model" : null,
  ].filter(Boolean);
  return details.length > 0 ? `${model.id} (${details.join(", ")})` : model.id;
}

/** The recorded identity of a campaign's served model, or null (this engine, or not yet asked). */
export function recordedServedModel(campaign: Pick<CampaignRow, "servedModel">): ServedModel | null {
  const parsed = servedModelSchema.safeParse(campaign.servedModel);
  return parsed.success ? parsed.data : null;
}

/**
 * Asks the endpoint what it serves before each batch is sent and after each batch, before the
 * campaign may complete: every result lies between two answers that named the recorded model, or
 * is put back. The first answer is recorded on the campaign. When one differs, the campaign is
 * paused (audited, with the reason) and the results written since this worker last saw the
 * recorded model are put back in the queue: some of them may be the new model's.
 */
export class ServedModelWatch {
  /** When this worker last saw each campaign's recorded model served. */
  private readonly confirmedAt = new Map<string, Date>();

  constructor(
    private readonly db: Db,
    private readonly log: (message: string) => void,
  ) {}

  async check(campaign: CampaignToRun, backend: Backend): Promise<ServedModelCheck> {
    const { db } = this;
    const settings = campaign.backend;
    if (settings.kind !== "openai" || !backend.servedModels) return { ok: true };
    const target = await db.servingTarget.findUnique({ where: { name: settings.target }, select: { model: true } });
    if (!target) return { ok: true };
    const askedAt = new Date();
    let listed: ServedModel[] | null;
    try {
      listed = await backend.servedModels();
    } catch (error) {
      this.log(`could not ask serving target "${settings.target}" which model it serves (${error instanceof Error ? error.message : String(error)}); going on`);
      return { ok: true };
    }
    if (listed === null) return { ok: true };
    const now = listed.find((model) => model.id === target.model) ?? null;
    const stored = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { servedModel: true } });
    const recorded = recordedServedModel(stored);
    if (now && (!recorded || sameModel(now, recorded))) {
      if (!recorded) await db.campaign.update({ where: { id: campaign.id }, data: { servedModel: { ...now } } });
      this.confirmedAt.set(campaign.id, askedAt);
      return { ok: true };
    }
    const since = this.confirmedAt.get(campaign.id);
    const putBack = since ? await putBackResultsSince(db, campaign.id, since) : 0;
    const served = now ? describeServedModel(now) : `${listed.map(describeServedModel).join(", ") || "no model"}, not "${target.model}"`;
    const message = recorded
      ? `serving target "${settings.target}" now serves ${served}, but this campaign's results so far came from ${describeServedModel(recorded)}: the campaign is paused so that two models' outputs are never mixed` +
        `${putBack > 0 ? ` (the ${putBack} result${putBack === 1 ? "" : "s"} written since the model was last seen are back in the queue)` : ""}. Start a new campaign for the model now served.`
      : `serving target "${settings.target}" serves ${served}: the campaign is paused. An admin should correct the target's model name, or the endpoint should serve "${target.model}".`;
    await pauseCampaign(db, campaign.id, message);
    this.log(message);
    return { ok: false, message };
  }
}

function sameModel(a: ServedModel, b: ServedModel): boolean {
  return a.id === b.id && a.root === b.root && a.maxModelLength === b.maxModelLength && a.smokeTestModel === b.smokeTestModel;
}

/** Results finished since `since` go back to the queue, as "retry" puts failed ones back. */
async function putBackResultsSince(db: Db, campaignId: string, since: Date): Promise<number> {
  const reset = await db.caseRun.updateMany({
    where: { campaignId, status: "DONE", finishedAt: { gte: since } },
    data: { status: "PENDING", verdict: null, error: null, attempts: 0, leaseOwner: null, leaseExpiresAt: null, finishedAt: null },
  });
  return reset.count;
}
