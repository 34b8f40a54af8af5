// What the audit log must hold besides people's edits: suite syncs, a campaign's completion and
// the evidence its worker writes, another tool's results imported, an override of one of them and
// an edit of the mapping — each recorded once, and shown in the model's audit log.
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { loadAuditLog } from "../../lib/audit/load-audit-log";
import { syncSuites } from "../../lib/suites/sync-suites";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { freshDatabase } from "../support/fresh-database";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { confirmImportedOverride, overrideImportedResult } from "../../lib/imports/override-imported-result";
import { saveMapping, sha256OfText } from "../../lib/imports/save-mapping";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { campaignDatabase, runCampaign, smallCampaign, twoReviewers } from "./campaign-fixture";

const viewer: Actor = { id: null, label: "Vic Viewer", role: "VIEWER" };

describe("audited beyond people's edits", () => {
  test("a suite sync that changes suites is audited per suite under the model; a sync that changes nothing records nothing", async () => {
    const { db } = freshDatabase();
    const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
    await importCard(db, { id: null, label: "setup", role: "ADMIN" }, card);
    const first = await syncSuites(db, defaultModelSlug);
    const synced = await db.auditEvent.findMany({ where: { action: "suite.sync" } });
    expect(synced).toHaveLength(first.suites.length);
    expect(synced.map((event) => (event.after as { suite: string }).suite).sort()).toEqual(first.suites.map((suite) => suite.key).sort());
    await syncSuites(db, defaultModelSlug);
    expect(await db.auditEvent.count({ where: { action: "suite.sync" } })).toBe(first.suites.length);
    const log = (await loadAuditLog(db, viewer, defaultModelSlug, { entity: "Model" }))!;
    expect(log.filter((entry) => entry.action === "suite.sync")).toHaveLength(first.suites.length);
  });

  test("a campaign's completion and every evidence row its worker writes are audited, and shown in the model's log", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await runCampaign(db, smallCampaign);
    const evidence = await db.evidence.findMany({ where: { campaignId } });
    expect(evidence.length).toBeGreaterThan(0);

    const completed = await db.auditEvent.findMany({ where: { action: "campaign.complete", entityId: campaignId } });
    expect(completed).toHaveLength(1);
    expect(completed[0].after).toMatchObject({ status: "COMPLETED", evidence: evidence.length });
    const written = await db.auditEvent.findMany({ where: { action: "evidence.write" } });
    expect(written.map((event) => event.entityId).sort()).toEqual(evidence.map((item) => item.cellId).sort());
    expect(written[0].after).toMatchObject({ campaignId });

    const log = (await loadAuditLog(db, viewer, defaultModelSlug))!;
    expect(log.filter((entry) => entry.action === "evidence.write")).toHaveLength(evidence.length);
    const completion = log.find((entry) => entry.action === "campaign.complete")!;
    expect(completion.entity).toMatch(/^campaign "/);
  });

  test("an import of another tool's results, an override of one of them and an edit of the mapping are shown in the model's log, named by the file", async () => {
    const mappings = mkdtempSync(path.join(tmpdir(), "riskledger-mappings-"));
    copyFileSync(path.resolve("content/mappings/default.yaml"), path.join(mappings, "default.yaml"));
    process.env.RISKLEDGER_MAPPINGS_DIR = mappings;
    try {
      const { db } = await campaignDatabase();
      const { proposer, confirmer } = await twoReviewers(db);
      const file = `${FIXTURES_DIR}/inspect/2025-09-23T08-09-58-04-00_security-guide_LuxZJVwvymC3S3SyoJczxB.eval`;
      expect(await importExternalResults(db, proposer, { modelSlug: defaultModelSlug, path: file, uses: ["U2"] })).toMatchObject({ imported: true });
      const failing = await db.externalResult.findFirstOrThrow({ where: { verdict: "FAIL" } });
      await overrideImportedResult(db, proposer, { resultId: failing.id, verdict: "PASS", reason: "the grader misread a safe answer" });
      await confirmImportedOverride(db, confirmer, { resultId: failing.id });
      const text = readFileSync(path.join(mappings, "default.yaml"), "utf8");
      expect(await saveMapping(db, proposer, { file: "default.yaml", text: `${text}\n`, baseSha256: sha256OfText(text) })).toMatchObject({ ok: true });

      const log = (await loadAuditLog(db, viewer, defaultModelSlug))!;
      const imported = `imported run "${path.basename(file)}" (inspect)`;
      expect(log.filter((entry) => entry.action === "evidence.import").map((entry) => entry.entity)).toEqual([imported]);
      expect(log.filter((entry) => entry.action.startsWith("imported-result.")).map((entry) => [entry.action, entry.entity])).toEqual([
        ["imported-result.override-confirmed", `a result of ${imported}`],
        ["imported-result.override-proposed", `a result of ${imported}`],
      ]);
      expect(log.filter((entry) => entry.action === "mapping.save").map((entry) => entry.entity)).toEqual(["risk mapping default.yaml"]);
      await db.$disconnect();
    } finally {
      delete process.env.RISKLEDGER_MAPPINGS_DIR;
    }
  });
});
