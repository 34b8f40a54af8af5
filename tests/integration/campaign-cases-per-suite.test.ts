// "Cases per suite" draws a sample of each suite, not its first cases by key. Seen: a campaign of U1 over its 11 testable
// risks with 30 cases per suite ran u1.benign.1 to u1.dna-human-l9, the first 30 of 160 by key; only R1, R4, R6, R7, R8
// and R14 got a case, while its name and "what this campaign ran" named all 11 risks.
import { describe, expect, test } from "vitest";
import { casesPerSuiteText } from "../../lib/campaigns/reads/cases-per-suite-text";
import { loadCampaign } from "../../lib/campaigns/reads/load-campaign";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { defaultModelSlug } from "../../lib/content/paths";
import { readNameList } from "../../lib/db/json-columns";
import type { Db } from "../../lib/db/types";
import { runCli } from "../support/run-cli";
import { campaignDatabase, rita } from "./campaign-fixture";

async function casesRun(db: Db, campaignId: string) {
  const runs = await db.caseRun.findMany({ where: { campaignId }, select: { case: { select: { key: true, risks: true } } } });
  return runs.map((run) => ({ key: run.case.key, risks: readNameList(run.case.risks, "Case.risks") }));
}

async function suiteRisks(db: Db, suiteKey: string): Promise<string[]> {
  const cases = await db.testCase.findMany({ where: { suite: { key: suiteKey }, retiredAt: null }, select: { risks: true } });
  return [...new Set(cases.flatMap((c) => readNameList(c.risks, "Case.risks")))].sort();
}

