// Many models with an editable shape, on a real database: a second model created from an uploaded
// card (previewed with its differences first, written only when confirmed), from a template and
// blank; risks and uses added (the matrix grows), edited under optimistic concurrency, moved and
// retired (the row leaves the matrix and the card, its cells stay); the portfolio counts them.
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { cardFromDb } from "../../lib/card/card-from-db";
import { importCard } from "../../lib/card/import-card";
import type { Card } from "../../lib/card/schema";
import { cardSourcePath } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { loadAuditLog } from "../../lib/audit/load-audit-log";
import { createModel } from "../../lib/models/create-model";
import { loadModelOverview } from "../../lib/models/load-model-overview";
import { loadPortfolio } from "../../lib/models/load-portfolio";
import { compareModels } from "../../lib/models/compare-models";
import { addRisk, moveRisk, retireRisk, updateRisk } from "../../lib/risks/change-risks";
import { addUse, retireUse } from "../../lib/uses/change-uses";
import { approver, reviewer, seededDatabase, slug, viewer } from "./releases-setup";

let db: Db;
const markdown = readFileSync(cardSourcePath(slug), "utf8");
const other: Actor = { id: null, label: "Olga Other", role: "REVIEWER" };

beforeEach(async () => {
  db = await seededDatabase();
});

