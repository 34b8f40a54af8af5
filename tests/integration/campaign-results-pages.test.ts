// A campaign's results are read a page at a time from the database (issue 14: a campaign page
// listed every run, 246 KB for 160 cases and thousands with repeats).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCampaign, RUN_PAGE } from "../../lib/campaigns/reads/load-campaign";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { defaultModelSlug } from "../../lib/content/paths";
import { readNameList } from "../../lib/db/json-columns";
import { campaignDatabase, newCampaign } from "./campaign-fixture";

let db: Db;
let campaignId: string;

beforeAll(async () => {
  db = (await campaignDatabase()).db;
  campaignId = await newCampaign(db, {
    modelSlug: defaultModelSlug,
    uses: ["U1", "U2"],
    casesPerSuite: 40,
    repeats: 1,
    sampling: { seed: 7, maxNewTokens: 8 },
  });
  // Every third run finished and failed, without running the model.
  const runs = await db.caseRun.findMany({ where: { campaignId }, orderBy: { id: "asc" }, select: { id: true } });
  const failed = runs.filter((_run, index) => index % 3 === 0).map((run) => run.id);
  await db.caseRun.updateMany({ where: { id: { in: failed } }, data: { status: "DONE", verdict: "FAIL", finishedAt: new Date() } });
});

afterAll(() => closeDb());

describe("a campaign's results, a page at a time", () => {
  test("the first page holds RUN_PAGE runs and says how many pages there are; the last holds the rest, none twice", async () => {
    const total = await db.caseRun.count({ where: { campaignId } });
    expect(total).toBeGreaterThan(RUN_PAGE);
    const first = (await loadCampaign(db, campaignId))!;
    expect(first.runs).toHaveLength(RUN_PAGE);
    expect(first).toMatchObject({ matching: total, page: 1, pages: Math.ceil(total / RUN_PAGE) });

    const seen = new Set<string>();
    for (let page = 1; page <= first.pages; page++) {
      for (const run of (await loadCampaign(db, campaignId, { page }))!.runs) seen.add(run.id);
    }
    expect(seen.size).toBe(total);
  });

  test("a filter is applied before paging: failing runs only, in pages of their own", async () => {
    const failing = await db.caseRun.count({ where: { campaignId, verdict: "FAIL" } });
    const detail = (await loadCampaign(db, campaignId, { verdict: "FAIL" }))!;
    expect(detail.matching).toBe(failing);
    expect(detail.runs.every((run) => run.verdict === "FAIL")).toBe(true);
  });

  test("a page past the end shows the last page", async () => {
    const detail = (await loadCampaign(db, campaignId, { page: 999 }))!;
    expect(detail.page).toBe(detail.pages);
    expect(detail.runs.length).toBeGreaterThan(0);
  });
});

describe("pages cut from the campaign's cases (a 10,000-run campaign's page reads one page of runs, not all)", () => {
  let repeated: string;
  beforeAll(async () => {
    // Three repeats of 40 cases: page boundaries (every RUN_PAGE runs) fall in the middle of a case.
    repeated = await newCampaign(db, { modelSlug: defaultModelSlug, uses: ["U1"], casesPerSuite: 40, repeats: 3, sampling: { seed: 8, maxNewTokens: 8 } });
  });

  test("pages that end mid-case keep case key then repeat order, every run once", async () => {
    const all = await db.caseRun.findMany({ where: { campaignId: repeated }, select: { id: true, repeat: true, case: { select: { key: true } } } });
    const expected = all.sort((a, b) => (a.case.key < b.case.key ? -1 : a.case.key > b.case.key ? 1 : a.repeat - b.repeat)).map((run) => run.id);
    expect(expected.length % RUN_PAGE).not.toBe(0);
    const first = (await loadCampaign(db, repeated))!;
    const shown: string[] = [];
    for (let page = 1; page <= first.pages; page++) shown.push(...(await loadCampaign(db, repeated, { page }))!.runs.map((run) => run.id));
    expect(shown).toEqual(expected);
  });

  test("a cell and detector filter matches exactly the runs whose case names that risk, in that use, and that detector", async () => {
    const all = await db.caseRun.findMany({ where: { campaignId: repeated }, select: { id: true, case: { select: { risks: true, detectors: true } } } });
    const risk = readNameList(all[0].case.risks, "Case.risks")[0];
    const detector = readNameList(all[0].case.detectors, "Case.detectors")[0];
    const expected = all.filter(
      (run) => readNameList(run.case.risks, "Case.risks").includes(risk) && readNameList(run.case.detectors, "Case.detectors").includes(detector),
    );
    const detail = (await loadCampaign(db, repeated, { cell: `${risk}-U1`, detector }))!;
    expect(detail.matching).toBe(expected.length);
    expect(detail.runs.length).toBe(Math.min(RUN_PAGE, expected.length));
    const ids = new Set(expected.map((run) => run.id));
    expect(detail.runs.every((run) => ids.has(run.id))).toBe(true);
    expect((await loadCampaign(db, repeated, { cell: `${risk}-U2` }))!.matching).toBe(0);
  });
});
