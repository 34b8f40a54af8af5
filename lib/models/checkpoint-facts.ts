// What a model's local checkpoint is, read once where the checkpoint is touched anyway (its path
// set by an admin, `riskledger model checkpoint` at every `npm start`, a worker finishing a
// campaign) and stored on the Model row, so no page view ever opens a shard: its revision hash and
// whether it is the generated tiny model (whose evidence is a smoke test of the pipeline, not of
// the model).
import { existsSync } from "node:fs";
import { openCheckpoint } from "../../engine/checkpoint";
import { ConfigError } from "../../engine/config";
import { CheckpointError } from "../../engine/safetensors";
import { checkpointDir, isSmokeTestCheckpoint } from "../campaigns/runner/campaign-backend";
import type { Db, DbTransaction } from "../db/types";

export interface CheckpointFacts {
  revisionHash: string | null;
  isSmokeTestModel: boolean;
}

/** Reads the checkpoint's headers (no weights); a folder that is not there yet gives no revision. */
export function readCheckpointFacts(model: { checkpointPath: string | null }): CheckpointFacts {
  const dir = checkpointDir(model);
  if (!existsSync(dir)) return { revisionHash: null, isSmokeTestModel: false };
  return { revisionHash: openCheckpoint(dir).revision, isSmokeTestModel: isSmokeTestCheckpoint(model) };
}

/** A folder about to become the model's checkpoint: its facts, or the engine's reason when it cannot read a checkpoint there. */
export function readCheckpointFolder(checkpointPath: string): { ok: true; facts: CheckpointFacts } | { ok: false; message: string } {
  try {
    return { ok: true, facts: readCheckpointFacts({ checkpointPath }) };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CheckpointError) return { ok: false, message: error.message };
    throw error;
  }
}

/** Stores the model's checkpoint facts when they changed; returns what is stored now. */
export async function recordCheckpointFacts(db: Db | DbTransaction, modelId: string): Promise<CheckpointFacts> {
  const model = await db.model.findUniqueOrThrow({ where: { id: modelId }, select: { checkpointPath: true, revisionHash: true, isSmokeTestModel: true } });
  const facts = readCheckpointFacts(model);
  if (facts.revisionHash === null) return { revisionHash: model.revisionHash, isSmokeTestModel: model.isSmokeTestModel };
  if (facts.revisionHash !== model.revisionHash || facts.isSmokeTestModel !== model.isSmokeTestModel) {
    await db.model.update({ where: { id: modelId }, data: facts });
  }
  return facts;
}
