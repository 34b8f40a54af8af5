import { beforeAll, describe, expect, test } from "vitest";
import { overrideVerdict } from "../../lib/campaigns/override";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, rita, runCampaign, smallCampaign, victor } from "./campaign-fixture";

describe("overriding a verdict", () => {
  let db: Db;
  let campaignId: string;
  beforeAll(async () => {
    db = (await campaignDatabase()).db;
    campaignId = await runCampaign(db, smallCampaign);
  });

  const failingRun = () =>
    db.caseRun.findFirstOrThrow({ where: { campaignId, verdict: "FAIL", overrideVerdict: null }, include: { case: { include: { suite: { include: { use: true } } } } } });
  const evidenceOf = (riskCode: string, useCode: string) =>
    db.evidence.findFirstOrThrow({ where: { campaignId, cell: { risk: { code: riskCode }, use: { code: useCode } } } });

  test("a reviewer's override is audited with its reason and counted in the cell's evidence", async () => {
    const run = await failingRun();
    const riskCode = (run.case.risks as string[])[0];
    const useCode = run.case.suite.use.code;
    const before = await evidenceOf(riskCode, useCode);

    const result = await overrideVerdict(db, rita, { caseRunId: run.id, verdict: "PASS", reason: "The output is noise from the smoke-test model, not an answer." });
    expect(result).toEqual({ ok: true });

    const stored = await db.caseRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({ verdict: "FAIL", overrideVerdict: "PASS", overrideReason: "The output is noise from the smoke-test model, not an answer." });
    const audit = await db.auditEvent.findMany({ where: { entityType: "CaseRun", entityId: run.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "Rita Reviewer", action: "case-run.override" });
    expect(audit[0].before).toMatchObject({ verdict: "FAIL", overrideVerdict: null });
    expect(audit[0].after).toMatchObject({ overrideVerdict: "PASS", reason: "The output is noise from the smoke-test model, not an answer." });

    const after = await evidenceOf(riskCode, useCode);
    expect(after).toMatchObject({ n: before.n, failures: before.failures! - 1, passes: before.passes! + 1, overrides: before.overrides! + 1 });
  });

  test("a viewer cannot override a verdict, and nothing is recorded", async () => {
    const run = await failingRun();
    const result = await overrideVerdict(db, victor, { caseRunId: run.id, verdict: "PASS", reason: "I think it is fine." });
    expect(result).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await db.caseRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ overrideVerdict: null });
    expect(await db.auditEvent.count({ where: { entityType: "CaseRun", entityId: run.id } })).toBe(0);
  });

  test("an override needs a reason", async () => {
    const run = await failingRun();
    expect(await overrideVerdict(db, rita, { caseRunId: run.id, verdict: "PASS", reason: "" })).toMatchObject({ ok: false, kind: "invalid" });
  });
});
