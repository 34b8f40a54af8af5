// An admin names the model a fine-tune was made from (Stable Beluga 2 -> Llama-2-70B), or clears
// it. The base must be another model already here, and naming it must not close a loop: a model
// cannot be, through any number of bases, its own base. Audited on the fine-tune; the base itself
// is never written.
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand, invalidInput, type InvalidInput } from "../commands/define-command";
import { modelFactsSchema } from "../card/schema";
import type { Db, DbTransaction } from "../db/types";

const slug = modelFactsSchema.shape.slug;

export const baseModelSchema = z.object({
  slug,
  /** null clears the base. */
  baseSlug: slug.nullable(),
});

export type SetBaseModelResult =
  | { ok: true; base: { slug: string; name: string } | null }
  | InvalidInput
  | { ok: false; kind: "forbidden" | "not_found"; message: string };

export const setBaseModel = defineCommand({
  name: "model.set-base-model",
  doing: "setting a model's base model",
  role: "ADMIN",
  schema: baseModelSchema,
  audit: ["model.set-base-model"],
  async run(db, actor, input): Promise<SetBaseModelResult> {
    return db.$transaction(async (tx) => {
      const model = await tx.model.findUnique({
        where: { slug: input.slug },
        select: { id: true, name: true, baseModel: { select: { id: true, slug: true, name: true } } },
      });
      if (!model) return { ok: false, kind: "not_found", message: `no model ${input.slug}` } as const;
      const base =
        input.baseSlug === null ? null : await tx.model.findUnique({ where: { slug: input.baseSlug }, select: { id: true, slug: true, name: true } });
      if (input.baseSlug !== null && !base) return invalidInput([{ path: "baseSlug", message: `there is no model "${input.baseSlug}" to name as the base` }]);
      if (base && base.id === model.id) return invalidInput([{ path: "baseSlug", message: `${model.name} cannot be its own base model` }]);
      if (base) {
        const line = await basesAbove(tx, base.id);
        const loop = line.findIndex((ancestor) => ancestor.id === model.id);
        if (loop >= 0) {
          const path = [base, ...line.slice(0, loop + 1)].map((ancestor) => ancestor.name).join(" -> ");
          return invalidInput([
            { path: "baseSlug", message: `${base.name} cannot be the base of ${model.name}: ${base.name}'s own bases lead back to ${model.name} (${path})` },
          ]);
        }
      }
      const before = model.baseModel ? { slug: model.baseModel.slug, name: model.baseModel.name } : null;
      const after = base ? { slug: base.slug, name: base.name } : null;
      if (before?.slug !== after?.slug) {
        await tx.model.update({ where: { id: model.id }, data: { baseModelId: base?.id ?? null } });
        await recordAuditEvent(tx, actor, {
          action: "model.set-base-model",
          entityType: "Model",
          entityId: model.id,
          before: { baseModel: before },
          after: { baseModel: after },
        });
      }
      return { ok: true, base: after } as const;
    });
  },
});

/** The bases above a model, nearest first; a model seen twice ends the walk rather than spinning. */
async function basesAbove(tx: DbTransaction, modelId: string): Promise<{ id: string; name: string }[]> {
  const line: { id: string; name: string }[] = [];
  const seen = new Set([modelId]);
  let next = (await tx.model.findUnique({ where: { id: modelId }, select: { baseModel: { select: { id: true, name: true } } } }))?.baseModel;
  while (next && !seen.has(next.id)) {
    line.push(next);
    seen.add(next.id);
    next = (await tx.model.findUnique({ where: { id: next.id }, select: { baseModel: { select: { id: true, name: true } } } }))?.baseModel;
  }
  return line;
}

export interface BaseModelSetting {
  base: { slug: string; name: string } | null;
  /** Every other model, by name, that could be named as the base. */
  candidates: { slug: string; name: string }[];
}

export async function loadBaseModelSetting(db: Db, modelSlug: string): Promise<BaseModelSetting | null> {
  const model = await db.model.findUnique({ where: { slug: modelSlug }, select: { id: true, baseModel: { select: { slug: true, name: true } } } });
  if (!model) return null;
  const candidates = await db.model.findMany({ where: { id: { not: model.id } }, orderBy: { name: "asc" }, select: { slug: true, name: true } });
  return { base: model.baseModel, candidates };
}
