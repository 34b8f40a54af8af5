// An import killed part way, as kill -9 leaves it: the import row and some of its results stored,
// no evidence. Nothing reads it as imported (lists, pages, evidence, the preview), and running the
// same import again starts it over and finishes it, with every result and its evidence. The real
// CLI runs in a process of its own on a generated garak report, killed once results are stored.
import { execFile, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { defaultModelSlug } from "../../lib/content/paths";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { importExternalResults, previewExternalImport } from "../../lib/imports/import-external-results";
import { STALE_MS } from "../../lib/imports/import-storing";
import { listImports, loadImport } from "../../lib/imports/load-imports";
import { sha256OfFile } from "../../lib/imports/read-external-results";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { campaignDatabase, rita } from "./campaign-fixture";
import { programArgs } from "../support/program-bundle";

const root = path.resolve(import.meta.dirname, "../..");
// Forty batches of 500 (lib/imports/import-external-results.ts): killed once 2,000 are stored, the import still has
// most of them to store. The report that found the bug had 60,000, which cost this file a third more CPU.
const ATTEMPTS = 20_000;
const PROBES = ["lmrc.Bullying", "lmrc.QuackMedicine", "lmrc.SexualContent", "lmrc.SlurUsage"];

/** A garak report of `attempts` attempts, written as garak writes one: each attempt once sent (status 1), once judged (status 2). */
async function garakReport(attempts: number): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-killed-import-")), "big.report.jsonl");
  const out = createWriteStream(file);
  const write = (line: object) =>
    out.write(`${JSON.stringify(line)}\n`) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve()));
  const run = "0b1e9c1a-kill-4000-8000-000000000001";
  await write({ entry_type: "start_run setup", "_config.version": "0.14.0", "transient.run_id": run, "plugins.target_name": "stable-beluga-2" });
  await write({ entry_type: "init", garak_version: "0.14.0", start_time: "2026-12-03T07:00:00.000000", run });
  const perProbe = attempts / PROBES.length;
  for (const [p, probe] of PROBES.entries()) {
    const attempt = (seq: number, status: number) => ({
      entry_type: "attempt",
      uuid: `00000000-0000-4000-8000-${String(p).padStart(4, "0")}${String(seq).padStart(8, "0")}`,
      seq,
      status,
      probe_classname: probe,
      probe_params: {},
      targets: [],
      prompt: { turns: [{ role: "user", content: { text: `Prompt ${seq} of ${probe}`, lang: "en" } }], notes: {} },
      outputs: [{ text: `Answer ${seq}: I cannot help with that.`, lang: "en" }],
      detector_results: status === 2 ? { [`${probe.split(".")[0]}.Detector`]: [seq % 20 === 0 ? 0.9 : 0.1] } : {},
      notes: {},
      goal: `goal of ${probe}`,
      conversations: [],
      reverse_translation_outputs: [],
    });
    for (let seq = 0; seq < perProbe; seq++) await write(attempt(seq, 1));
    for (let seq = 0; seq < perProbe; seq++) await write(attempt(seq, 2));
  }
  await write({ entry_type: "completion", end_time: "2026-12-03T09:00:00.000000", run });
  await new Promise<void>((resolve) => out.end(resolve));
  return file;
}

