// An admin adds a serving target or changes one: validated, audited, one transaction each.
// Campaigns name a target; a changed target's new address is what the worker calls next, and a
// changed revision makes a running campaign's worker refuse the work (see worker.ts).
import type { Actor } from "../auth/actor";
import { hasRole } from "../auth/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/types";
import { servingTargetSchema } from "./serving-target-schema";
import { z } from "zod";

export type SaveServingTargetResult =
  | { ok: true; target: { id: string; name: string } }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "exists"; message: string };

const editSchema = servingTargetSchema.extend({ id: z.string().min(1).max(100) });

export async function createServingTarget(db: Db, actor: Actor, input: unknown): Promise<SaveServingTargetResult> {
  const parsed = servingTargetSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  if (!hasRole(actor, "ADMIN")) return notAdmin(actor);
  const fields = { ...parsed.data, apiKeyEnv: parsed.data.apiKeyEnv ?? null };
  return db.$transaction(async (tx) => {
    if (await tx.servingTarget.findUnique({ where: { name: fields.name } })) {
      return { ok: false, kind: "exists", message: `a serving target named "${fields.name}" already exists` } as const;
    }
    const target = await tx.servingTarget.create({ data: fields });
    await recordAuditEvent(tx, actor, { action: "serving-target.create", entityType: "ServingTarget", entityId: target.id, after: fields });
    return { ok: true, target: { id: target.id, name: target.name } } as const;
  });
}

export async function updateServingTarget(db: Db, actor: Actor, input: unknown): Promise<SaveServingTargetResult> {
  const parsed = editSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  if (!hasRole(actor, "ADMIN")) return notAdmin(actor);
  const { id, ...rest } = parsed.data;
  const fields = { ...rest, apiKeyEnv: rest.apiKeyEnv ?? null };
  return db.$transaction(async (tx) => {
    const before = await tx.servingTarget.findUnique({ where: { id } });
    if (!before) return { ok: false, kind: "not_found", message: `no serving target with id ${id}` } as const;
    const clash = await tx.servingTarget.findUnique({ where: { name: fields.name } });
    if (clash && clash.id !== id) return { ok: false, kind: "exists", message: `a serving target named "${fields.name}" already exists` } as const;
    await tx.servingTarget.update({ where: { id }, data: fields });
    const { name, baseUrl, model, declaredRevision, apiKeyEnv } = before;
    await recordAuditEvent(tx, actor, {
      action: "serving-target.edit",
      entityType: "ServingTarget",
      entityId: id,
      before: { name, baseUrl, model, declaredRevision, apiKeyEnv },
      after: fields,
    });
    return { ok: true, target: { id, name: fields.name } } as const;
  });
}

function invalid(error: z.ZodError) {
  return { ok: false, kind: "invalid", message: error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") } as const;
}

function notAdmin(actor: Actor) {
  return { ok: false, kind: "forbidden", message: `${actor.label} is a ${actor.role.toLowerCase()}: configuring serving targets needs the admin role` } as const;
}
