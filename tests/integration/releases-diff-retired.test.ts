// A risk, use or mitigation leaves the card when a team retires it, a governance decision with a
// reason in the audit log; its row, cells and evidence are kept. A mitigation may also be merged
// into another. The diff of two releases must tell these from a row that is gone from the database.
import { describe, expect, test } from "vitest";
import { cardFromDb } from "../../lib/card/card-from-db";
import { importCard } from "../../lib/card/import-card";
import { describeMatrixChange, loadReleaseDiff } from "../../lib/releases/diff-releases";
import { publishRelease } from "../../lib/releases/publish-release";
import { retireMitigation } from "../../lib/mitigations/change-mitigations";
import { mergeMitigations } from "../../lib/mitigations/merge";
import { addRisk, retireRisk } from "../../lib/risks/change-risks";
import { retireUse } from "../../lib/uses/change-uses";
import { approver, seededDatabase, slug } from "./releases-setup";

describe("the diff of two releases across a retirement", () => {
  test("says a risk and a use retired between them were retired, not removed", async () => {
    const db = await seededDatabase();
    await db.cell.updateMany({ where: { applies: "NOT_ASSESSED" }, data: { applies: "NO" } });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    const r3 = await db.risk.findFirstOrThrow({ where: { code: "R3" } });
    expect(await retireRisk(db, approver, { modelSlug: slug, code: "R3", expectedVersion: r3.version, reason: "folded into R4" })).toMatchObject({ ok: true });
    const u4 = await db.use.findFirstOrThrow({ where: { code: "U4" } });
    expect(await retireUse(db, approver, { modelSlug: slug, code: "U4", expectedVersion: u4.version, reason: "no longer offered" })).toMatchObject({
      ok: true,
    });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    const lines = (await loadReleaseDiff(db, slug, 1, 2))!.diff.matrixChanges.map(describeMatrixChange);
    expect(lines.filter((line) => !/^R\d+×U\d+: cell retired with (R3|U4)$/.test(line))).toEqual(["R3: risk retired", "U4: use retired"]);
    expect(lines).toContain("R3×U4: cell retired with R3");
    expect(lines).toContain("R1×U4: cell retired with U4");
  });

  test("says a risk and a use retired before the older release and brought back by a card import before the newer were restored, not added", async () => {
    const db = await seededDatabase();
    await db.cell.updateMany({ where: { applies: "NOT_ASSESSED" }, data: { applies: "NO" } });
    const cardWithBoth = (await cardFromDb(db, slug))!;
    const r3 = await db.risk.findFirstOrThrow({ where: { code: "R3" } });
    expect(await retireRisk(db, approver, { modelSlug: slug, code: "R3", expectedVersion: r3.version, reason: "folded into R4" })).toMatchObject({ ok: true });
    const u4 = await db.use.findFirstOrThrow({ where: { code: "U4" } });
    expect(await retireUse(db, approver, { modelSlug: slug, code: "U4", expectedVersion: u4.version, reason: "no longer offered" })).toMatchObject({
      ok: true,
    });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    const importer = { id: null, label: "test importer", role: "ADMIN" } as const;
    expect(await importCard(db, importer, cardWithBoth, { apply: true })).toMatchObject({ ok: true, restored: ["R3", "U4"] });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    const lines = (await loadReleaseDiff(db, slug, 1, 2))!.diff.matrixChanges.map(describeMatrixChange);
    expect(lines.filter((line) => !/^R\d+×U\d+: cell restored with (R3|U4)$/.test(line))).toEqual(["R3: risk restored", "U4: use restored"]);
    expect(lines).toContain("R3×U4: cell restored with R3");
    expect(lines).toContain("R1×U4: cell restored with U4");
    expect(lines).toContain("R3×U1: cell restored with R3");
  });

  test("says a risk added after the older release, then retired and restored, was added", async () => {
    const db = await seededDatabase();
    await db.cell.updateMany({ where: { applies: "NOT_ASSESSED" }, data: { applies: "NO" } });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    expect(await addRisk(db, approver, { modelSlug: slug, title: "Leaks the system prompt", riskType: "CAPABILITY", harmArea: "MALICIOUS_USE" })).toMatchObject(
      {
        ok: true,
        code: "R15",
      },
    );
    await db.cell.updateMany({ where: { risk: { code: "R15" } }, data: { applies: "NO" } });
    const cardWithR15 = (await cardFromDb(db, slug))!;
    const r15 = await db.risk.findFirstOrThrow({ where: { code: "R15" } });
    expect(await retireRisk(db, approver, { modelSlug: slug, code: "R15", expectedVersion: r15.version, reason: "not yet" })).toMatchObject({ ok: true });
    const importer = { id: null, label: "test importer", role: "ADMIN" } as const;
    expect(await importCard(db, importer, cardWithR15, { apply: true })).toMatchObject({ ok: true, restored: ["R15"] });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    const lines = (await loadReleaseDiff(db, slug, 1, 2))!.diff.matrixChanges.map(describeMatrixChange);
    expect(lines).toEqual(["R15: risk added", "R15×U1: cell added", "R15×U2: cell added", "R15×U3: cell added", "R15×U4: cell added"]);
  });

  test("says a mitigation retired before the older release and brought back by a card import before the newer was restored, not added", async () => {
    const db = await seededDatabase();
    await db.cell.updateMany({ where: { applies: "NOT_ASSESSED" }, data: { applies: "NO" } });
    const cardWithIt = (await cardFromDb(db, slug))!;
    const suite = await db.mitigation.findFirstOrThrow({ where: { text: "Run your own suite of tests" } });
    expect(await retireMitigation(db, approver, { mitigationId: suite.id, expectedVersion: suite.version, reason: "covered by the campaigns" })).toMatchObject({
      ok: true,
    });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    expect(await importCard(db, { id: null, label: "test importer", role: "ADMIN" }, cardWithIt, { apply: true })).toMatchObject({ ok: true });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    const lines = (await loadReleaseDiff(db, slug, 1, 2))!.diff.matrixChanges.map(describeMatrixChange);
    const risks = cardWithIt.risks.filter((risk) => risk.mitigations.includes(suite.text)).map((risk) => risk.code);
    expect(risks.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes(suite.text) && !/×/.test(line.split(":")[0]))).toEqual(
      risks.map((risk) => `${risk}: mitigation "${suite.text}" restored`),
    );
  });

  test("says a risk whose row is gone from the database was removed", async () => {
    const db = await seededDatabase();
    await db.cell.updateMany({ where: { applies: "NOT_ASSESSED" }, data: { applies: "NO" } });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    // Nothing in Riskledger deletes a risk; an operator's hand in the database can.
    await db.risk.deleteMany({ where: { code: "R14" } });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    const lines = (await loadReleaseDiff(db, slug, 1, 2))!.diff.matrixChanges.map(describeMatrixChange);
    expect(lines).toEqual(["R14: risk removed", "R14×U1: cell removed", "R14×U2: cell removed", "R14×U3: cell removed", "R14×U4: cell removed"]);
  });

  test("read from the newer release back to the older, a risk added between them is not called retired", async () => {
    const db = await seededDatabase();
    await db.cell.updateMany({ where: { applies: "NOT_ASSESSED" }, data: { applies: "NO" } });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    const added = await addRisk(db, approver, { modelSlug: slug, title: "Leaks the system prompt", riskType: "CAPABILITY", harmArea: "MALICIOUS_USE" });
    expect(added).toMatchObject({ ok: true, code: "R15" });
    await db.cell.updateMany({ where: { risk: { code: "R15" } }, data: { applies: "NO" } });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    expect((await loadReleaseDiff(db, slug, 1, 2))!.diff.matrixChanges.map(describeMatrixChange)).toContain("R15: risk added");
    const backwards = (await loadReleaseDiff(db, slug, 2, 1))!.diff.matrixChanges.map(describeMatrixChange);
    expect(backwards).toContain("R15: risk removed");
    expect(backwards.filter((line) => line.includes("retired"))).toEqual([]);
  });

  test("says a mitigation retired between them was retired, and one merged into another was merged, not removed", async () => {
    const db = await seededDatabase();
    await db.cell.updateMany({ where: { applies: "NOT_ASSESSED" }, data: { applies: "NO" } });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    const mitigation = (text: string) => db.mitigation.findFirstOrThrow({ where: { text } });
    const suite = await mitigation("Run your own suite of tests");
    expect(await retireMitigation(db, approver, { mitigationId: suite.id, expectedVersion: suite.version, reason: "covered by the campaigns" })).toMatchObject({
      ok: true,
    });
    const [kept, merged] = [await mitigation("Perform safety testing"), await mitigation("Prevent harmful responses")];
    expect(await mergeMitigations(db, approver, { keepId: kept.id, mergeId: merged.id })).toMatchObject({ ok: true });
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);

    const lines = (await loadReleaseDiff(db, slug, 1, 2))!.diff.matrixChanges.map(describeMatrixChange);
    expect(lines).toContain('R2: mitigation "Run your own suite of tests" retired');
    expect(lines).toContain('R2: mitigation "Prevent harmful responses" merged into "Perform safety testing"');
    expect(lines.filter((line) => line.endsWith("removed"))).toEqual([]);
  });
});
