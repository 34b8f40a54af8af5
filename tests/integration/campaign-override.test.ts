import { beforeAll, describe, expect, test } from "vitest";
import { loadCaseRun } from "../../lib/campaigns/reads/load-case-run";
import { confirmOverride, overrideVerdict } from "../../lib/campaigns/scoring/override";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, rita, runCampaign, smallCampaign, twoReviewers, victor } from "./campaign-fixture";

describe("overriding a verdict", () => {
  let db: Db;
  let campaignId: string;
  beforeAll(async () => {
    db = (await campaignDatabase()).db;
    campaignId = await runCampaign(db, smallCampaign);
  });

  const failingRun = () =>
    db.caseRun.findFirstOrThrow({
      where: { campaignId, verdict: "FAIL", overrideVerdict: null },
      include: { case: { include: { suite: { include: { use: true } } } } },
    });
  const evidenceOf = (riskCode: string, useCode: string) =>
    db.evidence.findFirstOrThrow({ where: { campaignId, cell: { risk: { code: riskCode }, use: { code: useCode } } } });

  test("a reviewer's override is a proposal: audited with its reason, the cell's evidence unchanged and shown pending until a second person confirms it", async () => {
    const { proposer, confirmer } = await twoReviewers(db);
    const run = await failingRun();
    const riskCode = (run.case.risks as string[])[0];
    const useCode = run.case.suite.use.code;
    const before = await evidenceOf(riskCode, useCode);

    const result = await overrideVerdict(db, proposer, {
      caseRunId: run.id,
      verdict: "PASS",
      reason: "The output is noise from the smoke-test model, not an answer.",
    });
    expect(result).toEqual({ ok: true, pending: true });
    const stored = await db.caseRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({ verdict: "FAIL", overrideVerdict: "PASS", overrideById: proposer.id, overrideConfirmedAt: null });
    expect(await evidenceOf(riskCode, useCode)).toMatchObject({ n: before.n, failures: before.failures, passes: before.passes, overrides: before.overrides });
    const page = await loadCaseRun(db, run.id);
    expect(page).toMatchObject({ counted: "FAIL", overrideConfirmed: false, overrideBy: "Rosa Reviewer" });

    const own = await confirmOverride(db, proposer, { caseRunId: run.id });
    expect(own).toMatchObject({ ok: false, kind: "forbidden" });
    expect((await db.caseRun.findUniqueOrThrow({ where: { id: run.id } })).overrideConfirmedAt).toBeNull();

    expect(await confirmOverride(db, confirmer, { caseRunId: run.id })).toEqual({ ok: true, pending: false });
    const after = await evidenceOf(riskCode, useCode);
    expect(after).toMatchObject({ n: before.n, failures: before.failures! - 1, passes: before.passes! + 1, overrides: before.overrides! + 1 });
    expect(after.createdAt).toEqual(before.createdAt);

    const audit = await db.auditEvent.findMany({ where: { entityType: "CaseRun", entityId: run.id }, orderBy: { at: "asc" } });
    expect(audit.map((event) => [event.actorLabel, event.action])).toEqual([
      ["Rosa Reviewer", "case-run.override-proposed"],
      ["Ravi Reviewer", "case-run.override-confirmed"],
    ]);
    expect(audit[0].before).toMatchObject({ verdict: "FAIL", overrideVerdict: null });
    expect(audit[0].after).toMatchObject({ overrideVerdict: "PASS", reason: "The output is noise from the smoke-test model, not an answer." });
  });

  test("an override form submitted without a chosen verdict is refused by name and records nothing", async () => {
    const run = await failingRun();
    const result = await overrideVerdict(db, rita, { caseRunId: run.id, verdict: "", reason: "Looks fine to me." });
    expect(result).toMatchObject({ ok: false, kind: "invalid", message: expect.stringContaining("choose the verdict") });
    expect(await db.caseRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ overrideVerdict: null });
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
