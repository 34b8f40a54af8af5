// Which model an endpoint serves, as its /v1/models says: id, root (vLLM: the weights' path or
// hub name) and maximum length. The first lease of a campaign records it on the campaign (and its
// evidence shows it); every later lease, and the end of every batch, asks again, and when the
// endpoint now serves something else the campaign is paused with the reason, so that its results
// never mix two models' outputs. The endpoint of each judge whose verdicts count is watched the same
// way, so that its verdicts never mix two judges'. A root that names other weights than the revision
// the campaign claims for the endpoint pauses it too (lib/serving-targets/served-revision.ts).
// An endpoint that has no /v1/models, or cannot be reached, stops nothing here: its requests fail
// on their own with their own reasons.
import { z } from "zod";
import type { Backend, ServedModel } from "../../../engine/backend";
import type { Db } from "../../db/types";
import { rootContradictsDeclaredRevision } from "../../serving-targets/served-revision";
import type { CampaignModelJudge } from "../scoring/judge-output";
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

/** The recorded identity of the model behind each of a campaign's counted judges' serving targets, by target name. */
export function recordedJudgeServedModels(campaign: { judgeServedModels: unknown }): Record<string, ServedModel> {
  const parsed = z.record(z.string(), servedModelSchema).safeParse(campaign.judgeServedModels);
  return parsed.success ? parsed.data : {};
}

/** An endpoint the watch asks: the campaign's own, or a counted judge's. */
interface WatchedEndpoint {
  target: string;
  backend: Backend;
  judge: boolean;
  /** The revision the campaign records for what this endpoint serves: its own, or the judge's. */
  revision: string;
}

/** What one endpoint's /v1/models said against the record: the recorded model, one to record, or a reason to stop. */
type EndpointAnswer =
  | { kind: "same" }
  | { kind: "first"; served: ServedModel }
  | { kind: "unknown" }
  | { kind: "changed"; reason: (putBack: number) => string };

/**
 * Asks each endpoint what it serves before each batch is sent and after each batch, before the campaign may
 * complete: the campaign's own endpoint, and the endpoint of each judge whose verdicts count (an advisory judge
 * decides nothing). Every result lies between two answers that named the recorded models, or is put back. The
 * first answers are recorded on the campaign. When one differs, the campaign is paused (audited, with the reason)
 * and the results written since this worker last saw that endpoint's recorded model are put back in the queue: some
 * of them may be the new model's outputs, or the new judge's verdicts.
 */
export class ServedModelWatch {
  /** When this worker last saw each recorded model served, by campaign and endpoint (seenKey). */
  private readonly confirmedAt = new Map<string, Date>();

  constructor(
    private readonly db: Db,
    private readonly log: (message: string) => void,
  ) {}