describe("creating a model", () => {
  it("previews an uploaded card with its differences from the compared model, writes nothing, then creates it on confirmation", async () => {
    const edited = markdown.replace("**Underperforms in non-English languages**", "**Underperforms in languages other than English**");
    const preview = await createModel(db, reviewer, { from: "card", slug: "beluga-upload", markdown: edited, compareWith: slug });
    expect(preview).toMatchObject({ ok: true, created: false });
    if (!preview.ok || preview.created) throw new Error("no preview");
    expect(preview.preview.counts).toEqual({ risks: 14, uses: 4, cells: 56, mitigations: 21 });
    expect(preview.preview.warnings.some((warning) => /claims 18/.test(warning))).toBe(true);
    expect(preview.preview.differences).toEqual([
      { where: "risk R14 title", stored: "Underperforms in non-English languages", incoming: "Underperforms in languages other than English" },
    ]);
    expect(await db.model.count()).toBe(1);

    expect(await createModel(db, reviewer, { from: "card", slug: "beluga-upload", markdown: edited, confirm: true })).toEqual({
      ok: true,
      created: true,
      slug: "beluga-upload",
    });
    const matrix = (await loadMatrix(db, "beluga-upload"))!;
    expect(matrix.risks).toHaveLength(14);
    expect(matrix.risks[13].title).toBe("Underperforms in languages other than English");
    expect(await db.auditEvent.count({ where: { action: "model.create" } })).toBe(1);
  });

  it("refuses a card the importer cannot read, naming the section and line, an existing slug, and a viewer, writing nothing", async () => {
    const broken = await createModel(db, reviewer, {
      from: "card",
      slug: "broken",
      markdown: "# A card\n\n## Model Description\n\nNothing else.\n",
      confirm: true,
    });
    expect(broken).toMatchObject({ ok: false, kind: "invalid" });
    expect(broken.ok ? "" : broken.message).toMatch(/^markdown: Card format error in ".+" at line \d+/);
    expect(await createModel(db, reviewer, { from: "blank", slug, name: "Again" })).toMatchObject({ ok: false, kind: "exists" });
    expect(await createModel(db, viewer, { from: "blank", slug: "seen", name: "Seen" })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await db.model.count()).toBe(1);
  });

  it("refuses an uploaded card nested 900,000 blockquotes deep or with a YAML alias bomb as invalid input, creating nothing", async () => {
    const deep = await createModel(db, reviewer, { from: "card", slug: "deep", markdown: `# M\n\n${">".repeat(900_000)} x`, confirm: true });
    expect(deep.ok ? "" : deep.message).toBe("markdown: a model card is at most 256 KB");
    // Within the size limit, the nesting is what is refused.
    const nested = await createModel(db, reviewer, { from: "card", slug: "deep", markdown: `# M\n\n${">".repeat(200_000)} x`, confirm: true });
    expect(nested).toMatchObject({ ok: false, kind: "invalid" });
    expect(nested.ok ? "" : nested.message).toMatch(/^markdown: Card format error in "markdown" at line 3: blockquote or list nesting deeper than 50 levels/);

    const anchors = Array.from({ length: 9 }, (_, level) =>
      level === 0
        ? "a0: &a0 [x,x,x,x,x,x,x,x,x,x]"
        : `a${level}: &a${level} [${Array(10)
            .fill(`*a${level - 1}`)
            .join(",")}]`,
    );
    const bomb = await createModel(db, reviewer, { from: "card", slug: "bomb", markdown: `---\n${anchors.join("\n")}\n---\n\n# M\n`, confirm: true });
    expect(bomb).toMatchObject({ ok: false, kind: "invalid" });
    expect(bomb.ok ? "" : bomb.message).toMatch(/^markdown: Card format error in "front matter" at line 1: the YAML cannot be read: Excessive alias count/);
    expect(await db.model.count()).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "model.create" } })).toBe(0);
  });

  it("refuses an uploaded card over the reader's 256 KB with the same limit whatever its size", async () => {
    for (const kilobytes of [300, 3_000]) {
      const big = await createModel(db, reviewer, { from: "card", slug: "big", markdown: `# M\n\n${"word ".repeat(kilobytes * 205)}`, confirm: true });
      expect(big).toMatchObject({ ok: false, kind: "invalid" });
      expect(big.ok ? "" : big.message).toMatch(/a model card is at most 256 KB$/);
    }
    expect(await db.model.count()).toBe(1);
  });

  it("copies a template's uses, risks and mitigations with every cell not assessed, and makes a blank model with none", async () => {
    await db.cell.updateMany({ data: { applies: "YES", rationale: "judged on the template" } });
    expect(await createModel(db, reviewer, { from: "template", slug: "beluga-tuned", name: "Beluga tuned", template: slug })).toMatchObject({
      ok: true,
      created: true,
    });
    const card = (await cardFromDb(db, "beluga-tuned"))!;
    expect(card.model.name).toBe("Beluga tuned");
    expect([card.risks.length, card.uses.length, card.cells.length]).toEqual([14, 4, 56]);
    expect(card.cells.every((cell) => cell.applies === "NOT_ASSESSED" && cell.rationale === "")).toBe(true);
    expect(await createModel(db, reviewer, { from: "blank", slug: "empty-model", name: "Empty" })).toMatchObject({ ok: true, created: true });
    expect((await loadMatrix(db, "empty-model"))!.risks).toEqual([]);
  });
});

