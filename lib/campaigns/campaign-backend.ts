// Who answers a campaign's prompts: this engine over the model's checkpoint folder (the generated
// tiny model when the model names none), or an OpenAI-compatible endpoint. The revision is fixed
// when the campaign is created; a worker whose backend answers with another one refuses the work.
import type { Backend } from "../../engine/backend";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { openCheckpoint } from "../../engine/checkpoint";
import { openLocalBackend } from "../../engine/local-backend";
import { OpenAIBackend } from "../../engine/openai-backend";
import { TINY_MODEL_MARKER } from "../../engine/tiny-model";
import { tinyModelDir } from "../content/paths";
import type { Db } from "../db/types";
import type { CampaignBackend } from "./campaign-settings";
import { campaignSettingsFromRow, type CampaignRow } from "./campaign-row";

interface ModelCheckpoint {
  checkpointPath: string | null;
}

export function checkpointDir(model: ModelCheckpoint): string {
  return model.checkpointPath ?? tinyModelDir;
}

/** True when the local checkpoint is the generated tiny model: its outputs are noise, its evidence a smoke test. */
export function isSmokeTestCheckpoint(model: ModelCheckpoint): boolean {
  const config = path.join(checkpointDir(model), "config.json");
  return existsSync(config) && JSON.parse(readFileSync(config, "utf8"))[TINY_MODEL_MARKER] === true;
}

/** The revision the backend will report, without loading any weights. */
export function resolveModelRevision(model: ModelCheckpoint, backend: CampaignBackend): string {
  if (backend.kind === "openai") return new OpenAIBackend({ baseUrl: backend.baseUrl, model: backend.model }).modelRevision;
  return openCheckpoint(checkpointDir(model)).revision;
}

export async function openCampaignBackend(db: Db, campaign: CampaignRow, options: { maxBatch?: number } = {}): Promise<Backend> {
  const { backend } = campaignSettingsFromRow(campaign);
  if (backend.kind === "openai") return new OpenAIBackend({ baseUrl: backend.baseUrl, model: backend.model });
  const model = await db.model.findUniqueOrThrow({ where: { id: campaign.modelId }, select: { checkpointPath: true } });
  return openLocalBackend(checkpointDir(model), { maxBatch: options.maxBatch });
}
