// A release keeps the JSON its version of Riskledger wrote. Releases published before 2 December
// record no `smokeTest` on their evidence rows (which model answered), and those of 3-4 December no
// `smokeTestCells` on their deploy decisions; read back, each takes its default (false, []). The diff
// from such a release read that default as a fact: "R2×U3: evidence from the model itself -> from
// the smoke-test model", "U3: computed deploy decision … -> … (rests on smoke-test model evidence:
// R2×U3)", though the older release never said what its evidence or decision rested on. Those
// releases also spelt the cell of each accepted gap "R2 × U1", so a gap accepted in both read as one
// gap gone and another accepted. Releases before late on 7 December record no `otherModelCells` on their deploy decisions (the
// cells whose evidence is imported from a file that says it tested another model), and those before 8 December no
// `judgeServedModel` on their evidence rows (what a counted judge's endpoint served).
import { describe, expect, test } from "vitest";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import type { Db } from "../../lib/db/types";
import { describeMatrixChange, loadReleaseDiff } from "../../lib/releases/diff-releases";
import { publishRelease } from "../../lib/releases/publish-release";
import { loadLiveCard, renderCardFile } from "../../lib/releases/card-export";
import { DERIVED_AT_DOWNLOAD, releaseFile, sha256Of } from "../../lib/releases/release-file";
import { describeGap, type ReleaseGap } from "../../lib/releases/describe-gap";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { snapshotJson } from "../../lib/releases/release-snapshot";
import { addPassingEvidence, approver, markApplicable, publishAcceptingGaps, readyEveryApplicableCell, seededDatabase, slug } from "./releases-setup";

type Json = Record<string, unknown>;
const only = (row: Json, keys: string[]) => Object.fromEntries(Object.entries(row).filter(([key]) => keys.includes(key)));

/** The JSON as Riskledger wrote it before 2 December: evidence rows of eleven fields, no deploy decisions. */
function asStoredBefore2December(json: string): string {
  const { card, evidence } = JSON.parse(json);
  const cellFields = ["risk", "use", "n", "failures", "wilson", "threshold", "verdict", "campaign", "modelRevision", "date", "stale"];
  const detectorFields = ["detector", "version", "labelledExamples", "accuracy"];
  return `${JSON.stringify(
    {
      card,
      evidence: {
        cells: evidence.cells.map((row: Json) => only(row, cellFields)),
        detectors: evidence.detectors.map((row: Json) => only(row, detectorFields)),
        smokeTestModel: evidence.smokeTestModel,
      },
    },
    null,
    2,
  )}\n`;
}

/** The JSON as Riskledger wrote it on 3-4 December: deploy decisions without the cells resting on smoke-test evidence. */
function asStoredOn3December(json: string): string {
  const { card, evidence, acceptance, decisions, inheritance } = JSON.parse(json);
  const cellFields = [
    ...["risk", "use", "n", "failures", "wilson", "threshold", "verdict", "campaign", "modelRevision", "date", "stale", "smokeTest", "backend"],
    ...["servedModel", "importedFrom", "suite", "correctedRate", "correctedInterval", "needsReview", "detectorAccuracy"],
  ];
  return `${JSON.stringify(
    {
      card,
      evidence: { cells: evidence.cells.map((row: Json) => only(row, cellFields)), detectors: evidence.detectors, smokeTestModel: evidence.smokeTestModel },
      ...(acceptance ? { acceptance } : {}),
      decisions: { ruleSet: decisions.ruleSet, uses: decisions.uses.map((entry: Json) => only(entry, ["use", "computed", "signed"])) },
      ...(inheritance ? { inheritance } : {}),
    },
    null,
    2,
  )}\n`;
}

/** The JSON as Riskledger wrote it up to 7 December: deploy decisions without the cells resting on another model's imports. */
function asStoredOn7December(json: string): string {
  const stored = JSON.parse(json);
  const uses = stored.decisions.uses.map(({ otherModelCells: _, ...entry }: Json) => entry);
  return `${JSON.stringify({ ...stored, decisions: { ...stored.decisions, uses } }, null, 2)}\n`;
}

/**
 * The JSON as Riskledger wrote it late on 7 December: evidence rows naming their model judge, not what its endpoint
 * served; here every row names one, as a campaign judged by a guard model would have.
 */
function asStoredLateOn7December(json: string): string {
  const stored = JSON.parse(json);
  const cells = stored.evidence.cells.map(({ judgeServedModel: _, ...row }: Json) => ({ ...row, judge: "openai@guard-1" }));
  return `${JSON.stringify({ ...stored, evidence: { ...stored.evidence, cells } }, null, 2)}\n`;
}