describe("the matrix's shape", () => {
  it("grows by a risk R15 and a use U5, each cell not assessed, and both show in the card", async () => {
    expect(
      await addRisk(db, reviewer, { modelSlug: slug, title: "Leaks its system prompt", riskType: "CAPABILITY", harmArea: "INFORMATION_AND_SAFETY" }),
    ).toEqual({ ok: true, code: "R15", version: 1, cellsAdded: 4 });
    expect(
      await addUse(db, reviewer, {
        modelSlug: slug,
        purpose: "Summarising support tickets",
        capability: "Summarisation",
        aiUser: "Support agents",
        aiSubject: "Customers",
        domain: "Customer service",
      }),
    ).toEqual({
      ok: true,
      code: "U5",
      version: 1,
      cellsAdded: 15,
    });
    const matrix = (await loadMatrix(db, slug))!;
    expect(matrix.risks.map((risk) => risk.code).at(-1)).toBe("R15");
    expect(matrix.uses.map((use) => use.code)).toEqual(["U1", "U2", "U3", "U4", "U5"]);
    expect(matrix.risks.every((risk) => Object.keys(risk.cells).length === 5)).toBe(true);
    expect(matrix.risks.at(-1)!.cells.U5.applies).toBe("NOT_ASSESSED");
    const card = (await cardFromDb(db, slug))!;
    expect(card.cells).toHaveLength(75);
    const audit = await db.auditEvent.findMany({ where: { action: { in: ["risk.add", "use.add"] } }, orderBy: { at: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["risk.add", "use.add"]);
    const log = (await loadAuditLog(db, viewer, slug))!;
    expect(log.filter((entry) => entry.action === "risk.add" || entry.action === "use.add").map((entry) => entry.entity)).toEqual(["use U5", "risk R15"]);
  });

  it("refuses a use whose purpose is only spaces, as a risk with a blank title is, and trims the purpose it keeps", async () => {
    const facts = { modelSlug: slug, capability: "Summarisation", aiUser: "Support agents", aiSubject: "Customers", domain: "Customer service" };
    const blank = await addUse(db, reviewer, { ...facts, purpose: "   " });
    expect(blank.ok ? "" : blank.message).toBe("purpose: a use needs a purpose");
    expect(await addRisk(db, reviewer, { modelSlug: slug, title: "   ", riskType: "CAPABILITY", harmArea: "INFORMATION_AND_SAFETY" })).toMatchObject({
      ok: false,
      message: "title: a risk needs a title",
    });
    expect(await db.use.count()).toBe(4);
    expect(await addUse(db, reviewer, { ...facts, purpose: "  Summarising tickets " })).toMatchObject({ ok: true, code: "U5" });
    expect((await db.use.findFirstOrThrow({ where: { code: "U5" } })).purpose).toBe("Summarising tickets");
  });

  it("refuses an edit made on a stale page, naming who changed the risk, and keeps their change", async () => {
    expect(
      await updateRisk(db, reviewer, {
        modelSlug: slug,
        code: "R3",
        expectedVersion: 1,
        title: "Less accurate where data is thin",
        riskType: "CAPABILITY",
        harmArea: "REPRESENTATION_AND_TOXICITY",
      }),
    ).toMatchObject({ ok: true, version: 2 });
    const stale = await updateRisk(db, other, {
      modelSlug: slug,
      code: "R3",
      expectedVersion: 1,
      title: "Mine",
      riskType: "SYSTEMIC",
      harmArea: "MISINFORMATION",
    });
    expect(stale).toMatchObject({ ok: false, kind: "conflict", version: 2 });
    expect(stale.ok ? "" : stale.message).toMatch(/^R3 was changed by Rita Reviewer while you were editing/);
    expect((await db.risk.findFirstOrThrow({ where: { code: "R3" } })).title).toBe("Less accurate where data is thin");
  });

  it("moves a risk down past its neighbour and refuses to move the last one further", async () => {
    expect(await moveRisk(db, reviewer, { modelSlug: slug, code: "R1", expectedVersion: 1, direction: "down" })).toMatchObject({ ok: true });
    expect((await loadMatrix(db, slug))!.risks.slice(0, 3).map((risk) => risk.code)).toEqual(["R2", "R1", "R3"]);
    expect(await moveRisk(db, reviewer, { modelSlug: slug, code: "R14", expectedVersion: 1, direction: "down" })).toMatchObject({ ok: false, kind: "invalid" });
  });

  it("retires a risk and a use (an approver, with a reason): they leave the matrix and the card, their cells and evidence stay, and the code is not reused", async () => {
    expect(await retireRisk(db, reviewer, { modelSlug: slug, code: "R14", expectedVersion: 1, reason: "Folded into R3." })).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
    expect(await retireRisk(db, approver, { modelSlug: slug, code: "R14", expectedVersion: 1, reason: "Folded into R3." })).toMatchObject({ ok: true });
    expect(await retireUse(db, approver, { modelSlug: slug, code: "U4", expectedVersion: 1, reason: "No longer offered." })).toMatchObject({ ok: true });
    const matrix = (await loadMatrix(db, slug))!;
    expect(matrix.risks.map((risk) => risk.code)).not.toContain("R14");
    expect(matrix.uses.map((use) => use.code)).toEqual(["U1", "U2", "U3"]);
    const card = (await cardFromDb(db, slug))!;
    expect([card.risks.length, card.uses.length, card.cells.length]).toEqual([13, 3, 39]);
    expect(await db.cell.count({ where: { risk: { code: "R14" } } })).toBe(4);
    expect(await db.auditEvent.count({ where: { action: { in: ["risk.retire", "use.retire"] } } })).toBe(2);
    expect(await addRisk(db, reviewer, { modelSlug: slug, title: "A new one", riskType: "SYSTEMIC", harmArea: "MISINFORMATION" })).toMatchObject({
      code: "R15",
      cellsAdded: 3,
    });
  });
  it("counts on the overview only the risks, uses and cells the matrix shows, once a risk and a use are retired", async () => {
    await retireRisk(db, approver, { modelSlug: slug, code: "R14", expectedVersion: 1, reason: "Folded into R3." });
    await retireUse(db, approver, { modelSlug: slug, code: "U4", expectedVersion: 1, reason: "No longer offered." });
    const matrix = (await loadMatrix(db, slug))!;
    const shown = matrix.risks.reduce((sum, risk) => sum + Object.keys(risk.cells).length, 0);
    const { counts } = (await loadModelOverview(db, slug))!;
    expect([counts.risks, counts.uses, counts.cells]).toEqual([13, 3, 39]);
    expect(shown).toBe(39);
    const sum = (tally: Record<string, number>) => Object.values(tally).reduce((a, b) => a + b, 0);
    expect([sum(counts.byApplies), sum(counts.byReviewStatus), sum(counts.byEvidence)]).toEqual([39, 39, 39]);
  });
  it("leaves a retired risk's and a retired use's cells out of the release gaps", async () => {
    const gapCells = async () => new Set((await loadReleaseGaps(db, slug))!.map((gap) => gap.cell));
    const before = await gapCells();
    expect([...before].some((cell) => cell.startsWith("R14"))).toBe(true);
    expect([...before].some((cell) => cell.endsWith("U4"))).toBe(true);
    await retireRisk(db, approver, { modelSlug: slug, code: "R14", expectedVersion: 1, reason: "Folded into R3." });
    await retireUse(db, approver, { modelSlug: slug, code: "U4", expectedVersion: 1, reason: "No longer offered." });
    const after = await gapCells();
    expect([...after].filter((cell) => cell.startsWith("R14") || cell.endsWith("U4"))).toEqual([]);
    expect(after.size).toBe([...before].filter((cell) => !cell.startsWith("R14") && !cell.endsWith("U4")).length);
  });
});

describe("a risk or use a card brings back", () => {
  const admin: Actor = { id: null, label: "Ida Admin", role: "ADMIN" };
  /** The card as stored now, with `code`'s row and cells as `earlier` held them: the admin's source lists it again. */
  const listedAgain = (now: Card, earlier: Card, code: string): Card => ({
    ...now,
    uses: code.startsWith("U") ? earlier.uses : now.uses,
    risks: code.startsWith("R") ? earlier.risks : now.risks,
    cells: [...now.cells, ...earlier.cells.filter((cell) => cell.risk === code || cell.use === code)],
  });
  const gapsOf = async (cell: string) => (await loadReleaseGaps(db, slug))!.filter((gap) => gap.cell === cell).map((gap) => gap.reason);

  it("a use restored after a risk was added while it was retired gets a not-assessed cell for that risk, and the release gate sees it", async () => {
    const earlier = (await cardFromDb(db, slug))!;
    await retireUse(db, approver, { modelSlug: slug, code: "U2", expectedVersion: 1, reason: "Paused." });
    expect(await addRisk(db, reviewer, { modelSlug: slug, title: "A new one", riskType: "SYSTEMIC", harmArea: "MISINFORMATION" })).toMatchObject({
      code: "R15",
      cellsAdded: 3,
    });
    const card = listedAgain((await cardFromDb(db, slug))!, earlier, "U2");
    expect(await importCard(db, admin, card, { apply: true })).toMatchObject({ ok: true, outcome: "applied", restored: ["U2"] });

    const r15 = (await loadMatrix(db, slug))!.risks.find((risk) => risk.code === "R15")!;
    expect(Object.keys(r15.cells)).toEqual(["U1", "U2", "U3", "U4"]);
    expect(r15.cells.U2).toMatchObject({ applies: "NOT_ASSESSED" });
    expect(await gapsOf("R15×U2")).toEqual([expect.stringMatching(/not assessed/)]);
  });

  it("a risk restored after a use was added while it was retired gets a not-assessed cell for that use, and the release gate sees it", async () => {
    const earlier = (await cardFromDb(db, slug))!;
    await retireRisk(db, approver, { modelSlug: slug, code: "R3", expectedVersion: 1, reason: "Paused." });
    const fields = { purpose: "Answering support tickets", capability: "Drafting replies", aiUser: "Agents", aiSubject: "Customers", domain: "Support" };
    expect(await addUse(db, reviewer, { modelSlug: slug, ...fields })).toMatchObject({ code: "U5", cellsAdded: 13 });
    const card = listedAgain((await cardFromDb(db, slug))!, earlier, "R3");
    expect(await importCard(db, admin, card, { apply: true })).toMatchObject({ ok: true, outcome: "applied", restored: ["R3"] });

    const r3 = (await loadMatrix(db, slug))!.risks.find((risk) => risk.code === "R3")!;
    expect(Object.keys(r3.cells).sort()).toEqual(["U1", "U2", "U3", "U4", "U5"]);
    expect(r3.cells.U5).toMatchObject({ applies: "NOT_ASSESSED" });
    expect(await gapsOf("R3×U5")).toEqual([expect.stringMatching(/not assessed/)]);
  });
});

describe("the portfolio", () => {
  it("counts each model's active cells by evidence, its open acceptances and its last release", async () => {
    await createModel(db, reviewer, { from: "template", slug: "beluga-tuned", name: "Beluga tuned", template: slug });
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R2", model: { slug } }, use: { code: "U1" } } });
    await db.cell.update({ where: { id: cell.id }, data: { applies: "YES", reviewStatus: "ACCEPTED", acceptedUntil: new Date(Date.now() + 86_400_000) } });
    const portfolio = await loadPortfolio(db);
    expect(portfolio.map((model) => model.slug)).toEqual([slug, "beluga-tuned"]);
    expect(portfolio[0]).toMatchObject({ risks: 14, uses: 4, cells: 56, stale: 0, openAcceptances: 1, lastRelease: null });
    expect(portfolio[0].byEvidence.UNTESTED).toBe(56);
  });
});

describe("comparing two models", () => {
  it("aligns the same risk and use codes and marks the cells whose judgement or evidence differ, and a code only one model has", async () => {
    await createModel(db, reviewer, { from: "template", slug: "beluga-tuned", name: "Beluga tuned", template: slug });
    await addRisk(db, reviewer, { modelSlug: "beluga-tuned", title: "Leaks its system prompt", riskType: "CAPABILITY", harmArea: "INFORMATION_AND_SAFETY" });
    await db.cell.updateMany({ where: { risk: { code: "R2", model: { slug } }, use: { code: "U1" } }, data: { applies: "YES" } });
    const comparison = (await compareModels(db, slug, "beluga-tuned"))!;
    expect(comparison.risks.map((risk) => risk.code).at(-1)).toBe("R15");
    expect(comparison.cells).toHaveLength(15 * 4);
    const differing = comparison.cells.filter((cell) => cell.differs).map((cell) => `${cell.risk}×${cell.use}`);
    expect(differing).toEqual(["R2×U1", "R15×U1", "R15×U2", "R15×U3", "R15×U4"]);
    expect(comparison.cells.find((cell) => cell.risk === "R15")!.a).toBeNull();
    expect(await compareModels(db, slug, "no-such-model")).toBeNull();
  });
});
