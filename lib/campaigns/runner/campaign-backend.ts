// Who answers a campaign's prompts, and who judges the answers when the campaign has a model
// judge: this engine over the model's checkpoint folder (the generated tiny model when the model
// names none), or a serving target an admin configured (an OpenAI-compatible endpoint), looked up
// again here when a worker opens the campaign. The revision is fixed when the campaign is
// created; a worker whose backend answers with another one refuses the work.
import type { Backend, GenerationRequest, GenerationResult } from "../../../engine/backend";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { openCheckpoint } from "../../../engine/checkpoint";
import { ConfigError } from "../../../engine/config";
import { CheckpointError } from "../../../engine/safetensors";
import { openLocalBackend } from "../../../engine/local-backend";
import { OpenAIBackend } from "../../../engine/openai-backend";
import { TINY_MODEL_MARKER } from "../../../engine/tiny-model";
import { tinyModelDir } from "../../content/paths";
import { createJudge } from "../../detectors/judges/judge-adapters";
import type { Db } from "../../db/types";
import { resolveServingTarget } from "../../serving-targets/resolve-serving-target";
import type { CampaignBackend } from "../settings/campaign-settings";
import type { CampaignToRun } from "../settings/campaign-row";
import type { CampaignModelJudge } from "../scoring/judge-output";
import type { SharedEngines } from "./shared-engines";

interface ModelCheckpoint {
  checkpointPath: string | null;
}

export function checkpointDir(model: ModelCheckpoint): string {
  return model.checkpointPath ?? tinyModelDir;
}

/** True when the local checkpoint is the generated tiny model: its outputs are noise, its evidence a smoke test. */
export function isSmokeTestCheckpoint(model: ModelCheckpoint): boolean {
  const config = path.join(/*turbopackIgnore: true*/ checkpointDir(model), "config.json");
  return existsSync(config) && JSON.parse(readFileSync(config, "utf8"))[TINY_MODEL_MARKER] === true;
}

/**
 * The revision the backend will report, without loading any weights: the checkpoint's, or the one
 * an admin declared for the serving target. A target that is not configured is refused here.
 */
export async function resolveModelRevision(
  db: Db,
  model: ModelCheckpoint,
  backend: CampaignBackend | { kind: "local" },
): Promise<{ ok: true; revision: string } | { ok: false; message: string }> {
  if (backend.kind === "local") {
    try {
      return { ok: true, revision: openCheckpoint(checkpointDir(model)).revision };
    } catch (error) {
      // A folder without its config or with a broken shard is the deployment's fault, not the
      // reviewer's: they are told which checkpoint and what is wrong with it, and nothing is written.
      if (error instanceof ConfigError || error instanceof CheckpointError)
        return { ok: false, message: `the model's checkpoint cannot be opened: ${error.message}` };
      throw error;
    }
  }
  const target = await resolveServingTarget(db, backend.target);
  return target.ok ? { ok: true, revision: target.backend.modelRevision } : target;
}

/** The campaign's backend; a local engine comes from the worker's `engines`, shared with its other campaigns of that model. */
export async function openCampaignBackend(
  db: Db,
  campaign: CampaignToRun,
  engines: SharedEngines,
  options: { maxBatch?: number } & EndpointRequestOptions = {},
): Promise<Backend> {
  const { backend } = campaign;
  if (backend.kind === "openai") return openServingTarget(db, backend.target, campaign.modelRevision, options);
  return openModelCheckpoint(db, campaign.modelId, engines, options.maxBatch);
}

/** How a worker's requests to a serving endpoint are timed; each left out is the openai backend's default. */
export interface EndpointRequestOptions {
  /** Longest silence on one request (OpenAIBackendOptions.timeoutMs). */
  requestTimeoutMs?: number;
  /** Wait before a failed request's second try, doubled for each later one (OpenAIBackendOptions.backoffMs). */
  requestBackoffMs?: number;
}

/**
 * A serving target the campaign or one of its judges names is no longer configured, or no longer allowed:
 * every worker would be refused alike, so the worker pauses the campaign with this reason rather than fail
 * each of its runs (worker.ts).
 */
export class ServingTargetUnusable extends Error {
  override name = "ServingTargetUnusable";
}

/**
 * The target's endpoint. One no longer configured or allowed throws ServingTargetUnusable; one this process
 * alone cannot use (its API key not in this environment) gives a backend that answers every request with the reason.
 */
async function openServingTarget(db: Db, name: string, campaignRevision: string, options: EndpointRequestOptions): Promise<Backend> {
  const target = await resolveServingTarget(db, name);
  if (target.ok)
    return new OpenAIBackend({
      ...target.backend,
      ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
      ...(options.requestBackoffMs === undefined ? {} : { backoffMs: options.requestBackoffMs }),
    });
  if (!target.hereOnly) throw new ServingTargetUnusable(target.message);
  return refusingBackend(target.message, campaignRevision);
}

