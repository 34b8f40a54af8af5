// The model settings page: the checkpoint path an admin set, the folder the engine reads (the
// generated tiny model while none is set) and what was read from it, as stored on the model when
// the path was set or a campaign on it last completed (checkpoint-facts.ts): a page view never
// opens a checkpoint. Admins only: it shows paths on the server.
import type { Actor } from "../auth/actor";
import { checkpointDir } from "../campaigns/runner/campaign-backend";
import type { Db } from "../db/types";
import { modelRoots } from "./model-path";
import { mayRun, refuseRole } from "../commands/define-command";
import { setCheckpointPath } from "./set-checkpoint-path";

export interface CheckpointSettings {
  modelName: string;
  /** As stored; null when the model names no checkpoint. */
  checkpointPath: string | null;
  /** The folder campaigns on the embedded engine read. */
  readsFrom: string;
  modelRoots: string[];
  /** The revision stored from the checkpoint, which campaign evidence is recorded under; null when none was read yet. */
  revision: string | null;
  /** The folder held the generated tiny model: evidence from it is a smoke test of the pipeline. */
  smokeTestModel: boolean;
}

export type LoadCheckpointSettingsResult = { ok: true; settings: CheckpointSettings } | { ok: false; kind: "forbidden" | "not_found"; message: string };

export async function loadCheckpointSettings(db: Db, actor: Actor, slug: string): Promise<LoadCheckpointSettingsResult> {
  // The page shows paths on the server: only who may change them reads it.
  if (!mayRun(setCheckpointPath, actor.role)) return refuseRole(actor, setCheckpointPath.info.role, "a model's settings page");
  const model = await db.model.findUnique({ where: { slug }, select: { name: true, checkpointPath: true, revisionHash: true, isSmokeTestModel: true } });
  if (!model) return { ok: false, kind: "not_found", message: `no model ${slug}` };
  return {
    ok: true,
    settings: {
      modelName: model.name,
      checkpointPath: model.checkpointPath,
      readsFrom: checkpointDir(model),
      modelRoots: modelRoots(),
      revision: model.revisionHash,
      smokeTestModel: model.isSmokeTestModel,
    },
  };
}
