// Other tools' result files imported into a real SQLite database holding the Stable Beluga 2 card:
// every fixture, with each cell's counts checked against counts taken from the raw files
// (tests/fixtures/external-results/raw-counts.ts) and the risks this test expects each probe,
// plugin and task to be mapped to by content/mappings/default.yaml.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { importExternalResults, previewExternalImport } from "../../lib/imports/import-external-results";
import { loadImportChoices } from "../../lib/imports/load-imports";
import { liveCardFile } from "../../lib/releases/card-export";
import { EVAL_SCORE_VALUES, FIXTURES_DIR, fixtureFiles, garakCounts, inspectJsonCounts, promptfooCounts } from "../fixtures/external-results/raw-counts";
import { dropPostgresDatabase, migratedPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { campaignDatabase, rita } from "./campaign-fixture";

const USES = ["U1", "U2", "U3", "U4"];

/** What default.yaml should map each probe, plugin and task of the fixtures to. */
const EXPECTED_RISKS: Record<string, string[]> = {
  "test.Test": [],
  "lmrc.QuackMedicine": ["R4"],
  "lmrc.Bullying": ["R1"],
  "lmrc.Deadnaming": ["R1", "R6"],
  "lmrc.SexualContent": ["R11"],
  "lmrc.Sexualisation": ["R11"],
  "lmrc.SlurUsage": ["R1", "R6"],
  "grandma.GrandmaIntent": ["R2"],
  "spo.SPOIntent": ["R2"],
  "spo.SPOIntentUserAugmented": ["R2"],
  "base.IntentProbe": ["R2"],
  "harmful:hate": ["R1"],
  popularity: ["R2"],
  security_guide: ["R2"],
  "inspect_evals/mmlu_0_shot": ["R3", "R7"],
};

/** The task of each .eval fixture, as its file's SOURCES.md row names it. */
const EVAL_TASKS: Record<string, string> = {
  "inspect/2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval": "popularity",
  "inspect/2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval": "popularity",
  "inspect/2025-09-23T08-09-58-04-00_security-guide_LuxZJVwvymC3S3SyoJczxB.eval": "security_guide",
  "inspect/log_formats.eval": "popularity",
  "inspect/log_streaming.eval": "popularity",
  "inspect/log_message_deduplication.eval": "inspect_test_utils/guess_number",
  "inspect/mmlu-summary-choices.eval": "inspect_evals/mmlu_0_shot",
  "inspect/retry-2-then-success.eval": "task",
};

/** The run of inspect/log_formats.json saved again as .eval (SOURCES.md), imported after it: one run, imported once. */
const SAME_RUN_AGAIN = "inspect/log_formats.eval";

/** Passes and failures per risk, from the raw files: garak per probe, promptfoo's red-team plugin, Inspect's C and I per task. */
function expectedPerRisk(): Map<string, { passes: number; failures: number }> {
  const perRisk = new Map<string, { passes: number; failures: number }>();
  const add = (test: string, passes: number, failures: number) => {
    for (const risk of EXPECTED_RISKS[test] ?? []) {
      const counts = perRisk.get(risk) ?? { passes: 0, failures: 0 };
      counts.passes += passes;
      counts.failures += failures;
      perRisk.set(risk, counts);
    }
  };
  for (const file of fixtureFiles()) {
    if (file.startsWith("garak/")) for (const [probe, counts] of Object.entries(garakCounts(file).byProbe)) add(probe, counts.PASS, counts.FAIL);
    if (file === "promptfoo/redteam_tracing_results.json") {
      const counts = promptfooCounts(file);
      add("harmful:hate", counts.success, counts.failure);
    }
    if (file.startsWith("inspect/") && file.endsWith(".json")) {
      const { values } = inspectJsonCounts(file);
      add(JSON.parse(readFileSync(`${FIXTURES_DIR}/${file}`, "utf8")).eval.task, values.C ?? 0, values.I ?? 0);
    }
    if (file.endsWith(".eval") && file !== SAME_RUN_AGAIN) add(EVAL_TASKS[file], EVAL_SCORE_VALUES[file].C ?? 0, EVAL_SCORE_VALUES[file].I ?? 0);
  }
  return perRisk;
}

/** What this test reads of a model-index result and an .eval_results entry. */
interface HubResult {
  dataset: { config: string };
  metrics: { name: string; args: { imported_from: unknown } }[];
}
interface HubEvalEntry {
  dataset: { task_id: string };
  notes: string;
}

async function importEvery(db: Db) {
  for (const file of fixtureFiles().filter((file) => file !== SAME_RUN_AGAIN)) {
    const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/${file}` });
    expect(outcome, file).toMatchObject({ ok: true, imported: true });
  }
  expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/${SAME_RUN_AGAIN}` })).toMatchObject({
    ok: true,
    imported: false,
    message: expect.stringContaining("log_formats.eval holds the same inspect run as log_formats.json"),
  });
}