  async check(campaign: CampaignToRun, backend: Backend, judges: readonly CampaignModelJudge[] = []): Promise<ServedModelCheck> {
    const watched: WatchedEndpoint[] = [
      ...(campaign.backend.kind === "openai" ? [{ target: campaign.backend.target, backend, judge: false, revision: campaign.modelRevision }] : []),
      ...judges.flatMap((judge) =>
        judge.target && !judge.advisory ? [{ target: judge.target, backend: judge.backend, judge: true, revision: judge.revision }] : [],
      ),
    ];
    if (watched.length === 0) return { ok: true };
    const askedAt = new Date();
    const stored = await this.db.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { servedModel: true, judgeServedModels: true } });
    const recordedJudges = recordedJudgeServedModels(stored);
    let judgeRecorded = false;
    for (const endpoint of watched) {
      const recorded = endpoint.judge ? (recordedJudges[endpoint.target] ?? null) : recordedServedModel(stored);
      const answer = await this.ask(endpoint, recorded);
      if (answer.kind === "first" && endpoint.judge) {
        recordedJudges[endpoint.target] = answer.served;
        judgeRecorded = true;
      }
      if (answer.kind === "first" && !endpoint.judge)
        await this.db.campaign.update({ where: { id: campaign.id }, data: { servedModel: { ...answer.served } } });
      if (answer.kind === "same" || answer.kind === "first") this.confirmedAt.set(seenKey(campaign.id, endpoint), askedAt);
      if (answer.kind === "changed") {
        const since = this.confirmedAt.get(seenKey(campaign.id, endpoint));
        const message = answer.reason(since ? await putBackResultsSince(this.db, campaign.id, since) : 0);
        await pauseCampaign(this.db, campaign.id, message);
        this.log(message);
        return { ok: false, message };
      }
    }
    if (judgeRecorded) {
      const judgeServedModels = Object.fromEntries(Object.entries(recordedJudges).map(([target, served]) => [target, { ...served }]));
      await this.db.campaign.update({ where: { id: campaign.id }, data: { judgeServedModels } });
    }
    return { ok: true };
  }

  private async ask({ target: name, backend, judge, revision }: WatchedEndpoint, recorded: ServedModel | null): Promise<EndpointAnswer> {
    const role = judge ? "judge serving target" : "serving target";
    if (!backend.servedModels) return { kind: "unknown" };
    const target = await this.db.servingTarget.findUnique({ where: { name }, select: { model: true } });
    if (!target) return { kind: "unknown" };
    let listed: ServedModel[] | null;
    try {
      listed = await backend.servedModels();
    } catch (error) {
      this.log(`could not ask ${role} "${name}" which model it serves (${error instanceof Error ? error.message : String(error)}); going on`);
      return { kind: "unknown" };
    }
    if (listed === null) return { kind: "unknown" };
    const now = listed.find((model) => model.id === target.model) ?? null;
    const contradiction = now ? rootContradictsDeclaredRevision(now.root, revision) : null;
    if (contradiction) return { kind: "changed", reason: contradictedRevisionReason(role, name, contradiction, judge) };
    if (now && recorded) return sameModel(now, recorded) ? { kind: "same" } : { kind: "changed", reason: changedReason(role, name, now, recorded, judge) };
    if (now) return { kind: "first", served: now };
    const served = `${listedModels(listed)}, not "${target.model}"`;
    return {
      kind: "changed",
      reason: () =>
        `${role} "${name}" serves ${served}: the campaign is paused. An admin should correct the target's model name, or the endpoint should serve "${target.model}".`,
    };
  }
}

/** The models an endpoint lists, as a message names them: the first few, and how many more (a list may be 16 MiB). */
const MODELS_NAMED = 10;
export function listedModels(listed: ServedModel[]): string {
  if (listed.length === 0) return "no model";
  const named = listed.slice(0, MODELS_NAMED).map(describeServedModel);
  const rest = listed.length - named.length;
  return rest > 0 ? `${named.slice(0, -1).join(", ")}, ${named.at(-1)} and ${rest.toLocaleString("en-US")} more` : named.join(", ");
}

function seenKey(campaignId: string, endpoint: WatchedEndpoint): string {
  return `${campaignId} ${endpoint.judge ? "judge" : "model"} ${endpoint.target}`;
}

function changedReason(role: string, name: string, now: ServedModel, recorded: ServedModel, judge: boolean): (putBack: number) => string {
  const what = judge
    ? { results: "verdicts", mixed: "two judges' verdicts", model: "judge" }
    : { results: "results", mixed: "two models' outputs", model: "model" };
  return (putBack) =>
    `${role} "${name}" now serves ${describeServedModel(now)}, but this campaign's ${what.results} so far came from ${describeServedModel(recorded)}: the campaign is paused so that ${what.mixed} are never mixed` +
    `${putBackNote(putBack, what.model)}. Start a new campaign for the ${what.model} now served.`;
}

function contradictedRevisionReason(role: string, name: string, contradiction: string, judge: boolean): (putBack: number) => string {
  const claim = judge ? "the judge's verdicts never claim" : "its evidence never claims";
  return (putBack) =>
    `${role} "${name}": ${contradiction}. The campaign is paused so that ${claim} weights the endpoint said it did not serve` +
    `${putBackNote(putBack, "endpoint")}. ` +
    "An admin should declare the revision the endpoint serves, or serve the declared one; then start a new campaign.";
}

/** " (the 3 results written since the model was last seen are back in the queue)", or nothing when none were. */
function putBackNote(putBack: number, seen: string): string {
  return putBack > 0 ? ` (the ${putBack} result${putBack === 1 ? "" : "s"} written since the ${seen} was last seen are back in the queue)` : "";
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
