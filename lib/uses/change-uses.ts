// A model's uses as a team changes them: add one (the matrix grows by a not-assessed cell per
// risk), edit its facts, move it left or right, retire it. A retired use leaves the matrix, the card
// and the deploy decisions; it and its cells and evidence are kept. Each change is audited on the
// use and guarded by its version: an edit made on a stale page is refused.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";
import { useCode, useSchema } from "../card/schema";
import { CELL_EDIT_ROLE } from "../cells/cell-permissions";
import { conflict, fieldsNow, growMatrix, lastChangedBy, moveDirection, nextCode, type ShapeRefusal } from "../models/matrix-shape";
import { expectedVersion, modelSlugRef } from "../domain/record-id";

const modelSlug = modelSlugRef;
// A person's edit is trimmed, as a risk's title is, so a purpose of spaces alone is refused as empty.
const facts = { ...useSchema.omit({ code: true }).shape, purpose: z.string().trim().pipe(useSchema.shape.purpose) };
const ref = { modelSlug, code: useCode, expectedVersion };

type UseResult = { ok: true; code: string; version: number; cellsAdded?: number } | ShapeRefusal;

export const addUse = defineCommand({
  name: "use.add",
  doing: "adding a use",
  role: CELL_EDIT_ROLE,
  schema: z.object({ modelSlug, ...facts }),
  audit: ["use.add"],
  async run(db, actor, { modelSlug: slug, ...fields }): Promise<UseResult> {
    return db.$transaction(async (tx) => {
      const model = await tx.model.findUnique({
        where: { slug },
        select: { id: true, uses: { select: { code: true, position: true } }, risks: { where: { retiredAt: null }, select: { id: true } } },
      });
      if (!model) return { ok: false, kind: "not_found", message: `no model ${slug}` } as const;
      const code = nextCode(
        "U",
        model.uses.map((use) => use.code),
      );
      const use = await tx.use.create({ data: { modelId: model.id, code, position: Math.max(-1, ...model.uses.map((u) => u.position)) + 1, ...fields } });
      const cellsAdded = await growMatrix(
        tx,
        model.risks.map((risk) => ({ riskId: risk.id, useId: use.id })),
      );
      await recordAuditEvent(tx, actor, { action: "use.add", entityType: "Use", entityId: use.id, after: { code, ...fields, cellsAdded } });
      return { ok: true, code, version: use.version, cellsAdded } as const;
    });
  },
});

export const updateUse = defineCommand({
  name: "use.update",
  doing: "editing a use",
  role: CELL_EDIT_ROLE,
  schema: z.object({ ...ref, ...facts }),
  audit: ["use.update"],
  async run(db, actor, { modelSlug: slug, code, expectedVersion, ...fields }): Promise<UseResult> {
    return db.$transaction(async (tx) => {
      const use = await tx.use.findFirst({ where: { code, model: { slug } } });
      if (!use) return { ok: false, kind: "not_found", message: `no use ${code} in model ${slug}` } as const;
      const before = { purpose: use.purpose, capability: use.capability, aiUser: use.aiUser, aiSubject: use.aiSubject, domain: use.domain };
      if (use.version !== expectedVersion) {
        const changed = fieldsNow(before, fields, {
          purpose: "purpose",
          capability: "capability",
          aiUser: "AI user",
          aiSubject: "AI subject",
          domain: "domain",
        });
        return conflict(code, use.version, await lastChangedBy(tx, "Use", use.id), changed);
      }
      const written = await tx.use.updateMany({ where: { id: use.id, version: expectedVersion }, data: { ...fields, version: { increment: 1 } } });
      if (written.count !== 1) return conflict(code, use.version + 1, null);
      await recordAuditEvent(tx, actor, {
        action: "use.update",
        entityType: "Use",
        entityId: use.id,
        before: { version: use.version, ...before },
        after: { version: use.version + 1, ...fields },
      });
      return { ok: true, code, version: use.version + 1 } as const;
    });
  },
});

export const moveUse = defineCommand({
  name: "use.move",
  doing: "reordering the uses",
  role: CELL_EDIT_ROLE,
  schema: z.object({ ...ref, direction: moveDirection }),
  audit: ["use.move"],
  async run(db, actor, input): Promise<UseResult> {
    return db.$transaction(async (tx) => {
      const uses = await tx.use.findMany({ where: { model: { slug: input.modelSlug }, retiredAt: null }, orderBy: { position: "asc" } });
      const index = uses.findIndex((use) => use.code === input.code);
      if (index < 0) return { ok: false, kind: "not_found", message: `no active use ${input.code} in model ${input.modelSlug}` } as const;
      const use = uses[index];
      if (use.version !== input.expectedVersion) return conflict(input.code, use.version, await lastChangedBy(tx, "Use", use.id));
      const other = uses[input.direction === "up" ? index - 1 : index + 1];
      if (!other)
        return {
          ok: false,
          kind: "invalid",
          message: `${input.code} is already the ${input.direction === "up" ? "first" : "last"} use`,
          issues: [{ path: "direction", message: "nothing to swap with" }],
        } as const;
      await tx.use.update({ where: { id: use.id }, data: { position: other.position, version: { increment: 1 } } });
      await tx.use.update({ where: { id: other.id }, data: { position: use.position } });
      await recordAuditEvent(tx, actor, {
        action: "use.move",
        entityType: "Use",
        entityId: use.id,
        before: { version: use.version },
        after: { version: use.version + 1, swappedWith: other.code },
      });
      return { ok: true, code: use.code, version: use.version + 1 } as const;
    });
  },
});

export const retireUse = defineCommand({
  name: "use.retire",
  doing: "retiring a use",
  role: "APPROVER",
  schema: z.object({ ...ref, reason: freeText("the reason").trim().min(1, "say why the use is retired: it stays in the audit log").max(2000) }),
  audit: ["use.retire"],
  async run(db, actor, input): Promise<UseResult> {
    return db.$transaction(async (tx) => {
      const use = await tx.use.findFirst({ where: { code: input.code, model: { slug: input.modelSlug } } });
      if (!use) return { ok: false, kind: "not_found", message: `no use ${input.code} in model ${input.modelSlug}` } as const;
      if (use.retiredAt)
        return { ok: false, kind: "invalid", message: `${input.code} was retired already`, issues: [{ path: "code", message: "retired already" }] } as const;
      if (use.version !== input.expectedVersion) return conflict(input.code, use.version, await lastChangedBy(tx, "Use", use.id));
      await tx.use.update({ where: { id: use.id }, data: { retiredAt: new Date(), version: { increment: 1 } } });
      await recordAuditEvent(tx, actor, {
        action: "use.retire",
        entityType: "Use",
        entityId: use.id,
        before: { version: use.version },
        after: { version: use.version + 1, retired: true, reason: input.reason },
      });
      return { ok: true, code: use.code, version: use.version + 1 } as const;
    });
  },
});
