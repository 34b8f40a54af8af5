// The browser's side of importing other tools' results, on a real SQLite database with the Stable
// Beluga 2 card: a file uploaded in chunks, previewed without writing, then imported through the
// evidence.import command; an imported result's verdict overridden and confirmed by a second person
// as a campaign run's is; and the mapping edited, checked against its schema and audited.
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { importUpload, previewUpload } from "../../lib/imports/import-upload";
import { confirmImportedOverride, overrideImportedResult } from "../../lib/imports/override-imported-result";
import { defaultMappingFile } from "../../lib/imports/risk-mapping";
import { saveMapping, sha256OfText } from "../../lib/imports/save-mapping";
import { appendChunk, completeUpload, startUpload } from "../../lib/imports/upload-store";
import { FIXTURES_DIR, garakCounts } from "../fixtures/external-results/raw-counts";
import { campaignDatabase, rita, twoReviewers, victor } from "./campaign-fixture";

const REPORT = "garak/lmrc.report.jsonl";

async function tableCounts(db: Db) {
  return {
    imports: await db.externalImport.count(),
    results: await db.externalResult.count(),
    evidence: await db.evidence.count(),
    audit: await db.auditEvent.count(),
  };
}

const uploads = mkdtempSync(path.join(tmpdir(), "riskledger-uploads-"));
const mappings = mkdtempSync(path.join(tmpdir(), "riskledger-mappings-"));
beforeAll(() => {
  process.env.RISKLEDGER_UPLOADS_DIR = uploads;
  process.env.RISKLEDGER_MAPPINGS_DIR = mappings;
  copyFileSync(path.resolve("content/mappings/default.yaml"), path.join(mappings, "default.yaml"));
});
afterAll(() => {
  delete process.env.RISKLEDGER_UPLOADS_DIR;
  delete process.env.RISKLEDGER_MAPPINGS_DIR;
});

/** Sends a fixture the way the browser does: announced, then in chunks of `chunk` bytes. */
async function uploadInChunks(db: Db, actor: typeof rita, file: string, chunk: number) {
  const bytes = readFileSync(`${FIXTURES_DIR}/${file}`);
  const started = await startUpload(db, actor, defaultModelSlug, { fileName: path.basename(file), size: bytes.length });
  if (!started.ok) throw new Error(started.message);
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const appended = await appendChunk(actor, defaultModelSlug, started.upload.id, offset, bytes.subarray(offset, offset + chunk));
    if (!appended.ok) throw new Error(appended.message);
  }
  return started.upload.id;
}

