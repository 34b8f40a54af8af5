// A use's bar in one step: the failure threshold and minimum sample for every cell of a use (a
// medical use holds its cells to a stricter bar than ad copy). Each cell changes as updateCell changes
// it, so each change is audited on its cell and an approved cell whose bar moves returns to review;
// all in one transaction, so the use's cells never hold two bars.
import { z } from "zod";
import { useCode } from "../card/schema";
import { failureThresholdSchema, minSampleSizeSchema } from "../cells/cell-edit-schema";
import { CELL_EDIT_ROLE, isApprovalStatus } from "../cells/cell-permissions";
import { ConflictDetected, editCellIn } from "../cells/update-cell";
import { defineCommand } from "../commands/define-command";
import { modelSlugRef } from "../domain/record-id";

export const useThresholdSchema = z.object({
  modelSlug: modelSlugRef,
  useCode,
  failureThreshold: failureThresholdSchema,
  minSampleSize: minSampleSizeSchema,
});

export type SetUseThresholdResult =
  | { ok: true; changed: number; reopened: number }
  | { ok: false; kind: "not_found"; message: string }
  | { ok: false; kind: "conflict"; message: string };

/** A cell refused the bar: the transaction rolls back, so no cell keeps it. */
class CellRefused extends Error {}

export const setUseThreshold = defineCommand({
  name: "use.set-threshold",
  doing: "setting a use's failure threshold",
  role: CELL_EDIT_ROLE,
  schema: useThresholdSchema,
  audit: ["cell.update", "cell.update-reopened"],
  async run(db, actor, { modelSlug, useCode: code, failureThreshold, minSampleSize }): Promise<SetUseThresholdResult> {
    try {
      return await db.$transaction(
        async (tx) => {
          const cells = await tx.cell.findMany({
            // A retired risk's cells are off the matrix and refuse edits; they keep the bar they were tested to.
            where: { use: { code, model: { slug: modelSlug } }, risk: { retiredAt: null } },
            select: { id: true, version: true, reviewStatus: true, failureThreshold: true, minSampleSize: true, risk: { select: { code: true } } },
            orderBy: { risk: { position: "asc" } },
          });
          if (cells.length === 0) return { ok: false, kind: "not_found", message: `no use ${code} in model ${modelSlug}` } as const;
          let changed = 0;
          let reopened = 0;
          for (const cell of cells) {
            if (cell.failureThreshold === failureThreshold && cell.minSampleSize === minSampleSize) continue;
            const edit = { ref: { cellId: cell.id }, expectedVersion: cell.version, changes: { failureThreshold, minSampleSize } };
            const result = await editCellIn(tx, actor, edit, null);
            if (!result.ok) throw new CellRefused(`${cell.risk.code}×${code}: ${result.message}`);
            changed += 1;
            if (isApprovalStatus(cell.reviewStatus) && !isApprovalStatus(result.cell.reviewStatus)) reopened += 1;
          }
          return { ok: true, changed, reopened } as const;
        },
        // A model may have many risks; the default 5 s is for one cell's edit.
        { timeout: 60_000 },
      );
    } catch (error) {
      if (error instanceof CellRefused) return { ok: false, kind: "conflict", message: `${error.message}; no cell of ${code} was changed` };
      if (error instanceof ConflictDetected)
        return { ok: false, kind: "conflict", message: `a cell of ${code} changed while its bar was being set; no cell was changed: try again` };
      throw error;
    }
  },
});