const cliArgs = (file: string) => [...programArgs("cli/riskledger.ts"), "evidence", "import", file, "--model", defaultModelSlug];

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test(
  "an evidence import killed while storing its results counts nowhere, and the same import run again stores every result and writes its evidence",
  async () => {
    const { db, url } = await campaignDatabase();
    const report = await garakReport(ATTEMPTS);
    const env = { ...process.env, DATABASE_URL: url };

    // kill -9 of the CLI's process group once the import row holds some of the results.
    const victim = spawn(process.execPath, cliArgs(report), { cwd: root, env, stdio: "ignore", detached: true });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => victim.on("exit", (_code, signal) => resolve(signal)));
    const stored = await until("the import to have stored some results", async () => {
      const count = await db.externalResult.count();
      return count >= 2_000 && count;
    });
    process.kill(-victim.pid!, "SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const left = await db.externalResult.count();
    expect(left).toBeGreaterThanOrEqual(stored);
    expect(left).toBeLessThan(ATTEMPTS);
    expect(await db.evidence.count({ where: { kind: "IMPORT" } })).toBe(0);

    // The half import is nowhere to be seen as imported.
    const half = await db.externalImport.findFirstOrThrow({ select: { id: true } });
    expect(await listImports(db, defaultModelSlug)).toEqual([]);
    expect(await loadImport(db, defaultModelSlug, half.id, { page: 1 })).toBeNull();
    const previewed = await previewExternalImport(db, { modelSlug: defaultModelSlug, path: report });
    expect(previewed).toMatchObject({ ok: true, preview: { earlierImport: null, results: ATTEMPTS } });
    const evidence = await loadModelEvidence(db, defaultModelSlug);
    expect(Object.values(evidence.cells).filter((cell) => cell.importedFrom)).toEqual([]);

    // The same command again finishes the import.
    const { stdout } = await promisify(execFile)(process.execPath, cliArgs(report), { cwd: root, env });
    expect(stdout).toContain(`imported: ${ATTEMPTS} results`);
    const imports = await listImports(db, defaultModelSlug);
    expect(imports).toMatchObject([{ fileName: "big.report.jsonl", results: ATTEMPTS, failures: ATTEMPTS / 20 }]);
    expect(await db.externalImport.count()).toBe(1);
    expect(await db.externalResult.count()).toBe(ATTEMPTS);
    const loaded = await loadImport(db, defaultModelSlug, imports[0].id, { page: 1 });
    // Every cell the preview of the whole file counted, with the same counts.
    const counts = (cells: { riskCode: string; useCode: string; passes: number | null; failures: number | null }[]) =>
      cells.map(({ riskCode, useCode, passes, failures }) => ({ riskCode, useCode, passes, failures })).filter((cell) => cell.passes! + cell.failures! > 0);
    if (!previewed.ok) throw new Error(previewed.message);
    expect(counts(loaded!.cells)).toEqual(counts(previewed.preview.cells));
    expect(loaded!.cells.length).toBeGreaterThan(0);
    await db.$disconnect();
  },
  15 * 60_000,
);

test("an import of the same file still being stored on another machine is left to finish, and started over once it has stored nothing for too long", async () => {
  const { db } = await campaignDatabase();
  const file = `${FIXTURES_DIR}/garak/lmrc.report.jsonl`;
  const model = await db.model.findUniqueOrThrow({ where: { slug: defaultModelSlug } });
  const elsewhere = await db.externalImport.create({
    data: {
      modelId: model.id,
      tool: "garak",
      fileName: "lmrc.report.jsonl",
      sha256: await sha256OfFile(file),
      complete: false,
      uses: ["U1"],
      mappingFile: "default.yaml",
      mappingHash: "0".repeat(64),
      skipped: [],
      notes: [],
      storingBy: "another-host:4242",
      storingHeartbeatAt: new Date(),
    },
  });

  const refused = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file });
  expect(refused).toMatchObject({ ok: false, kind: "busy", message: expect.stringContaining("lmrc.report.jsonl is being imported for this model right now") });
  expect(await db.externalImport.findMany({ select: { id: true } })).toEqual([{ id: elsewhere.id }]);
  expect(await db.evidence.count({ where: { kind: "IMPORT" } })).toBe(0);

  await db.externalImport.update({ where: { id: elsewhere.id }, data: { storingHeartbeatAt: new Date(Date.now() - STALE_MS - 1_000) } });
  const imported = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file });
  expect(imported).toMatchObject({ ok: true, imported: true });
  expect(await db.externalImport.findMany({ select: { id: true, storingBy: true } })).toEqual([{ id: imported.ok ? imported.importId : "", storingBy: null }]);
  expect(await db.evidence.count({ where: { kind: "IMPORT" } })).toBeGreaterThan(0);
  expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file })).toMatchObject({ ok: true, imported: false });
  await db.$disconnect();
});
