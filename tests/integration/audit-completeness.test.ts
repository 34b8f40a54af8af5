// What the audit log must hold besides people's edits: suite syncs, a campaign's completion and
// the evidence its worker writes — each recorded once, and shown in the model's audit log.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { loadAuditLog } from "../../lib/audit/load-audit-log";
import { syncSuites } from "../../lib/suites/sync-suites";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { freshDatabase } from "../support/fresh-database";
import { campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";

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
});