describe("uploading a result file from the browser", () => {
  it("takes the file in chunks, previews it writing nothing, then imports it through the command and drops the upload", async () => {
    const { db } = await campaignDatabase();
    const uploadId = await uploadInChunks(db, rita, REPORT, 7_000);
    const found = await completeUpload(rita, defaultModelSlug, uploadId);
    if (!found.ok) throw new Error(found.message);
    expect(readFileSync(found.upload.path)).toEqual(readFileSync(`${FIXTURES_DIR}/${REPORT}`));

    const before = await tableCounts(db);
    const previewed = await previewUpload(db, defaultModelSlug, found.upload, { uploadId, uses: ["U2"], keepReadable: false });
    expect(await tableCounts(db)).toEqual(before);
    if (!previewed.ok) throw new Error(previewed.message);
    const { byProbe } = garakCounts(REPORT);
    const expectedResults = Object.values(byProbe).reduce((sum, counts) => sum + counts.PASS + counts.FAIL + counts.ERROR + counts.NOT_APPLICABLE, 0);
    expect(previewed.preview).toMatchObject({ results: expectedResults, uses: ["U2"], file: { name: "lmrc.report.jsonl" }, earlierImport: null });
    expect(previewed.preview.unmapped).toEqual([]);

    const imported = await importUpload(db, rita, defaultModelSlug, found.upload, { uploadId, uses: ["U2"], keepReadable: false });
    expect(imported).toMatchObject({ ok: true, imported: true });
    expect(await db.externalImport.findFirstOrThrow()).toMatchObject({ fileName: "lmrc.report.jsonl", uses: ["U2"] });
    expect(await db.auditEvent.count({ where: { action: "evidence.import" } })).toBe(1);
    expect(await completeUpload(rita, defaultModelSlug, uploadId)).toMatchObject({ ok: false, kind: "not_found" });
    await db.$disconnect();
  });

  it("refuses a chunk out of place, more bytes than announced, and a preview before the whole file has arrived", async () => {
    const { db } = await campaignDatabase();
    const bytes = readFileSync(`${FIXTURES_DIR}/${REPORT}`);
    const started = await startUpload(db, rita, defaultModelSlug, { fileName: "lmrc.report.jsonl", size: bytes.length });
    if (!started.ok) throw new Error(started.message);
    const id = started.upload.id;
    expect(await appendChunk(rita, defaultModelSlug, id, 0, bytes.subarray(0, 1000))).toMatchObject({ ok: true, received: 1000, complete: false });
    expect(await appendChunk(rita, defaultModelSlug, id, 0, bytes.subarray(0, 1000))).toMatchObject({
      ok: false,
      kind: "conflict",
      message: expect.stringContaining("1000 bytes have arrived"),
    });
    expect(await completeUpload(rita, defaultModelSlug, id)).toMatchObject({ ok: false, kind: "conflict" });
    expect(await appendChunk(rita, defaultModelSlug, id, 1000, Buffer.concat([bytes.subarray(1000), Buffer.from("x")]))).toMatchObject({
      ok: false,
      kind: "invalid",
    });
    expect(await startUpload(db, rita, defaultModelSlug, { fileName: "../../etc/passwd", size: 10 })).toMatchObject({ ok: false, kind: "invalid" });
    await db.$disconnect();
  });

  it("removes an upload abandoned part way, or never imported, once it has had no chunk for a day, when the next upload starts", async () => {
    const { db } = await campaignDatabase();
    const bytes = readFileSync(`${FIXTURES_DIR}/${REPORT}`);
    const start = async () => {
      const started = await startUpload(db, rita, defaultModelSlug, { fileName: "lmrc.report.jsonl", size: bytes.length });
      if (!started.ok) throw new Error(started.message);
      return started.upload.id;
    };
    const abandoned = await start();
    expect(await appendChunk(rita, defaultModelSlug, abandoned, 0, bytes.subarray(0, 1000))).toMatchObject({ ok: true });
    const neverImported = await uploadInChunks(db, rita, REPORT, 50_000);
    const recent = await start();
    const dayAndMinuteAgo = new Date(Date.now() - 24 * 3600_000 - 60_000);
    for (const id of [abandoned, neverImported])
      for (const file of readdirSync(path.join(uploads, id))) utimesSync(path.join(uploads, id, file), dayAndMinuteAgo, dayAndMinuteAgo);

    const next = await start();
    const left = readdirSync(uploads);
    expect(left).not.toContain(abandoned);
    expect(left).not.toContain(neverImported);
    expect(left).toEqual(expect.arrayContaining([recent, next]));
    expect(await completeUpload(rita, defaultModelSlug, neverImported)).toMatchObject({ ok: false, kind: "not_found" });
    await db.$disconnect();
  });

  it("lets no viewer upload, and no one add to or import another person's upload", async () => {
    const { db } = await campaignDatabase();
    const { proposer, confirmer } = await twoReviewers(db);
    const before = readdirSync(uploads).length;
    expect(await startUpload(db, victor, defaultModelSlug, { fileName: "a.jsonl", size: 10 })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(readdirSync(uploads).length).toBe(before);
    const uploadId = await uploadInChunks(db, proposer, REPORT, 50_000);
    expect(await completeUpload(confirmer, defaultModelSlug, uploadId)).toMatchObject({ ok: false, kind: "not_found" });
    expect(await appendChunk(confirmer, defaultModelSlug, uploadId, 0, Buffer.from("{}"))).toMatchObject({ ok: false, kind: "not_found" });
    expect(await completeUpload(proposer, "another-model", uploadId)).toMatchObject({ ok: false, kind: "not_found" });
    await db.$disconnect();
  });
});

describe("overriding an imported result's verdict", () => {
  it("counts a proposal only once a second reviewer confirms it, recounting the import's cell in place and keeping the tool's verdict", async () => {
    const { db } = await campaignDatabase();
    const { proposer, confirmer } = await twoReviewers(db);
    const file = `${FIXTURES_DIR}/inspect/2025-09-23T08-09-58-04-00_security-guide_LuxZJVwvymC3S3SyoJczxB.eval`;
    expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: file, uses: ["U2"] })).toMatchObject({ ok: true, imported: true });
    const cellOf = async () => (await loadModelEvidence(db, defaultModelSlug)).cells["R2-U2"];
    const before = await cellOf();
    expect(before).toMatchObject({ n: 16, failures: 5 });
    const row = await db.evidence.findFirstOrThrow({ where: { kind: "IMPORT", cell: { risk: { code: "R2" }, use: { code: "U2" } } } });
    const failing = await db.externalResult.findFirstOrThrow({ where: { verdict: "FAIL" } });

    const proposed = await overrideImportedResult(db, proposer, { resultId: failing.id, verdict: "PASS", reason: "the grader misread a safe answer" });
    expect(proposed).toEqual({ ok: true, pending: true });
    expect(await cellOf()).toMatchObject({ n: 16, failures: 5 });
    expect(await confirmImportedOverride(db, proposer, { resultId: failing.id })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await confirmImportedOverride(db, confirmer, { resultId: failing.id })).toEqual({ ok: true, pending: false });

    expect(await cellOf()).toMatchObject({ n: 16, failures: 4 });
    const after = await db.evidence.findFirstOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ failures: 4, passes: 12, overrides: 1, createdAt: row.createdAt });
    expect(await db.externalResult.findUniqueOrThrow({ where: { id: failing.id } })).toMatchObject({ verdict: "FAIL", overrideVerdict: "PASS" });
    const audit = await db.auditEvent.findMany({ where: { entityType: "ExternalResult", entityId: failing.id }, orderBy: { at: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["imported-result.override-proposed", "imported-result.override-confirmed"]);

    expect(await overrideImportedResult(db, proposer, { resultId: failing.id, verdict: null, reason: "taken back" })).toEqual({ ok: true, pending: false });
    expect(await db.evidence.findFirstOrThrow({ where: { id: row.id } })).toMatchObject({ failures: 5, overrides: 0 });
    await db.$disconnect();
  });

  it("refuses a viewer and changes nothing", async () => {
    const { db } = await campaignDatabase();
    await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/inspect/log_formats.json` });
    const result = await db.externalResult.findFirstOrThrow();
    const before = await tableCounts(db);
    expect(await overrideImportedResult(db, victor, { resultId: result.id, verdict: "PASS", reason: "looks fine" })).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
    expect(await tableCounts(db)).toEqual(before);
    await db.$disconnect();
  });
});

describe("editing the mapping", () => {
  it("saves YAML that passes the mapping schema, audits old and new text, and the next import is mapped with it", async () => {
    const { db } = await campaignDatabase();
    const text = readFileSync(defaultMappingFile(), "utf8");
    const edited = text.replace("    test.*: []", "    test.*: [R5]");
    expect(edited).not.toBe(text);
    expect(await saveMapping(db, rita, { file: "default.yaml", text: edited, baseSha256: sha256OfText(text) })).toEqual({
      ok: true,
      sha256: sha256OfText(edited),
    });
    expect(readFileSync(defaultMappingFile(), "utf8")).toBe(edited);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "mapping.save" } });
    expect(audit).toMatchObject({ entityType: "RiskMapping", entityId: "default.yaml", before: { text }, after: { text: edited } });

    expect(await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: `${FIXTURES_DIR}/garak/test.report.jsonl`, uses: ["U1"] })).toMatchObject(
      { ok: true, imported: true },
    );
    expect((await loadModelEvidence(db, defaultModelSlug)).cells["R5-U1"]).toMatchObject({
      n: garakCounts("garak/test.report.jsonl").byProbe["test.Test"].PASS,
    });
    writeFileSync(defaultMappingFile(), text);
    await db.$disconnect();
  });

  it("refuses a mapping the schema rejects, naming the field, and a save over someone else's, changing nothing", async () => {
    const { db } = await campaignDatabase();
    const text = readFileSync(defaultMappingFile(), "utf8");
    const base = sha256OfText(text);
    const audited = await db.auditEvent.count();
    expect(await saveMapping(db, rita, { file: "default.yaml", text: text.replace("lmrc.*: [R1]", "lmrc.*: [Risk1]"), baseSha256: base })).toMatchObject({
      ok: false,
      kind: "invalid",
      message: expect.stringMatching(/^default\.yaml: garak\.probes\.lmrc\.\*\.0: a risk code such as R3/),
    });
    expect(await saveMapping(db, rita, { file: "default.yaml", text: "uses: [U1\n", baseSha256: base })).toMatchObject({
      ok: false,
      kind: "invalid",
      message: expect.stringContaining("YAML"),
    });
    expect(await saveMapping(db, rita, { file: "default.yaml", text: `${text}\n`, baseSha256: sha256OfText("an older text") })).toMatchObject({
      ok: false,
      kind: "conflict",
    });
    expect(await saveMapping(db, victor, { file: "default.yaml", text: `${text}\n`, baseSha256: base })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await saveMapping(db, rita, { file: "../default.yaml", text, baseSha256: base })).toMatchObject({ ok: false, kind: "invalid" });
    expect(readFileSync(defaultMappingFile(), "utf8")).toBe(text);
    expect(await db.auditEvent.count()).toBe(audited);
    await db.$disconnect();
  });
});
