// One run of another tool is one source of evidence, whichever file it arrives in: a copy under
// another name, the same Inspect log saved as .json and as .eval, a garak report or a promptfoo
// export written out again. On a real SQLite database with the Stable Beluga 2 card (and the same
// on PostgreSQL): the second file of a run is refused, naming the earlier import, and changes
// nothing; the same run imported with a corrected mapping replaces the earlier import, which stays
// in the audit trail marked superseded, and says which cells gained and lost evidence.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { importExternalResults, previewExternalImport } from "../../lib/imports/import-external-results";
import { confirmImportedOverride, overrideImportedResult } from "../../lib/imports/override-imported-result";
import { defaultMappingFile } from "../../lib/imports/risk-mapping";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { dropPostgresDatabase, migratedPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { campaignDatabase, rita, twoReviewers } from "./campaign-fixture";

const folder = mkdtempSync(path.join(tmpdir(), "same-run-"));

/** The run's results in another file, as a person copies, renames or re-saves it. */
const otherFiles = {
  /** The same bytes under another name. */
  renamedCopy() {
    const file = path.join(folder, "quack-copy.jsonl");
    copyFileSync(`${FIXTURES_DIR}/garak/quack.report.jsonl`, file);
    return { original: "garak/quack.report.jsonl", file };
  },
  /** Inspect wrote this run both as a JSON log and as an .eval archive (SOURCES.md: "the same run as log_formats.json"). */
  otherFormat() {
    return { original: "inspect/log_formats.json", file: `${FIXTURES_DIR}/inspect/log_formats.eval` };
  },
  /** Every line of the garak report parsed and written again, as a script that filters reports does. */
  garakRewritten() {
    const file = path.join(folder, "lmrc-rewritten.report.jsonl");
    const lines = readFileSync(`${FIXTURES_DIR}/garak/lmrc.report.jsonl`, "utf8").trimEnd().split("\n");
    writeFileSync(file, `${lines.map((line) => JSON.stringify(JSON.parse(line))).join("\n")}\n`);
    return { original: "garak/lmrc.report.jsonl", file };
  },
  /** The promptfoo export pretty-printed. */
  promptfooReindented() {
    const file = path.join(folder, "export-indented.json");
    writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(`${FIXTURES_DIR}/promptfoo/sample-export.json`, "utf8")), null, 2));
    return { original: "promptfoo/sample-export.json", file };
  },
};

/** content/mappings/default.yaml with lmrc.QuackMedicine mapped to R3 instead of R4: the reviewer's slip. */
function slippedMapping(): string {
  const file = path.join(folder, "slipped.yaml");
  const text = readFileSync(defaultMappingFile(), "utf8");
  expect(text).toContain("lmrc.QuackMedicine: [R4]");
  writeFileSync(file, text.replace("lmrc.QuackMedicine: [R4]", "lmrc.QuackMedicine: [R3]"));
  return file;
}

async function tableCounts(db: Db) {
  return {
    imports: await db.externalImport.count(),
    results: await db.externalResult.count(),
    evidence: await db.evidence.count(),
    audit: await db.auditEvent.count(),
  };
}

async function importEvidenceCells(db: Db, importId: string): Promise<string[]> {
  const rows = await db.evidence.findMany({
    where: { importId },
    select: { cell: { select: { risk: { select: { code: true } }, use: { select: { code: true } } } } },
  });
  return rows.map((row) => `${row.cell.risk.code}×${row.cell.use.code}`).sort();
}

