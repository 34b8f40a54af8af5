// Issue 14: "scale levels with text (editable per model by an admin)". The wording is the model's,
// read by the cell editor when it opens; only an admin changes it, and each change is audited.
import { describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { riskLevel } from "../../lib/domain/level";
import { loadCellEditing } from "../../lib/matrix/cell-editing";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { DEFAULT_SCALE_TEXTS, loadScaleTexts, setScaleTexts } from "../../lib/models/scale-texts";
import { reviewer, seededDatabase, slug } from "./releases-setup";

const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };
const medical = {
  likelihood: DEFAULT_SCALE_TEXTS.likelihood,
  severity: { ...DEFAULT_SCALE_TEXTS.severity, 4: "major: a patient acts on wrong medical advice and is harmed" },
};

async function scaleEvents(db: Awaited<ReturnType<typeof seededDatabase>>) {
  return db.auditEvent.count({ where: { action: "model.set-scale-texts" } });
}

describe("a model's wording of the scales", () => {
  test("starts as the defaults, and an admin's wording reaches the matrix and what the cell editor loads, audited once", async () => {
    const db = await seededDatabase();
    expect(await loadScaleTexts(db, slug)).toEqual(DEFAULT_SCALE_TEXTS);

    expect(await setScaleTexts(db, admin, { slug, scaleTexts: medical })).toEqual({ ok: true, scaleTexts: medical });
    const matrix = (await loadMatrix(db, slug))!;
    expect(matrix.model.scaleTexts.severity[4]).toBe("major: a patient acts on wrong medical advice and is harmed");
    const editing = await loadCellEditing(db, matrix.risks[0].cells[matrix.uses[0].code].id);
    expect(editing!.scaleTexts.severity[4]).toBe("major: a patient acts on wrong medical advice and is harmed");
    expect(await scaleEvents(db)).toBe(1);

    // Saving the same wording again changes nothing and logs nothing.
    expect((await setScaleTexts(db, admin, { slug, scaleTexts: medical })).ok).toBe(true);
    expect(await scaleEvents(db)).toBe(1);
    // The wording changes no level.
    expect(riskLevel(4, 4)).toEqual({ score: 16, level: "CRITICAL" });
  });

  test("an empty step is refused naming the scale and the step, and nothing changes", async () => {
    const db = await seededDatabase();
    const result = await setScaleTexts(db, admin, { slug, scaleTexts: { ...medical, likelihood: { ...medical.likelihood, 3: "   " } } });

    expect(result).toMatchObject({ ok: false, kind: "invalid" });
    expect(!result.ok && result.message).toContain("likelihood 3: say what it means (it is empty)");
    expect(await loadScaleTexts(db, slug)).toEqual(DEFAULT_SCALE_TEXTS);
    expect(await scaleEvents(db)).toBe(0);
  });

  test("a reviewer may not reword them", async () => {
    const db = await seededDatabase();
    expect(await setScaleTexts(db, reviewer, { slug, scaleTexts: medical })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await loadScaleTexts(db, slug)).toEqual(DEFAULT_SCALE_TEXTS);
  });
});
