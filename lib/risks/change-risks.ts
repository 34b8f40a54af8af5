// A model's risks as a team changes them: add one when an incident shows it (the matrix grows by a
// not-assessed cell per use), edit its title, type or harm area, move it up or down, retire it. A
// retired risk leaves the matrix and the card; it and its cells and evidence are kept. Each change
// is audited on the risk and guarded by its version: an edit made on a stale page is refused.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";
import { harmAreaSchema, riskCode, riskTitle, riskTypeSchema } from "../card/schema";
import { CELL_EDIT_ROLE } from "../cells/cell-permissions";
import { harmAreaLabel, riskTypeLabel } from "../domain/vocabulary";
import { conflict, fieldsNow, growMatrix, lastChangedBy, moveDirection, nextCode, type ShapeRefusal } from "../models/matrix-shape";
import { expectedVersion, modelSlugRef } from "../domain/record-id";

const modelSlug = modelSlugRef;
const title = z.string().trim().pipe(riskTitle);
const ref = { modelSlug, code: riskCode, expectedVersion };

type RiskResult = { ok: true; code: string; version: number; cellsAdded?: number } | ShapeRefusal;

export const addRisk = defineCommand({
  name: "risk.add",
  doing: "adding a risk",
  role: CELL_EDIT_ROLE,
  schema: z.object({ modelSlug, title, riskType: riskTypeSchema, harmArea: harmAreaSchema }),
  audit: ["risk.add"],
  async run(db, actor, input): Promise<RiskResult> {
    return db.$transaction(async (tx) => {
      const model = await tx.model.findUnique({
        where: { slug: input.modelSlug },
        select: {
          id: true,
          risks: { select: { code: true, position: true } },
          uses: { where: { retiredAt: null }, select: { id: true } },
          baseModel: { select: { risks: { select: { code: true } } } },
        },
      });
      if (!model) return { ok: false, kind: "not_found", message: `no model ${input.modelSlug}` } as const;
      // After the base's codes too: a new risk of a fine-tune must not take an inherited risk's code and hide it.
      const code = nextCode(
        "R",
        [...model.risks, ...(model.baseModel?.risks ?? [])].map((risk) => risk.code),
      );
      const risk = await tx.risk.create({
        data: {
          modelId: model.id,
          code,
          position: Math.max(-1, ...model.risks.map((r) => r.position)) + 1,
          title: input.title,
          riskType: input.riskType,
          harmArea: input.harmArea,
        },
      });
      const cellsAdded = await growMatrix(
        tx,
        model.uses.map((use) => ({ riskId: risk.id, useId: use.id })),
      );
      await recordAuditEvent(tx, actor, {
        action: "risk.add",
        entityType: "Risk",
        entityId: risk.id,
        after: { code, title: input.title, riskType: input.riskType, harmArea: input.harmArea, cellsAdded },
      });
      return { ok: true, code, version: risk.version, cellsAdded } as const;
    });
  },
});

export const updateRisk = defineCommand({
  name: "risk.update",
  doing: "editing a risk",
  role: CELL_EDIT_ROLE,
  schema: z.object({ ...ref, title, riskType: riskTypeSchema, harmArea: harmAreaSchema }),
  audit: ["risk.update"],
  async run(db, actor, input): Promise<RiskResult> {
    return db.$transaction(async (tx) => {
      const risk = await tx.risk.findFirst({ where: { code: input.code, model: { slug: input.modelSlug } } });
      if (!risk) return { ok: false, kind: "not_found", message: `no risk ${input.code} in model ${input.modelSlug}` } as const;
      const before = { title: risk.title, riskType: risk.riskType, harmArea: risk.harmArea };
      const after = { title: input.title, riskType: input.riskType, harmArea: input.harmArea };
      if (risk.version !== input.expectedVersion) {
        const changed = fieldsNow(
          { ...before, riskType: riskTypeLabel[before.riskType], harmArea: harmAreaLabel[before.harmArea] },
          { ...after, riskType: riskTypeLabel[after.riskType], harmArea: harmAreaLabel[after.harmArea] },
          { title: "title", riskType: "risk type", harmArea: "harm area" },
        );
        return conflict(input.code, risk.version, await lastChangedBy(tx, "Risk", risk.id), changed);
      }
      const written = await tx.risk.updateMany({ where: { id: risk.id, version: input.expectedVersion }, data: { ...after, version: { increment: 1 } } });
      if (written.count !== 1) return conflict(input.code, risk.version + 1, null);
      await recordAuditEvent(tx, actor, {
        action: "risk.update",
        entityType: "Risk",
        entityId: risk.id,
        before: { version: risk.version, ...before },
        after: { version: risk.version + 1, ...after },
      });
      return { ok: true, code: risk.code, version: risk.version + 1 } as const;
    });
  },
});