async function refusesTheRunFromAnotherFile(db: Db, make: () => { original: string; file: string }) {
  const { original, file } = make();
  const first = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/${original}`, uses: ["U1"] });
  expect(first, original).toMatchObject({ ok: true, imported: true });
  const before = await tableCounts(db);
  const second = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file, uses: ["U1"] });
  const earlier = await db.externalImport.findFirstOrThrow({ where: { fileName: path.basename(original) } });
  expect(second, file).toEqual({
    ok: true,
    imported: false,
    importId: earlier.id,
    preview: null,
    message: expect.stringMatching(
      new RegExp(
        `^${path.basename(file).replace(/\./g, "\\.")} holds the same .* run as ${path.basename(original).replace(/\./g, "\\.")}, imported by Rita Reviewer on ${earlier.createdAt.toISOString().slice(0, 10)} .*: nothing added`,
      ),
    ),
  });
  expect(await tableCounts(db), file).toEqual(before);
}

describe("one run of another tool is one source, whichever file it comes in", () => {
  for (const [name, make] of Object.entries(otherFiles))
    it(`refuses the run again from another file (${name}), naming the earlier import, and changes nothing`, async () => {
      const { db } = await campaignDatabase();
      await refusesTheRunFromAnotherFile(db, make);
      await db.$disconnect();
    });

  it("takes two tasks of one Inspect run whose logs name no eval_id, only the run's run_id, as two runs: the second is imported", async () => {
    const { db } = await campaignDatabase();
    const log = JSON.parse(readFileSync(`${FIXTURES_DIR}/inspect/log_formats.json`, "utf8"));
    expect(log.eval.eval_id).toBeUndefined();
    const otherTask = path.join(folder, "log_formats-other-task.json");
    writeFileSync(otherTask, JSON.stringify({ ...log, eval: { ...log.eval, task: "theory_of_mind", task_id: "other-task-id" } }));
    const first = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/inspect/log_formats.json`, uses: ["U1"] });
    expect(first).toMatchObject({ ok: true, imported: true });

    const second = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: otherTask, uses: ["U1"] });

    expect(second).toMatchObject({ ok: true, imported: true, replaced: null });
    expect(await db.externalImport.count({ where: { supersededById: null } })).toBe(2);
    await db.$disconnect();
  });

  it("says in the preview that the file holds a run already imported, and by whom", async () => {
    const { db } = await campaignDatabase();
    await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/inspect/log_formats.json`, uses: ["U1"] });
    const previewed = await previewExternalImport(db, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/inspect/log_formats.eval`, uses: ["U1"] });
    expect(previewed).toMatchObject({
      ok: true,
      preview: { earlierImport: { fileName: "log_formats.json", importedBy: "Rita Reviewer", sameCounts: true, cellsGained: [], cellsLost: [] } },
    });
    await db.$disconnect();
  });

  it("replaces the earlier import of the run when it is imported again with a corrected mapping, saying which cells gained and lost", async () => {
    const { db } = await campaignDatabase();
    const report = `${FIXTURES_DIR}/garak/lmrc.report.jsonl`;
    const slipped = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: report, uses: ["U1"], mappingFile: slippedMapping() });
    if (!slipped.ok || !slipped.imported) throw new Error(JSON.stringify(slipped));
    expect(await importEvidenceCells(db, slipped.importId)).toContain("R3×U1");
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R3-U1"]).toMatchObject({ importedFrom: { id: slipped.importId } });

    const previewed = await previewExternalImport(db, { modelSlug: defaultModelSlug, path: report, uses: ["U1"] });
    expect(previewed).toMatchObject({
      ok: true,
      preview: { earlierImport: { id: slipped.importId, sameCounts: false, cellsGained: ["R4×U1"], cellsLost: ["R3×U1"] } },
    });

    const corrected = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: report, uses: ["U1"] });
    if (!corrected.ok || !corrected.imported) throw new Error(JSON.stringify(corrected));
    expect(corrected.replaced).toMatchObject({ importId: slipped.importId, fileName: "lmrc.report.jsonl", cellsGained: ["R4×U1"], cellsLost: ["R3×U1"] });
    // The earlier import is kept, marked superseded, and counts in no cell.
    expect(await db.externalImport.findUniqueOrThrow({ where: { id: slipped.importId } })).toMatchObject({
      supersededById: corrected.importId,
      supersededAt: expect.any(Date),
    });
    expect(await db.externalResult.count({ where: { importId: slipped.importId } })).toBe(slipped.preview.results);
    expect(await importEvidenceCells(db, slipped.importId)).toEqual([]);
    const cells = (await loadModelEvidence(db, defaultModelSlug)).cells;
    expect(cells["R3-U1"]).toBeUndefined();
    expect(cells["R4-U1"]).toMatchObject({ importedFrom: { id: corrected.importId }, n: 1 });
    expect(cells["R1-U1"]).toMatchObject({ importedFrom: { id: corrected.importId } });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "evidence.import-superseded", entityId: slipped.importId } });
    expect(audit.after).toMatchObject({ supersededBy: corrected.importId, cellsGained: ["R4×U1"], cellsLost: ["R3×U1"] });

    // The corrected mapping again is the same import: refused, nothing changed.
    const before = await tableCounts(db);
    expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: report, uses: ["U1"] })).toMatchObject({
      ok: true,
      imported: false,
      importId: corrected.importId,
      message: expect.stringContaining("as lmrc.report.jsonl, imported by Rita Reviewer"),
    });
    expect(await tableCounts(db)).toEqual(before);
    await db.$disconnect();
  });

  it("keeps a confirmed override of a result when its run is imported again with another mapping", async () => {
    const { db } = await campaignDatabase();
    const { proposer, confirmer } = await twoReviewers(db);
    const report = `${FIXTURES_DIR}/garak/quack.report.jsonl`;
    const slipped = await importExternalResults(db, proposer, { modelSlug: defaultModelSlug, path: report, uses: ["U1"], mappingFile: slippedMapping() });
    if (!slipped.ok || !slipped.imported) throw new Error(JSON.stringify(slipped));
    const result = await db.externalResult.findFirstOrThrow({ where: { importId: slipped.importId } });
    expect(result.verdict).toBe("PASS");
    expect(await overrideImportedResult(db, proposer, { resultId: result.id, verdict: "FAIL", reason: "the answer recommends a quack cure" })).toMatchObject({
      ok: true,
    });
    expect(await confirmImportedOverride(db, confirmer, { resultId: result.id })).toMatchObject({ ok: true, pending: false });
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R3-U1"]).toMatchObject({ failures: 1, overrides: 1 });

    const corrected = await importExternalResults(db, proposer, { modelSlug: defaultModelSlug, path: report, uses: ["U1"] });
    if (!corrected.ok || !corrected.imported) throw new Error(JSON.stringify(corrected));
    expect(corrected.replaced).toMatchObject({ overridesKept: 1 });
    expect(await db.externalResult.findFirstOrThrow({ where: { importId: corrected.importId } })).toMatchObject({
      caseKey: result.caseKey,
      overrideVerdict: "FAIL",
      overrideReason: "the answer recommends a quack cure",
      overrideById: proposer.id,
      overrideConfirmedById: confirmer.id,
    });
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R4-U1"]).toMatchObject({
      failures: 1,
      overrides: 1,
      importedFrom: { id: corrected.importId },
    });
    await db.$disconnect();
  });
});