/**
 * The card as v1, stored as an older version of Riskledger stored a release (rows are immutable, so
 * it is written so at once): its JSON of that day, and no BOM, .eval_results file, publisher name or
 * address kept.
 */
async function publishAsStoredThen(db: Db, stored: (json: string) => string, row: { acceptedGaps?: ReleaseGap[]; justification?: string } = {}) {
  const live = (await loadLiveCard(db, slug))!;
  const markdown = (await renderCardFile(live.snapshot, "md", slug)).body;
  const model = await db.model.findUniqueOrThrow({ where: { slug } });
  await db.cardRelease.create({
    data: {
      modelId: model.id,
      version: 1,
      markdown,
      json: stored(await snapshotJson(live.snapshot)),
      sha256: sha256Of(markdown),
      publishedByName: null,
      ...row,
    },
  });
}

/** Every applicable cell ready, R2×U3 applicable with current evidence the generated smoke-test model made. */
async function cardOnSmokeTestEvidence(): Promise<Db> {
  const db = await seededDatabase();
  await markApplicable(db, "R2", "U3", { likelihood: 2, severity: 3 });
  await readyEveryApplicableCell(db);
  // The newest campaign is the current evidence.
  await addPassingEvidence(db, "R2", "U3", { smokeTest: true });
  return db;
}

async function diffLines(db: Db, from: number, to: number): Promise<string[]> {
  return (await loadReleaseDiff(db, slug, from, to))!.diff.matrixChanges.map(describeMatrixChange);
}

describe("the diff from a release that did not record a field", () => {
  test("of a release of 3-4 December, claims no change of the cells a deploy decision rests on smoke-test evidence for, and says it was not recorded", async () => {
    const db = await cardOnSmokeTestEvidence();
    await publishAsStoredThen(db, asStoredOn3December);
    expect(await publishAcceptingGaps(db)).toBe(true);

    const forward = await diffLines(db, 1, 2);
    expect(forward.filter((line) => /^U\d+:/.test(line))).toEqual([]);
    expect(forward).toContain("release: v1 did not record which cells a computed deploy decision rests on smoke-test model evidence for: not compared");
    const backward = await diffLines(db, 2, 1);
    expect(backward.filter((line) => /^U\d+:/.test(line))).toEqual([]);
    expect(backward).toContain("release: v1 did not record which cells a computed deploy decision rests on smoke-test model evidence for: not compared");
  });

  test("of a release up to 7 December, claims no change of the cells a deploy decision rests on another model's imports for, and says it was not recorded", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R1", "U3", { likelihood: 2, severity: 3 });
    await readyEveryApplicableCell(db);
    await db.evidence.deleteMany({ where: { cell: { risk: { code: "R1" }, use: { code: "U3" } } } });
    const imported = await importExternalResults(db, approver, { modelSlug: slug, path: `${FIXTURES_DIR}/garak/lmrc.report.jsonl`, uses: ["U3"] });
    if (!imported.ok || !imported.imported) throw new Error(JSON.stringify(imported));
    await publishAsStoredThen(db, asStoredOn7December);
    expect(await publishAcceptingGaps(db)).toBe(true);

    const notRecorded =
      "release: v1 did not record which cells a computed deploy decision rests on evidence imported from files naming another model for: not compared";
    for (const [from, to] of [
      [1, 2],
      [2, 1],
    ]) {
      const lines = await diffLines(db, from, to);
      expect(lines.filter((line) => /^U\d+:/.test(line))).toEqual([]);
      expect(lines).toContain(notRecorded);
    }
  });

  test("of a release late on 7 December, claims no change of what answered and judged a cell's evidence, and says it was not recorded", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R2", "U3", { likelihood: 2, severity: 3 });
    await readyEveryApplicableCell(db);
    await addPassingEvidence(db, "R2", "U3");
    await publishAsStoredThen(db, asStoredLateOn7December);
    // A change of the card, or v2 would be refused as identical to v1.
    await markApplicable(db, "R3", "U3", { likelihood: 2, severity: 3 });
    expect(await publishAcceptingGaps(db)).toBe(true);

    const notRecorded =
      "release: v1 did not record what an endpoint served and which model judge counted, with what its endpoint served, for each cell's evidence: not compared";
    for (const [from, to] of [
      [1, 2],
      [2, 1],
    ]) {
      const lines = await diffLines(db, from, to);
      expect(lines.filter((line) => line.includes("model judge") && line !== notRecorded)).toEqual([]);
      expect(lines).toContain(notRecorded);
    }
  });

  test("of a release before 2 December, claims no change of which model made a cell's evidence, and says it was not recorded", async () => {
    const db = await cardOnSmokeTestEvidence();
    await publishAsStoredThen(db, asStoredBefore2December);
    expect(await publishAcceptingGaps(db)).toBe(true);

    // v2 accepts the smoke-test evidence as a gap, which v1 did not: that is a change of the gaps, not of the evidence.
    const evidenceLines = async (from: number, to: number) =>
      (await diffLines(db, from, to)).filter((line) => !line.includes("gap accepted at publication") && !line.includes("no longer a gap"));
    const lines = await evidenceLines(1, 2);
    expect(lines.filter((line) => line.startsWith("R2×U3"))).toEqual([]);
    expect(lines).toContain("release: v1 did not record which cells' evidence the smoke-test model made: not compared");
    expect((await evidenceLines(2, 1)).filter((line) => line.startsWith("R2×U3"))).toEqual([]);
  });

  test("between two releases that both record it, still says a cell's evidence came to be the smoke-test model's", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R2", "U3", { likelihood: 2, severity: 3 });
    await readyEveryApplicableCell(db);
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    await addPassingEvidence(db, "R2", "U3", { smokeTest: true });
    expect(await publishAcceptingGaps(db)).toBe(true);

    const lines = await diffLines(db, 1, 2);
    expect(lines).toContain("R2×U3: evidence from the model itself -> from the smoke-test model");
    expect(lines.filter((line) => line.includes("not recorded") || line.includes("did not record"))).toEqual([]);
  });

  test('of a release before 2 December, whose gaps name their cells "R2 × U1", claims no change of a gap both releases accepted', async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    await markApplicable(db, "R2", "U1", { likelihood: 2, severity: 3 });
    const gaps = (await loadReleaseGaps(db, slug))!;
    expect(gaps.map(describeGap)).toEqual(["R2×U1: no evidence: untested", "R2×U1: not approved (draft)"]);
    const justification = "R2 is tested next sprint.";
    // Its row as that version wrote it: each gap its cell and reason, the cell spelt with spaces.
    const storedGaps = gaps.map(({ reason }) => ({ cell: "R2 × U1", reason })) as ReleaseGap[];
    await publishAsStoredThen(db, asStoredBefore2December, { acceptedGaps: storedGaps, justification });
    expect((await publishRelease(db, approver, { slug, acceptance: { gaps: gaps.map(describeGap), justification } })).ok).toBe(true);

    expect((await diffLines(db, 1, 2)).filter((line) => line.includes("gap"))).toEqual([]);
  });
});

