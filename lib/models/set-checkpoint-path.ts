// An admin points a model at the checkpoint folder its campaigns run against. The path goes
// through resolveModelPath (under the model roots, no traversal); a folder the engine cannot read
// a checkpoint from is refused with its reason. Audited. The checkpoint's revision and whether it is
// the generated tiny model are read here, once, and stored on the model
// (lib/models/checkpoint-facts.ts): pages and exports never open the checkpoint.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { recordAuditEvent } from "../audit/record-audit-event";
import { readCheckpointFolder } from "./checkpoint-facts";
import { resolveModelPath } from "./model-path";
import { defineCommand } from "../commands/define-command";
import { modelSlugRef } from "../domain/record-id";

export const checkpointPathSchema = z.object({
  slug: modelSlugRef,
  checkpointPath: freeText("the checkpoint folder").trim().min(1, "enter a folder").max(1024, "a path is limited to 1,024 characters"),
});

export type SetCheckpointPathResult = { ok: true; checkpointPath: string } | { ok: false; kind: "invalid" | "forbidden" | "not_found"; message: string };

export const setCheckpointPath = defineCommand({
  name: "model.set-checkpoint-path",
  doing: "setting a model's checkpoint",
  role: "ADMIN",
  schema: checkpointPathSchema,
  audit: ["model.set-checkpoint-path"],
  async run(db, actor, input): Promise<SetCheckpointPathResult> {
    const resolved = resolveModelPath(input.checkpointPath);
    if (!resolved.ok) return { ok: false, kind: "invalid", message: resolved.message };
    const read = readCheckpointFolder(resolved.path);
    if (!read.ok) return { ok: false, kind: "invalid", message: `the engine cannot read a checkpoint in ${resolved.path}: ${read.message}` };
    const { facts } = read;

    return db.$transaction(async (tx) => {
      const model = await tx.model.findUnique({
        where: { slug: input.slug },
        select: { id: true, checkpointPath: true, revisionHash: true, isSmokeTestModel: true },
      });
      if (!model) return { ok: false, kind: "not_found", message: `no model ${input.slug}` } as const;
      // Setting the same folder again re-reads it: a checkpoint replaced in place gets its new revision stored.
      const unchanged =
        model.checkpointPath === resolved.path && model.revisionHash === facts.revisionHash && model.isSmokeTestModel === facts.isSmokeTestModel;
      if (unchanged) return { ok: true, checkpointPath: resolved.path } as const;
      await tx.model.update({ where: { id: model.id }, data: { checkpointPath: resolved.path, ...facts } });
      await recordAuditEvent(tx, actor, {
        action: "model.set-checkpoint-path",
        entityType: "Model",
        entityId: model.id,
        before: { checkpointPath: model.checkpointPath, revisionHash: model.revisionHash, isSmokeTestModel: model.isSmokeTestModel },
        after: { checkpointPath: resolved.path, ...facts },
      });
      return { ok: true, checkpointPath: resolved.path } as const;
    });
  },
});