describe.skipIf(!postgresInstalled("import-same-run"))("one run, one source, on PostgreSQL", () => {
  const root = path.resolve(".");
  let serverUrl: string;
  let url: string;
  let db: Db;

  beforeAll(async () => {
    serverUrl = execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
      .trim()
      .replace(/^export PG_URL=/, "");
    url = await migratedPostgresDatabase(serverUrl, "same_run");
    db = createDb(url);
    const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
    await importCard(db, { id: null, label: "setup", role: "ADMIN" }, card);
  }, 600_000);
  afterAll(async () => {
    await db?.$disconnect();
    await dropPostgresDatabase(serverUrl, url);
  });

  it("refuses the Inspect run again from its .eval file, naming the earlier import, and changes nothing", async () => {
    await refusesTheRunFromAnotherFile(db, otherFiles.otherFormat);
  });

  it("replaces the earlier import of a run imported again with a corrected mapping", async () => {
    const report = `${FIXTURES_DIR}/garak/lmrc.report.jsonl`;
    const slipped = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: report, uses: ["U2"], mappingFile: slippedMapping() });
    if (!slipped.ok || !slipped.imported) throw new Error(JSON.stringify(slipped));
    const corrected = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: report, uses: ["U2"] });
    expect(corrected).toMatchObject({ ok: true, imported: true, replaced: { importId: slipped.importId, cellsGained: ["R4×U2"], cellsLost: ["R3×U2"] } });
    expect(await importEvidenceCells(db, slipped.importId)).toEqual([]);
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R3-U2"]).toBeUndefined();
  });
});