async function importedCounts(db: Db) {
  const rows = await db.evidence.findMany({
    where: { kind: "IMPORT" },
    select: { passes: true, failures: true, n: true, cell: { select: { risk: { select: { code: true } }, use: { select: { code: true } } } } },
  });
  const perCell = new Map<string, { passes: number; failures: number }>();
  for (const row of rows) {
    const key = `${row.cell.risk.code}×${row.cell.use.code}`;
    const counts = perCell.get(key) ?? { passes: 0, failures: 0 };
    counts.passes += row.passes!;
    counts.failures += row.failures!;
    expect(row.n).toBe(row.passes! + row.failures!);
    perCell.set(key, counts);
  }
  return perCell;
}

async function tableCounts(db: Db) {
  return {
    imports: await db.externalImport.count(),
    results: await db.externalResult.count(),
    evidence: await db.evidence.count(),
    audit: await db.auditEvent.count(),
  };
}

describe("importing other tools' result files as evidence", () => {
  it("imports every fixture, each run once, each cell counting the passes and failures counted from the raw files in every use", async () => {
    const { db } = await campaignDatabase();
    await importEvery(db);
    const expected = new Map([...expectedPerRisk()].flatMap(([risk, counts]) => USES.map((use) => [`${risk}×${use}`, counts] as const)));
    expect(Object.fromEntries(await importedCounts(db))).toEqual(Object.fromEntries(expected));
    expect(await db.externalImport.count()).toBe(fixtureFiles().length - 1);
    expect(await db.auditEvent.count({ where: { action: "evidence.import" } })).toBe(fixtureFiles().length - 1);
    await db.$disconnect();
  });

  it("stores each result with its provenance, and lists the unmapped and skipped ones on the import", async () => {
    const { db } = await campaignDatabase();
    await importEvery(db);
    const garak = await db.externalImport.findFirstOrThrow({
      where: { fileName: "garak_earlystop_run.jsonl", toolVersion: "0.14.0.pre1" },
      include: { results: true },
    });
    expect(garak).toMatchObject({ tool: "garak", testedModel: "openai.OpenAICompatible Mistral-Small-24B-W8A8", complete: true });
    expect(garak.results.every((result) => result.test === "grandma.GrandmaIntent" && (result.risks as string[]).includes("R2"))).toBe(true);
    expect((garak.skipped as { reason: string }[]).filter((entry) => entry.reason.includes("no outputs"))).toHaveLength(
      garakCounts("garak/trustyai-a2bca0a1/garak_earlystop_run.jsonl").outputless,
    );
    const selfTest = await db.externalImport.findFirstOrThrow({ where: { fileName: "test.report.jsonl" } });
    expect(selfTest.skipped).toEqual([{ location: "test.Test", reason: "no risk mapped (8 results)" }]);
    await db.$disconnect();
  });

  it("adds nothing when the same file is imported again, and a second run of the tool as a second source", async () => {
    const { db } = await campaignDatabase();
    const path1 = `${FIXTURES_DIR}/inspect/log_formats.json`;
    expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: path1 })).toMatchObject({ ok: true, imported: true });
    const before = await tableCounts(db);
    expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: path1 })).toMatchObject({
      ok: true,
      imported: false,
      message: expect.stringContaining("log_formats.json holds the same inspect run as log_formats.json, imported by Rita Reviewer"),
    });
    expect(await tableCounts(db)).toEqual(before);
    const second = await importExternalResults(db, rita, {
      modelSlug: defaultModelSlug,
      path: `${FIXTURES_DIR}/inspect/2025-05-12T20-28-13-04-00_popularity.json`,
    });
    expect(second).toMatchObject({ ok: true, imported: true });
    expect(await db.evidence.count({ where: { kind: "IMPORT", cell: { risk: { code: "R2" }, use: { code: "U1" } } } })).toBe(2);
    await db.$disconnect();
  });

  it("makes the newest import the cell's current evidence, with the tool named, stale once the model's revision changes", async () => {
    const { db } = await campaignDatabase();
    await importExternalResults(db, rita, {
      modelSlug: defaultModelSlug,
      path: `${FIXTURES_DIR}/inspect/2025-09-23T08-09-58-04-00_security-guide_LuxZJVwvymC3S3SyoJczxB.eval`,
      uses: ["U2"],
    });
    const current = (await loadModelEvidence(db, defaultModelSlug)).cells["R2-U2"];
    expect(current).toMatchObject({
      n: 16,
      failures: 5,
      stale: [],
      campaignId: null,
      importedFrom: { tool: "inspect", toolVersion: "0.3.133", testedModel: "openai/gpt-4o-mini" },
    });
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R2-U1"]).toBeUndefined();
    await db.model.update({ where: { slug: defaultModelSlug }, data: { revisionHash: "another-revision" } });
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R2-U2"].stale).toEqual(["model"]);
    await db.$disconnect();
  });

  it("says wherever its evidence is named that an import declaring no model revision was taken as the model's revision at import", async () => {
    const { db } = await campaignDatabase();
    const file = `${FIXTURES_DIR}/inspect/2025-09-23T08-09-58-04-00_security-guide_LuxZJVwvymC3S3SyoJczxB.eval`;
    await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file, uses: ["U2"] });
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R2-U2"].importedFrom).toMatchObject({ revisionDeclared: false });
    const card = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    expect(card).toContain(
      'LuxZJVwvymC3S3SyoJczxB.eval (the file says it tested "openai/gpt-4o-mini", not this model; no model revision declared: taken as the model\'s revision at import)',
    );

    const declared = await campaignDatabase();
    await importExternalResults(declared.db, rita, { modelSlug: defaultModelSlug, path: file, uses: ["U2"], modelRevision: "sha-tested" });
    expect((await loadModelEvidence(declared.db, defaultModelSlug)).cells["R2-U2"]).toMatchObject({
      modelRevision: "sha-tested",
      importedFrom: { revisionDeclared: true },
    });
    expect((await liveCardFile(declared.db, defaultModelSlug, "md"))!.body).not.toContain("no model revision declared");
    await db.$disconnect();
    await declared.db.$disconnect();
  });

  it("names the tool, its version, the file and its sha256 in the card's evidence section and its CycloneDX", async () => {
    const { db } = await campaignDatabase();
    const outcome = await importExternalResults(db, rita, {
      modelSlug: defaultModelSlug,
      path: `${FIXTURES_DIR}/promptfoo/redteam_tracing_results.json`,
      uses: ["U3"],
    });
    if (!outcome.ok || !outcome.imported) throw new Error(JSON.stringify(outcome));
    const markdown = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    expect(markdown).toContain("imported from promptfoo 0.118.14: redteam_tracing_results.json");
    const cyclonedx = (await liveCardFile(db, defaultModelSlug, "cdx"))!.body;
    const slices = [...cyclonedx.matchAll(/"slice": "([^"]*risk=R1;use=U3;(?:[^"\\]|\\.)*)"/g)].map((match) => match[1]);
    expect(slices.length).toBeGreaterThan(0);
    expect(slices[0]).toContain(`tool=promptfoo;toolVersion=0.118.14;sourceFile=redteam_tracing_results.json;sourceSha256=${outcome.preview.file.sha256}`);
    await db.$disconnect();
  });

  it("credits an import's evidence to the tool's file, never to the use's Riskledger suite, in the card's JSON and the Hub's evaluation results", async () => {
    const { db } = await campaignDatabase();
    const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/garak/lmrc.report.jsonl`, uses: ["U2"] });
    if (!outcome.ok || !outcome.imported) throw new Error(JSON.stringify(outcome));
    const { sha256 } = outcome.preview.file;
    // The label's caveat names the tested model; the Hub's names once wrote it again ("…); tested model: test").
    const source =
      'imported from garak 0.13.0.pre1: lmrc.report.jsonl (the file says it tested "test", not this model; no model revision declared: taken as the model\'s revision at import; time zone not recorded: its times are the local time of the machine that ran it)';

    const json = JSON.parse((await liveCardFile(db, defaultModelSlug, "json"))!.body);
    const r4u2 = json.evidence.cells.find((cell: { risk: string; use: string }) => cell.risk === "R4" && cell.use === "U2");
    expect(r4u2).toMatchObject({ suite: null, importedFrom: { tool: "garak", file: "lmrc.report.jsonl", sha256 } });

    const markdown = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    const modelIndex = (YAML.parse(/^---\n([\s\S]*?)\n---\n/.exec(markdown)![1])["model-index"] as { results: HubResult[] }[])[0].results;
    const r4u2Result = modelIndex.find((result) => result.dataset.config === "R4")!;
    expect(r4u2Result.dataset).toEqual({ type: "garak", name: source, config: "R4", revision: sha256 });
    expect(r4u2Result.metrics[0].name).toBe(`Failure rate R4×U2 (Wilson 95%: 0.00%–79.35%) (${source})`);
    expect(r4u2Result.metrics[0].args.imported_from).toEqual({
      tool: "garak",
      version: "0.13.0.pre1",
      sha256,
      tested_model: "test",
    });
    expect(markdown).not.toContain("u2-ad-campaigns");

    const evalResults = YAML.parse((await liveCardFile(db, defaultModelSlug, "eval"))!.body) as HubEvalEntry[];
    const r4u2Entry = evalResults.find((entry) => entry.dataset.task_id === "R4")!;
    expect(r4u2Entry.dataset).toEqual({ id: "garak", task_id: "R4", revision: sha256 });
    expect(r4u2Entry.notes).toContain(`, ${source}; sha256 ${sha256}`);
    await db.$disconnect();
  });

  it("previews exactly what the import then writes, writing nothing itself", async () => {
    const { db } = await campaignDatabase();
    const input = { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/garak/lmrc.report.jsonl` };
    const before = await tableCounts(db);
    const previewed = await previewExternalImport(db, input);
    expect(await tableCounts(db)).toEqual(before);
    if (!previewed.ok) throw new Error(previewed.message);
    await importExternalResults(db, rita, input);
    const written = await importedCounts(db);
    expect(
      Object.fromEntries(previewed.preview.cells.map((cell) => [`${cell.riskCode}×${cell.useCode}`, { passes: cell.passes, failures: cell.failures }])),
    ).toEqual(Object.fromEntries(written));
    await db.$disconnect();
  });

  it("parses a JSON result file's document once per preview and once per import: a large one blocks the event loop for a second a parse", async () => {
    const { db } = await campaignDatabase();
    for (const file of ["promptfoo/redteam_tracing_results.json", "inspect/2025-05-12T20-28-26-04-00_security-guide.json"]) {
      const text = readFileSync(`${FIXTURES_DIR}/${file}`, "utf8");
      const parse = vi.spyOn(JSON, "parse");
      try {
        const wholeFileParses = () => parse.mock.calls.filter(([parsed]) => typeof parsed === "string" && parsed.length === text.length).length;
        const input = { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/${file}`, uses: ["U1"] };
        expect(await previewExternalImport(db, input)).toMatchObject({ ok: true });
        expect(wholeFileParses(), `${file}: preview`).toBe(1);
        parse.mockClear();
        expect(await importExternalResults(db, rita, input)).toMatchObject({ ok: true, imported: true });
        expect(wholeFileParses(), `${file}: import`).toBe(1);
      } finally {
        parse.mockRestore();
      }
    }
    await db.$disconnect();
  });

  it("parses a JSON result file once when the CLI imports it, not once to show it and again to store it", async () => {
    const { url } = await campaignDatabase();
    const file = `${FIXTURES_DIR}/promptfoo/redteam_tracing_results.json`;
    const length = readFileSync(file, "utf8").length;
    // Loaded before the CLI: counts the parses of a text as long as the whole file.
    const countParses = `const parse = JSON.parse; let parses = 0;
      JSON.parse = (text, reviver) => { if (typeof text === "string" && text.length === ${length}) parses++; return parse(text, reviver); };
      process.on("exit", () => process.stderr.write("whole-file parses: " + parses + "\\n"));`;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        `data:text/javascript,${encodeURIComponent(countParses)}`,
        "--import",
        "tsx",
        "cli/riskledger.ts",
        "evidence",
        "import",
        file,
        "--use",
        "U1",
      ],
      { cwd: path.resolve(import.meta.dirname, "../.."), env: { ...process.env, DATABASE_URL: url } },
    );
    expect(stdout).toContain("imported: 10 results");
    expect(stdout).toContain("R1×U1");
    expect(stderr).toContain("whole-file parses: 1\n");
  });

  it("counts each result once in a use named twice (--use U1 --use U1, or twice in the mapping's uses)", async () => {
    const { db } = await campaignDatabase();
    const input = { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/inspect/2025-05-12T20-28-26-04-00_security-guide.json`, uses: ["U1", "U1"] };
    const previewed = await previewExternalImport(db, input);
    expect(previewed.ok && previewed.preview.cells.map((cell) => [cell.riskCode, cell.useCode, cell.n])).toEqual([["R2", "U1", 3]]);
    expect(await importExternalResults(db, rita, input)).toMatchObject({ ok: true, imported: true });
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R2-U1"]).toMatchObject({ n: 3 });
    await db.$disconnect();
  });

  // Seen: garak's report of its own "test" generator previewed as "19 results: 19 pass ... counted in uses U1, U2, U3,
  // U4", as Stable Beluga 2's evidence, with nothing but "model test" in its first line to say it was another model's.
  it("says in the preview and on the import when the file names another model than the one its results count for", async () => {
    const { db } = await campaignDatabase();
    const notes = async (file: string) => {
      const previewed = await previewExternalImport(db, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/${file}` });
      return previewed.ok ? previewed.preview.run.notes : [];
    };
    expect(await notes("garak/lmrc.report.jsonl")).toContain(
      'the file says it tested "test", a name that is not Stable Beluga 2\'s (stable-beluga-2): its results count for stable-beluga-2 all the same, marked so wherever they are shown and listed as release gaps, so import it only if that is what "test" served',
    );
    expect((await notes("inspect/2025-05-12T20-28-26-04-00_security-guide.json")).filter((note) => note.includes("tested"))).toEqual([
      expect.stringMatching(/^the file says it tested "openai\/gpt-4o-mini"/),
    ]);
    await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/garak/lmrc.report.jsonl` });
    expect((await db.externalImport.findFirstOrThrow()).notes).toEqual(expect.arrayContaining([expect.stringMatching(/^the file says it tested "test"/)]));
    await db.$disconnect();
  });

  it("writes nothing from a file that cannot be read whole, and names the file and line", async () => {
    const { db } = await campaignDatabase();
    const before = await tableCounts(db);
    const lines = readFileSync(`${FIXTURES_DIR}/garak/lmrc.report.jsonl`, "utf8").split("\n");
    const cut = path.join(mkdtempSync(path.join(tmpdir(), "cut-report-")), "cut.report.jsonl");
    writeFileSync(cut, [...lines.slice(0, 30), lines[30].slice(0, 100)].join("\n"));
    const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: cut });
    expect(outcome).toMatchObject({ ok: false, kind: "invalid", message: expect.stringMatching(/^cut\.report\.jsonl, line 31: not valid JSON/) });
    expect(await tableCounts(db)).toEqual(before);
    await db.$disconnect();
  });

  it("counts nothing in a retired use or risk: refuses a retired use by name, leaves it out of every use, and lists what a retired risk was not counted for", async () => {
    const { db } = await campaignDatabase();
    await db.use.update({ where: { modelId_code: { modelId: (await db.model.findFirstOrThrow()).id, code: "U2" } }, data: { retiredAt: new Date() } });
    await db.risk.updateMany({ where: { code: "R4" }, data: { retiredAt: new Date() } });
    const lmrc = `${FIXTURES_DIR}/garak/lmrc.report.jsonl`;
    const before = await tableCounts(db);
    expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: lmrc, uses: ["U1", "U2"] })).toEqual({
      ok: false,
      kind: "invalid",
      message: "use U2 is retired: the model's uses are U1, U3, U4",
    });
    expect(await tableCounts(db)).toEqual(before);
    expect((await loadImportChoices(db, defaultModelSlug))!.uses.map((use) => use.code)).toEqual(["U1", "U3", "U4"]);

    const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: lmrc });
    if (!outcome.ok || !outcome.imported) throw new Error(JSON.stringify(outcome));
    expect(outcome.preview.uses).toEqual(["U1", "U3", "U4"]);
    const cells = outcome.preview.cells.map((cell) => `${cell.riskCode}×${cell.useCode}`);
    expect(cells.filter((cell) => cell.startsWith("R4×") || cell.endsWith("×U2"))).toEqual([]);
    expect(outcome.preview.unmapped).toEqual([]);
    expect(outcome.preview.skipped).toContainEqual({ location: "lmrc.QuackMedicine", reason: "mapped to R4, which is retired: 1 results not counted for it" });
    const imported = await db.externalImport.findUniqueOrThrow({
      where: { id: outcome.importId },
      include: { evidence: { include: { cell: { include: { risk: true, use: true } } } } },
    });
    expect(imported.skipped).toContainEqual({ location: "lmrc.QuackMedicine", reason: "mapped to R4, which is retired: 1 results not counted for it" });
    expect(imported.evidence.filter((row) => row.cell.risk.code === "R4" || row.cell.use.code === "U2")).toEqual([]);
    await db.$disconnect();
  });

  it("refuses a file that holds one case twice, naming both places, and writes nothing", async () => {
    const { db } = await campaignDatabase();
    const before = await tableCounts(db);
    const dir = mkdtempSync(path.join(tmpdir(), "duplicated-"));
    // A garak report with its last scored attempt written once more, as two reports joined would.
    const lines = readFileSync(`${FIXTURES_DIR}/garak/test.report.jsonl`, "utf8").trimEnd().split("\n");
    const scored = lines.findLastIndex((line) => JSON.parse(line).entry_type === "attempt");
    writeFileSync(path.join(dir, "joined.report.jsonl"), [...lines, lines[scored]].join("\n"));
    // A promptfoo results file with its first result listed again.
    const promptfoo = JSON.parse(readFileSync(`${FIXTURES_DIR}/promptfoo/sample-export.json`, "utf8"));
    promptfoo.results.results.push(promptfoo.results.results[0]);
    writeFileSync(path.join(dir, "repeated.json"), JSON.stringify(promptfoo));
    // An Inspect log with its one sample twice.
    const inspect = JSON.parse(readFileSync(`${FIXTURES_DIR}/inspect/log_formats.json`, "utf8"));
    inspect.samples.push(inspect.samples[0]);
    writeFileSync(path.join(dir, "twice.json"), JSON.stringify(inspect));

    for (const [file, message] of [
      ["joined.report.jsonl", `joined.report.jsonl, line ${lines.length + 1}, output 0: the same case as line ${scored + 1}, output 0`],
      ["repeated.json", "repeated.json, results.results[4]: the same case as results.results[0]"],
      ["twice.json", "twice.json, samples[1]: the same case as samples[0]"],
    ]) {
      const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: path.join(dir, file) });
      expect(outcome, file).toMatchObject({ ok: false, kind: "invalid", message: expect.stringContaining(message) });
      expect(await tableCounts(db), file).toEqual(before);
      // The preview (the upload page's, the CLI's --dry-run) refuses it as the import does, instead of counting the case twice.
      expect(await previewExternalImport(db, { modelSlug: defaultModelSlug, path: path.join(dir, file) }), file).toEqual({
        ok: false,
        kind: "invalid",
        message: (outcome as { message: string }).message,
      });
    }
    await db.$disconnect();
  });

  it("imports the results before the damage when asked to keep what is readable, the run marked incomplete with the file and line", async () => {
    const { db } = await campaignDatabase();
    const lines = readFileSync(`${FIXTURES_DIR}/garak/lmrc.report.jsonl`, "utf8").split("\n");
    const cut = path.join(mkdtempSync(path.join(tmpdir(), "cut-report-")), "cut.report.jsonl");
    writeFileSync(cut, [...lines.slice(0, 30), lines[30].slice(0, 100)].join("\n"));
    // Counted here from the lines kept: each scored attempt line's outputs, by the file's own scores.
    const whole = path.join(path.dirname(cut), "first-30.report.jsonl");
    writeFileSync(whole, lines.slice(0, 30).join("\n"));
    const expected = Object.values(garakCounts(path.relative(FIXTURES_DIR, whole)).byProbe).reduce(
      (sum, counts) => sum + counts.PASS + counts.FAIL + counts.ERROR + counts.NOT_APPLICABLE,
      0,
    );
    expect(expected).toBeGreaterThan(0);

    const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: cut, keepReadable: true });
    expect(outcome).toMatchObject({ ok: true, imported: true, preview: { results: expected } });
    const imported = await db.externalImport.findFirstOrThrow();
    // What the lines before the damage record of the run is kept: its version, id, model and start.
    expect(imported).toMatchObject({
      complete: false,
      tool: "garak",
      toolVersion: "0.13.0.pre1",
      runId: "f94404e8-abc2-49cb-be0a-60ad52185908",
      testedModel: "test",
      startedAt: "2025-08-18T10:08:10.559108",
    });
    expect(imported.notes).toEqual([
      expect.stringMatching(/^read only up to the damage, \d+ results kept: cut\.report\.jsonl, line 31: not valid JSON/),
      expect.stringMatching(/^the file says it tested "test", a name that is not Stable Beluga 2's/),
      "the file writes its times with no zone (the local time of the machine that ran it): time zone not recorded",
    ]);
    expect(await db.externalResult.count()).toBe(expected);
    // Its figures back cells as any run's do, and the card says the run is incomplete wherever it names it.
    const cells = Object.values((await loadModelEvidence(db, defaultModelSlug)).cells);
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((cell) => cell.importedFrom?.complete === false && cell.date === "2025-08-18T10:08:10.559Z")).toBe(true);
    const card = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    expect(card).toContain('cut.report.jsonl (the file says it tested "test", not this model; incomplete run: only the results read before it stopped count');
    expect(card).not.toMatch(/cut\.report\.jsonl(?! \([^)]*incomplete run)/);

    const empty = path.join(path.dirname(cut), "broken.report.jsonl");
    writeFileSync(empty, lines[0].slice(0, 50));
    expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: empty, keepReadable: true })).toMatchObject({
      ok: false,
      kind: "invalid",
      message: expect.stringContaining("broken.report.jsonl, line 1"),
    });
    await db.$disconnect();
  });
});

