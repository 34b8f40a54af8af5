// Issue 14's speed point: the matrix page sent every cell's full judgement to the browser for the
// cell editor, most of the page's hydration payload. The grid now carries each cell's glance only,
// and the editor loads the rest when it opens; on a real database (a fine-tune with inherited
// evidence), what the editor loads is exactly the cell the matrix loader computes.
import { beforeEach, describe, expect, test } from "vitest";
import type { Db } from "../../lib/db/types";
import { loadAttachedEvidence } from "../../lib/evidence/attach-evidence";
import { loadCellEditing } from "../../lib/matrix/cell-editing";
import { loadCellHistory } from "../../lib/matrix/load-cell-history";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { toMatrixGrid } from "../../lib/matrix/matrix-grid";
import { addCleanEvidence, base, fineTune, fineTuneOfBase } from "./inheritance-setup";

let db: Db;
beforeEach(async () => {
  db = await fineTuneOfBase();
  await addCleanEvidence(db, base, "R1", "U1");
});

describe("the matrix grid and the cell editor's load", () => {
  test("the grid's cells carry what a cell shows, filters and sorts by, and none of the editor's fields", async () => {
    const grid = toMatrixGrid((await loadMatrix(db, fineTune))!);
    const cell = grid.risks.find((risk) => risk.code === "R1")!.cells.U1;

    expect(Object.keys(cell).sort()).toEqual(["applies", "evidence", "id", "inherited", "level", "ownerId", "reviewStatus", "score"]);
    expect(cell.evidence).not.toHaveProperty("needsReview");
    expect(cell.inherited).toMatchObject({ evidence: { status: "PASS", n: 300 } });
    expect(JSON.stringify(grid)).not.toMatch(/"(approval|mitigationStatus|acceptanceJustification|scaleTexts|needsReview)"/);
  });

  test("the editor's load of each cell is the matrix's own view of it, with its risk's mitigations and the model's scale texts", async () => {
    const matrix = (await loadMatrix(db, fineTune))!;
    for (const risk of matrix.risks) {
      for (const use of matrix.uses) {
        const editing = (await loadCellEditing(db, risk.cells[use.code].id))!;
        expect(editing.cell).toEqual(risk.cells[use.code]);
        expect(editing.risk).toEqual({ code: risk.code, title: risk.title, harmArea: risk.harmArea, mitigations: risk.mitigations });
        expect(editing.use).toEqual({ code: use.code, purpose: use.purpose });
        expect(editing.scaleTexts).toEqual(matrix.model.scaleTexts);
        expect(editing.history).toEqual(await loadCellHistory(db, editing.cell.id));
        expect(editing.attachedEvidence).toEqual(await loadAttachedEvidence(db, editing.cell.id));
      }
    }
  });

  test("a cell id that is not there loads nothing", async () => {
    expect(await loadCellEditing(db, "no-such-cell")).toBeNull();
  });
});