describe("cases per suite", () => {
  test("30 cases of U1 reach every risk its suite tests, each with several cases", async () => {
    const { db } = await campaignDatabase();
    const risks = await suiteRisks(db, "u1-recommender");
    expect(risks.length).toBeGreaterThanOrEqual(10);
    const created = await createCampaign(db, rita, { modelSlug: defaultModelSlug, uses: ["U1"], casesPerSuite: 30, sampling: { seed: 0 } });
    expect(created).toMatchObject({ ok: true, runs: 30 });
    const ran = await casesRun(db, created.ok ? created.campaignId : "");
    const perRisk = Object.fromEntries(risks.map((risk) => [risk, ran.filter((c) => c.risks.includes(risk)).length]));
    expect(Object.entries(perRisk).filter(([, cases]) => cases < 2)).toEqual([]);
  });

  test("the risks asked for share the cases: 12 cases over R2, R10 and R13 give each of them four or more", async () => {
    const { db } = await campaignDatabase();
    const created = await createCampaign(db, rita, {
      modelSlug: defaultModelSlug,
      uses: ["U1"],
      risks: ["R2", "R10", "R13"],
      casesPerSuite: 12,
      sampling: { seed: 0 },
    });
    expect(created).toMatchObject({ ok: true, runs: 12 });
    const ran = await casesRun(db, created.ok ? created.campaignId : "");
    const short = ["R2", "R10", "R13"].map((risk) => [risk, ran.filter((c) => c.risks.includes(risk)).length]).filter(([, cases]) => Number(cases) < 4);
    expect(short).toEqual([]);
  });

  test("every seed draws the same cases, so that two campaigns compare case by case; another number of cases draws others", async () => {
    const { db } = await campaignDatabase();
    const draw = async (seed: number, casesPerSuite: number) => {
      const created = await createCampaign(db, rita, { modelSlug: defaultModelSlug, uses: ["U1"], casesPerSuite, sampling: { seed } });
      return new Set((await casesRun(db, created.ok ? created.campaignId : "")).map((c) => c.key));
    };
    const first = await draw(7, 20);
    expect(first.size).toBe(20);
    expect(await draw(8, 20)).toEqual(first);
    const more = await draw(7, 40);
    expect(more.size).toBe(40);
    expect(more).not.toEqual(first);
  });

  test("cases per suite at or above a suite's size runs all of it", async () => {
    const { db } = await campaignDatabase();
    const all = await db.testCase.count({ where: { suite: { key: "u1-recommender" }, retiredAt: null } });
    const created = await createCampaign(db, rita, { modelSlug: defaultModelSlug, uses: ["U1"], casesPerSuite: all, sampling: { seed: 3 } });
    expect(created).toMatchObject({ ok: true, runs: all });
  });

  test("the campaign states its cases per suite, and names the cells asked for that none of its cases tests", async () => {
    const { db } = await campaignDatabase();
    const risks = ["R2", "R10", "R13"];
    const created = await createCampaign(db, rita, { modelSlug: defaultModelSlug, uses: ["U1"], risks, casesPerSuite: 1, sampling: { seed: 0 } });
    const campaignId = created.ok ? created.campaignId : "";
    const tested = new Set((await casesRun(db, campaignId)).flatMap((c) => c.risks));
    const untested = risks.filter((risk) => !tested.has(risk)).map((riskCode) => ({ riskCode, useCode: "U1" }));
    expect(untested.length).toBeGreaterThan(0);
    const loaded = await loadCampaign(db, campaignId);
    expect(loaded).toMatchObject({ casesPerSuite: 1, casesDrawnPerRisk: true, cellsAskedNotTested: untested });
    expect(casesPerSuiteText(loaded!)).toBe("at most 1, drawn so that each risk asked for gets its share");

    const every = await createCampaign(db, rita, { modelSlug: defaultModelSlug, uses: ["U1"], risks, sampling: { seed: 0 } });
    expect(await loadCampaign(db, every.ok ? every.campaignId : "")).toMatchObject({ casesPerSuite: null, casesDrawnPerRisk: null, cellsAskedNotTested: [] });
  });

  // Seen: a campaign from before the draw, which ran the first 30 cases of U1 by key, read "at most 30, drawn so that
  // each risk asked for gets its share" once its cases per suite were read back from its audit event.
  test("a campaign from before campaigns recorded how they chose their cases claims no draw", async () => {
    const { db } = await campaignDatabase();
    const created = await createCampaign(db, rita, { modelSlug: defaultModelSlug, uses: ["U1"], casesPerSuite: 30, sampling: { seed: 0 } });
    const campaignId = created.ok ? created.campaignId : "";
    // As the migration leaves a campaign created before it.
    await db.campaign.update({ where: { id: campaignId }, data: { casesDrawnPerRisk: null } });
    const text = casesPerSuiteText((await loadCampaign(db, campaignId))!);
    expect(text).toBe("at most 30, chosen before campaigns recorded how (until 7 December 2026, the first of each suite by case key)");
  });

  // Seen: `campaign run --uses U1 --risks R2,R10,R13 --cases-per-suite 1` exited 0, as a gate that passed, with R10×U1
  // and R13×U1 never asked of the model.
  test("`campaign run` names the cells asked for that none of its cases tests, after its table and in its JSON, and exits 5 where nothing failed", async () => {
    const { db, url } = await campaignDatabase();
    const args = ["run", "--uses", "U1", "--risks", "R2,R10,R13", "--cases-per-suite", "1", "--max-new-tokens", "4"];
    const run = await runCli("cli/campaign.ts", args, url);
    expect([1, 5]).toContain(run.code);
    const [campaign] = await db.campaign.findMany({ select: { id: true } });
    const tested = new Set((await casesRun(db, campaign.id)).flatMap((c) => c.risks));
    const untested = ["R2", "R10", "R13"].filter((risk) => !tested.has(risk));
    expect(untested.length).toBeGreaterThan(0);
    const line = `asked for, and no case of this campaign tests them: ${untested.map((risk) => `${risk} x U1`).join(", ")}\n`;
    expect(run.stdout).toContain(line);
    // Said as the campaign starts too, on stderr beside its number of runs, so that a long one can be stopped.
    expect(run.stderr).toContain(`: 1 run\ncampaign: ${line}`);

    const json = await runCli("cli/campaign.ts", [...args, "--json"], url);
    const report = JSON.parse(json.stdout);
    expect(report.cellsAskedNotTested).toEqual(untested.map((risk) => `${risk}xU1`));
    expect(json.code).toBe(report.failedCells.length > 0 ? 1 : 5);
    expect(report.exitCode).toBe(json.code);
  });
});