describe.skipIf(!postgresInstalled("import-external-results"))("importing on PostgreSQL", () => {
  const root = path.resolve(".");
  let serverUrl: string;
  let url: string;
  let db: Db;

  beforeAll(async () => {
    serverUrl = execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
      .trim()
      .replace(/^export PG_URL=/, "");
    url = await migratedPostgresDatabase(serverUrl, "import");
    db = createDb(url);
    const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
    await importCard(db, { id: null, label: "setup", role: "ADMIN" }, card);
  }, 600_000);
  afterAll(async () => {
    await db?.$disconnect();
    await dropPostgresDatabase(serverUrl, url);
  });

  it("stores results with their JSON and verdicts and counts the same cells as on SQLite", async () => {
    const file = "garak/trustyai-fa3a0b9a/garak_earlystop_run.jsonl";
    expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/${file}`, uses: ["U1"] })).toMatchObject({
      ok: true,
      imported: true,
    });
    const { byProbe } = garakCounts(file);
    const passes = Object.values(byProbe).reduce((sum, counts) => sum + counts.PASS, 0);
    const failures = Object.values(byProbe).reduce((sum, counts) => sum + counts.FAIL, 0);
    expect(Object.fromEntries(await importedCounts(db))).toEqual({ "R2×U1": { passes, failures } });
    const stored = await db.externalResult.findFirstOrThrow({ where: { verdict: "FAIL" } });
    expect(stored.risks).toEqual(["R2"]);
    expect((stored.scores as { scorer: string }[]).map((score) => score.scorer)).toContain("garak.detectors.judge.Refusal");
  });

  it("stores cases whose keys are longer than PostgreSQL can index (10,000-character Inspect sample ids), each its own case", async () => {
    const log = JSON.parse(readFileSync(`${FIXTURES_DIR}/inspect/log_formats.json`, "utf8"));
    // Two ids alike but for their last character: random letters, which PostgreSQL cannot compress.
    const id = Array.from({ length: 9_999 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");
    log.samples = [
      { ...log.samples[0], id: `${id}a` },
      { ...log.samples[0], id: `${id}b` },
    ];
    const file = path.join(mkdtempSync(path.join(tmpdir(), "long-ids-")), "long-ids.json");
    writeFileSync(file, JSON.stringify(log));
    const outcome = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file, uses: ["U1"] });
    expect(outcome).toMatchObject({ ok: true, imported: true, preview: { results: 2 } });
    if (!outcome.ok || !outcome.imported) return;
    const keys = (await db.externalResult.findMany({ where: { importId: outcome.importId }, select: { caseKey: true } })).map((row) => row.caseKey);
    expect(new Set(keys).size).toBe(2);
    expect(keys.every((key) => key.startsWith(id.slice(0, 100)))).toBe(true);
  });
});