describe("the files derived at download from a release before 2 December", () => {
  // That version wrote one flag for the whole card: whether the model's checkpoint was the generated
  // tiny model (Model.isSmokeTestModel), whose answers every campaign's evidence then was.
  const onCheckpointThatWas = (tiny: boolean) => (json: string) => {
    const stored = JSON.parse(asStoredBefore2December(json));
    return `${JSON.stringify({ ...stored, evidence: { ...stored.evidence, smokeTestModel: tiny } }, null, 2)}\n`;
  };
  const rowFlags = (body: string, flag: RegExp) => [...body.matchAll(flag)].map((match) => match[1]);

  test("of a card on the generated tiny model, call every evidence row the smoke-test model's, never the model's own answers", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R2", "U3", { likelihood: 2, severity: 3 });
    await readyEveryApplicableCell(db);
    await publishAsStoredThen(db, onCheckpointThatWas(true));

    const bom = (await releaseFile(db, slug, 1, "cdx"))!;
    const evalResults = (await releaseFile(db, slug, 1, "eval"))!;
    expect(bom.origin).toBe(DERIVED_AT_DOWNLOAD);
    const bomRows = rowFlags(bom.body, /smokeTestModel=(\w+)/g);
    expect(bomRows.length).toBeGreaterThan(0);
    expect(new Set(bomRows)).toEqual(new Set(["true"]));
    const notes = evalResults.body.split("\n").filter((line) => line.trimStart().startsWith("notes:"));
    expect(notes.length).toBe(bomRows.length);
    expect(notes.filter((line) => !line.includes("(not the model's own answers)"))).toEqual([]);
  });

  test("of a card on the model's own weights, call its rows the model's own, as that release's flag says", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R2", "U3", { likelihood: 2, severity: 3 });
    await readyEveryApplicableCell(db);
    await publishAsStoredThen(db, onCheckpointThatWas(false));

    const bom = (await releaseFile(db, slug, 1, "cdx"))!;
    expect(new Set(rowFlags(bom.body, /smokeTestModel=(\w+)/g))).toEqual(new Set(["false"]));
    expect((await releaseFile(db, slug, 1, "eval"))!.body).not.toContain("(not the model's own answers)");
  });
});