export const moveRisk = defineCommand({
  name: "risk.move",
  doing: "reordering the risks",
  role: CELL_EDIT_ROLE,
  schema: z.object({ ...ref, direction: moveDirection }),
  audit: ["risk.move"],
  async run(db, actor, input): Promise<RiskResult> {
    return db.$transaction(async (tx) => {
      const risks = await tx.risk.findMany({ where: { model: { slug: input.modelSlug }, retiredAt: null }, orderBy: { position: "asc" } });
      const index = risks.findIndex((risk) => risk.code === input.code);
      if (index < 0) return { ok: false, kind: "not_found", message: `no active risk ${input.code} in model ${input.modelSlug}` } as const;
      const risk = risks[index];
      if (risk.version !== input.expectedVersion) return conflict(input.code, risk.version, await lastChangedBy(tx, "Risk", risk.id));
      const other = risks[input.direction === "up" ? index - 1 : index + 1];
      if (!other)
        return {
          ok: false,
          kind: "invalid",
          message: `${input.code} is already the ${input.direction === "up" ? "first" : "last"} risk`,
          issues: [{ path: "direction", message: "nothing to swap with" }],
        } as const;
      await tx.risk.update({ where: { id: risk.id }, data: { position: other.position, version: { increment: 1 } } });
      await tx.risk.update({ where: { id: other.id }, data: { position: risk.position } });
      await recordAuditEvent(tx, actor, {
        action: "risk.move",
        entityType: "Risk",
        entityId: risk.id,
        before: { version: risk.version, after: index > 0 ? risks[index - 1].code : null },
        after: { version: risk.version + 1, swappedWith: other.code },
      });
      return { ok: true, code: risk.code, version: risk.version + 1 } as const;
    });
  },
});

export const retireRisk = defineCommand({
  name: "risk.retire",
  doing: "retiring a risk",
  role: "APPROVER",
  schema: z.object({ ...ref, reason: freeText("the reason").trim().min(1, "say why the risk is retired: it stays in the audit log").max(2000) }),
  audit: ["risk.retire"],
  async run(db, actor, input): Promise<RiskResult> {
    return db.$transaction(async (tx) => {
      const risk = await tx.risk.findFirst({ where: { code: input.code, model: { slug: input.modelSlug } } });
      if (!risk) return { ok: false, kind: "not_found", message: `no risk ${input.code} in model ${input.modelSlug}` } as const;
      if (risk.retiredAt)
        return { ok: false, kind: "invalid", message: `${input.code} was retired already`, issues: [{ path: "code", message: "retired already" }] } as const;
      if (risk.version !== input.expectedVersion) return conflict(input.code, risk.version, await lastChangedBy(tx, "Risk", risk.id));
      await tx.risk.update({ where: { id: risk.id }, data: { retiredAt: new Date(), version: { increment: 1 } } });
      await recordAuditEvent(tx, actor, {
        action: "risk.retire",
        entityType: "Risk",
        entityId: risk.id,
        before: { version: risk.version },
        after: { version: risk.version + 1, retired: true, reason: input.reason },
      });
      return { ok: true, code: risk.code, version: risk.version + 1 } as const;
    });
  },
});
