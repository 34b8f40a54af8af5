// Who answers a campaign's prompts: this engine over the model's checkpoint folder (the generated
// tiny model when the model names none), or an OpenAI-compatible endpoint. The revision is fixed
// when the campaign is created; a worker whose backend answers with another one refuses the work.
import type { Backend } from "../../engine/backend";
import { openCheckpoint } from "../../engine/checkpoint";
import { openLocalBackend } from "../../engine/local-backend";
import { OpenAIBackend } from "../../engine/openai-backend";
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
