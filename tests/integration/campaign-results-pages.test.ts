// A campaign's results are read a page at a time from the database (issue 14: a campaign page
// listed every run, 246 KB for 160 cases and thousands with repeats).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCampaign, RUN_PAGE } from "../../lib/campaigns/reads/load-campaign";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { defaultModelSlug } from "../../lib/content/paths";
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
