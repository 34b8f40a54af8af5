// A fine-tune inherits its base's risks it has no row for (matched by code), on a real database:
// Stable Beluga 2, named a fine-tune of Llama-2-70B, shows Llama-2-70B's R15 as inherited on its
// risks page and matrix; adopting R15 makes it Stable Beluga 2's own row, retiring it records a
// retired copy for Stable Beluga 2 alone; neither writes a row of the base.
import { beforeEach, describe, expect, test } from "vitest";
import type { Db } from "../../lib/db/types";
import { adoptInheritedRisk, retireInheritedRisk } from "../../lib/inheritance/inherited-risk-changes";
import { setBaseModel } from "../../lib/inheritance/set-base-model";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { addRisk } from "../../lib/risks/change-risks";
import { approver, reviewer } from "./releases-setup";
import { admin, base, baseName, fineTune, fineTuneOfBase, modelRows } from "./inheritance-setup";

let db: Db;
beforeEach(async () => {
  db = await fineTuneOfBase();
});

describe("inherited risks", () => {
  test("the fine-tune's matrix shows the base's R15, which it has no row for, as inherited from the base, and none of the risks it has itself", async () => {
    const matrix = (await loadMatrix(db, fineTune))!;

    expect(matrix.inherited?.base).toMatchObject({ slug: base, name: baseName });
    expect(matrix.inherited?.risks.map((risk) => [risk.code, risk.title])).toEqual([["R15", "Repeats memorised training data"]]);
    expect(Object.keys(matrix.inherited!.risks[0].cells)).toEqual(["U1", "U2", "U3", "U4"]);
    expect(matrix.risks.map((risk) => risk.code)).not.toContain("R15");
  });

  test("a model without a base inherits nothing", async () => {
    await setBaseModel(db, admin, { slug: fineTune, baseSlug: null });
    expect((await loadMatrix(db, fineTune))!.inherited).toBeNull();
  });

  test("a risk the base has retired is not inherited", async () => {
    await db.risk.updateMany({ where: { model: { slug: base }, code: "R15" }, data: { retiredAt: new Date() } });
    expect((await loadMatrix(db, fineTune))!.inherited?.risks).toEqual([]);
  });

  test("adopting R15 copies it, with its mitigations, into the fine-tune as its own row with a not-assessed cell per use, audited, and writes nothing of the base", async () => {
    const baseR15 = await db.risk.findFirstOrThrow({ where: { model: { slug: base }, code: "R15" } });
    const mitigation = await db.mitigation.create({ data: { modelId: baseR15.modelId, text: "Deduplicate the training data" } });
    await db.riskMitigation.create({ data: { riskId: baseR15.id, mitigationId: mitigation.id, position: 0 } });
    const baseBefore = await modelRows(db, base);

    const result = await adoptInheritedRisk(db, reviewer, { modelSlug: fineTune, code: "R15" });

    expect(result).toEqual({ ok: true, code: "R15", cellsAdded: 4 });
    expect(await modelRows(db, base)).toBe(baseBefore);
    const matrix = (await loadMatrix(db, fineTune))!;
    expect(matrix.inherited?.risks).toEqual([]);
    const own = matrix.risks.find((risk) => risk.code === "R15")!;
    expect(own).toMatchObject({ title: "Repeats memorised training data", riskType: "CAPABILITY", harmArea: "INFORMATION_AND_SAFETY" });
    expect(own.mitigations.map((m) => m.text)).toEqual(["Deduplicate the training data"]);
    expect(Object.values(own.cells).map((cell) => cell.applies)).toEqual(["NOT_ASSESSED", "NOT_ASSESSED", "NOT_ASSESSED", "NOT_ASSESSED"]);
    const risk = await db.risk.findFirstOrThrow({ where: { model: { slug: fineTune }, code: "R15" } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "risk.adopt" } });
    expect(event).toMatchObject({ entityType: "Risk", entityId: risk.id, actorLabel: reviewer.label });
    expect(event.after).toMatchObject({ code: "R15", inheritedFrom: base, cellsAdded: 4 });
  });

  test("retiring the inherited R15 records a retired copy for the fine-tune alone: it leaves the fine-tune's inherited rows, the base keeps it active and unchanged", async () => {
    const baseBefore = await modelRows(db, base);

    const result = await retireInheritedRisk(db, approver, {
      modelSlug: fineTune,
      code: "R15",
      reason: "Stable Beluga 2 is served without training data access.",
    });

    expect(result).toEqual({ ok: true, code: "R15" });
    expect(await modelRows(db, base)).toBe(baseBefore);
    const copy = await db.risk.findFirstOrThrow({ where: { model: { slug: fineTune }, code: "R15" }, include: { cells: true } });
    expect(copy.retiredAt).toBeInstanceOf(Date);
    expect(copy.cells).toEqual([]);
    const matrix = (await loadMatrix(db, fineTune))!;
    expect(matrix.inherited?.risks).toEqual([]);
    expect(matrix.risks.map((risk) => risk.code)).not.toContain("R15");
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "risk.retire-inherited" } });
    expect(event).toMatchObject({ entityType: "Risk", entityId: copy.id, actorLabel: approver.label });
    expect(event.after).toMatchObject({ code: "R15", inheritedFrom: base, retired: true, reason: "Stable Beluga 2 is served without training data access." });
  });

  test("only an approver may retire an inherited risk, as for the model's own", async () => {
    expect(await retireInheritedRisk(db, reviewer, { modelSlug: fineTune, code: "R15", reason: "not ours" })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await db.risk.count({ where: { model: { slug: fineTune }, code: "R15" } })).toBe(0);
  });

  test("refuses, naming why, a code the base has no risk for, a code the fine-tune has already, and a model without a base; nothing changes", async () => {
    const before = await modelRows(db, fineTune);
    const audited = await db.auditEvent.count();

    expect(await adoptInheritedRisk(db, reviewer, { modelSlug: fineTune, code: "R99" })).toMatchObject({
      ok: false,
      kind: "invalid",
      message: "code: Llama-2-70B has no risk R99 for Stable Beluga 2 to inherit",
    });
    expect(await adoptInheritedRisk(db, reviewer, { modelSlug: fineTune, code: "R3" })).toMatchObject({
      ok: false,
      kind: "invalid",
      message: "code: R3 is Stable Beluga 2's own risk already: it is not inherited",
    });
    expect(await adoptInheritedRisk(db, reviewer, { modelSlug: "no-such-model", code: "R15" })).toMatchObject({ ok: false, kind: "not_found" });
    expect(await modelRows(db, fineTune)).toBe(before);
    expect(await db.auditEvent.count()).toBe(audited);

    await setBaseModel(db, admin, { slug: fineTune, baseSlug: null });
    const withoutBase = await modelRows(db, fineTune);
    expect(await retireInheritedRisk(db, approver, { modelSlug: fineTune, code: "R15", reason: "x" })).toMatchObject({
      ok: false,
      kind: "invalid",
      message: "modelSlug: Stable Beluga 2 has no base model: it inherits no risks",
    });
    expect(await modelRows(db, fineTune)).toBe(withoutBase);
  });

  test("a risk added to the fine-tune takes the code after its base's too, so it never hides an inherited risk", async () => {
    const added = await addRisk(db, reviewer, {
      modelSlug: fineTune,
      title: "Leaks its system prompt",
      riskType: "CAPABILITY",
      harmArea: "INFORMATION_AND_SAFETY",
    });
    expect(added).toMatchObject({ ok: true, code: "R16" });
    expect((await loadMatrix(db, fineTune))!.inherited?.risks.map((risk) => risk.code)).toEqual(["R15"]);
  });
});
