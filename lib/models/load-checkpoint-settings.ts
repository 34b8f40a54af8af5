// The model settings page: the checkpoint path an admin set, the folder the engine reads (the
// generated tiny model while none is set) and what the engine finds there. Admins only: it shows
// paths on the server.
import type { Actor } from "../auth/actor";
import { checkpointDir } from "../campaigns/campaign-backend";
import type { Db } from "../db/types";
import { inspectCheckpoint, type CheckpointInspection } from "./inspect-checkpoint";
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
  inspection: CheckpointInspection;
}

export type LoadCheckpointSettingsResult =
  | { ok: true; settings: CheckpointSettings }
  | { ok: false; kind: "forbidden" | "not_found"; message: string };

export async function loadCheckpointSettings(db: Db, actor: Actor, slug: string): Promise<LoadCheckpointSettingsResult> {
  // The page shows paths on the server: only who may change them reads it.
  if (!mayRun(setCheckpointPath, actor.role)) return refuseRole(actor, setCheckpointPath.info.role, "a model's settings page");
  const model = await db.model.findUnique({ where: { slug }, select: { name: true, checkpointPath: true } });
  if (!model) return { ok: false, kind: "not_found", message: `no model ${slug}` };
  const readsFrom = checkpointDir(model);
  return {
    ok: true,
    settings: {
      modelName: model.name,
      checkpointPath: model.checkpointPath,
      readsFrom,
      modelRoots: modelRoots(),
      inspection: inspectCheckpoint(readsFrom),
    },
  };
}