/**
 * Reports the campaign's own revision so the worker reaches the requests and records the reason
 * on each run (an error, retried up to the run's attempts: another worker may have the key).
 */
function refusingBackend(reason: string, revision: string): Backend {
  return {
    name: "openai",
    modelRevision: revision,
    async *generate(requests: GenerationRequest[]): AsyncIterable<GenerationResult> {
      for (const request of requests) {
        yield {
          id: request.id,
          text: "",
          promptTokens: null,
          completionTokens: null,
          finishReason: "error",
          latencyMs: 0,
          timeToFirstTokenMs: null,
          error: reason,
          errorSummary: reason,
        };
      }
    },
    close: async () => {},
  };
}

async function openModelCheckpoint(db: Db, modelId: string, engines: SharedEngines, maxBatch?: number): Promise<Backend> {
  const model = await db.model.findUniqueOrThrow({ where: { id: modelId }, select: { checkpointPath: true } });
  const dir = checkpointDir(model);
  return engines.hold(`${path.resolve(dir)} batch ${maxBatch ?? "default"}`, () => openLocalBackend(dir, { maxBatch }));
}

/**
 * The campaign's model judges, none when it has none: each the rubric judge or a safety
 * classifier's adapter (lib/detectors/judges/judge-adapters.ts) over its backend. A "local" judge is
 * this engine over the model's checkpoint; when the campaign's own backend is that engine already,
 * the judge shares it (one copy of the weights; its prompts join the batch being decoded, which
 * leaves the campaign's outputs unchanged) and leaves closing it to the campaign.
 */
export async function openCampaignJudges(
  db: Db,
  campaign: CampaignToRun,
  campaignBackend: Backend,
  engines: SharedEngines,
  options: EndpointRequestOptions = {},
): Promise<CampaignModelJudge[]> {
  const { backend, judges } = campaign;
  const opened: CampaignModelJudge[] = [];
  try {
    for (const judge of judges) {
      let judgeBackend: Backend;
      if (judge.kind === "openai") {
        judgeBackend = await openServingTarget(db, judge.target, judge.revision, options);
        if (judge.mode === "counted" && !(await answersOnSmokeTestModel(db, campaign))) await refuseSmokeTestJudge(db, judge.target, judgeBackend);
      } else if (backend.kind === "local") judgeBackend = sharedBackend(campaignBackend);
      // The worker waits for each verdict before the next: the judge decodes one prompt at a time.
      else judgeBackend = await openModelCheckpoint(db, campaign.modelId, engines, 1);
      opened.push({
        detector: createJudge(judge.adapter, judgeBackend, judge.categoryRisks),
        advisory: judge.mode === "advisory",
        backend: judgeBackend,
        target: judge.kind === "openai" ? judge.target : null,
        revision: judge.revision,
      });
    }
  } catch (error) {
    for (const judge of opened) await judge.backend.close();
    throw error;
  }
  return opened;
}

/** A backend another owner closes: close() here lets it be. */
function sharedBackend(backend: Backend): Backend {
  return {
    name: backend.name,
    modelRevision: backend.modelRevision,
    generate: (requests, options) => backend.generate(requests, options),
    close: async () => {},
  };
}

/** Whether the campaign itself runs on this engine's smoke-test checkpoint: its evidence is marked so whoever judges it. */
async function answersOnSmokeTestModel(db: Db, campaign: CampaignToRun): Promise<boolean> {
  if (campaign.backend.kind !== "local") return false;
  return isSmokeTestCheckpoint(await db.model.findUniqueOrThrow({ where: { id: campaign.modelId }, select: { checkpointPath: true } }));
}

/**
 * A counted judge behind `engine serve` of the generated tiny model (its /v1/models says smoke_test_model) would let noise
 * decide verdicts that no smoke-test mark follows: the campaign is refused it, as a target that cannot be used. An
 * endpoint that cannot say what it serves stops nothing here.
 */
async function refuseSmokeTestJudge(db: Db, targetName: string, backend: Backend): Promise<void> {
  const target = await db.servingTarget.findUnique({ where: { name: targetName }, select: { model: true } });
  const listed = await backend.servedModels?.().catch(() => null);
  if (!target || !listed?.find((model) => model.id === target.model)?.smokeTestModel) return;
  await backend.close();
  throw new ServingTargetUnusable(
    `judge serving target "${targetName}" serves the generated smoke-test model, whose verdicts are noise: it may judge advisory only`,
  );
}
