// What the engine reads from a checkpoint folder, as `engine inspect` reports it: the revision hash
// that campaign evidence is recorded under, and how many transformer blocks and shard files it has.
// Only headers are read, never weights, so a page can afford it.
import { openCheckpoint } from "../../engine/checkpoint";
import { ConfigError } from "../../engine/config";
import { CheckpointError } from "../../engine/safetensors";

export type CheckpointInspection =
  | { ok: true; revision: string; blocks: number; shards: number }
  | { ok: false; message: string };

export function inspectCheckpoint(dir: string): CheckpointInspection {
  try {
    const checkpoint = openCheckpoint(dir);
    return {
      ok: true,
      revision: checkpoint.revision,
      blocks: checkpoint.config.numHiddenLayers,
      shards: new Set(checkpoint.weightMap.values()).size,
    };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CheckpointError) return { ok: false, message: error.message };
    throw error;
  }
}
