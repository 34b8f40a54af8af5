// An admin adds a serving target or changes one: validated, audited, one transaction each.
// Campaigns name a target; a changed target's new address is what the worker calls next, and a
// changed revision makes a running campaign's worker refuse the work (see worker.ts).
import { recordAuditEvent } from "../audit/record-audit-event";
import { servingTargetSchema, type ServingTargetFields } from "./serving-target-schema";
import { defineCommand } from "../commands/define-command";
import { recordId } from "../domain/record-id";

export type SaveServingTargetResult =
  | { ok: true; target: { id: string; name: string } }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "exists"; message: string };

/** A field left out is cleared, not kept: the form always sends the whole target. */
function withNulls(fields: ServingTargetFields) {
  return {
    ...fields,
    apiKeyEnv: fields.apiKeyEnv ?? null,
    promptPricePerMillion: fields.promptPricePerMillion ?? null,
    completionPricePerMillion: fields.completionPricePerMillion ?? null,
  };
}

const editSchema = servingTargetSchema.extend({ id: recordId("the serving target's id") });

export const createServingTarget = defineCommand({
  name: "serving-target.create",
  doing: "configuring serving targets",
  role: "ADMIN",
  schema: servingTargetSchema,
  audit: ["serving-target.create"],
  async run(db, actor, input): Promise<SaveServingTargetResult> {
    const fields = withNulls(input);
    return db.$transaction(async (tx) => {
      if (await tx.servingTarget.findUnique({ where: { name: fields.name } })) {
        return { ok: false, kind: "exists", message: `a serving target named "${fields.name}" already exists` } as const;
      }
      const target = await tx.servingTarget.create({ data: fields });
      await recordAuditEvent(tx, actor, { action: "serving-target.create", entityType: "ServingTarget", entityId: target.id, after: fields });
      return { ok: true, target: { id: target.id, name: target.name } } as const;
    });
  },
});

export const updateServingTarget = defineCommand({
  name: "serving-target.edit",
  doing: "configuring serving targets",
  role: "ADMIN",
  schema: editSchema,
  audit: ["serving-target.edit"],
  async run(db, actor, input): Promise<SaveServingTargetResult> {
    const { id, ...rest } = input;
    const fields = withNulls(rest);
    return db.$transaction(async (tx) => {
      const before = await tx.servingTarget.findUnique({ where: { id } });
      if (!before) return { ok: false, kind: "not_found", message: `no serving target with id ${id}` } as const;
      const clash = await tx.servingTarget.findUnique({ where: { name: fields.name } });
      if (clash && clash.id !== id) return { ok: false, kind: "exists", message: `a serving target named "${fields.name}" already exists` } as const;
      await tx.servingTarget.update({ where: { id }, data: fields });
      const { name, baseUrl, model, declaredRevision, apiKeyEnv, promptPricePerMillion, completionPricePerMillion } = before;
      await recordAuditEvent(tx, actor, {
        action: "serving-target.edit",
        entityType: "ServingTarget",
        entityId: id,
        before: { name, baseUrl, model, declaredRevision, apiKeyEnv, promptPricePerMillion, completionPricePerMillion },
        after: fields,
      });
      return { ok: true, target: { id, name: fields.name } } as const;
    });
  },
});
