import { beforeAll, describe, expect, test } from "vitest";
import { compareCampaigns } from "../../lib/campaigns/reads/compare";
import type { Db } from "../../lib/db/types";
import { mcnemarExactP } from "../../lib/evidence/mcnemar";
import { campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";
import ComparePage from "../../app/models/[slug]/campaigns/compare/page";
import { defaultModelSlug } from "../../lib/content/paths";
import { renderPage } from "../support/render-page";

describe("comparing two campaigns of one suite, paired by case and repeat", () => {
  let db: Db;
  let before: string;
  let after: string;
  let url: string;
  beforeAll(async () => {
    ({ db, url } = await campaignDatabase());
    const settings = { ...smallCampaign, uses: ["U4"], casesPerSuite: 12, repeats: 3 };
    before = await runCampaign(db, settings);
    after = await runCampaign(db, settings);
  });

  test("two runs of the same seed show no detectable change in any cell, with a paired interval around zero", async () => {
    const cells = await compareCampaigns(db, before, after);
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell).toMatchObject({ direction: "no detectable change", mcnemarP: 1, newFailures: 0, fixed: 0, flipped: [] });
      expect(cell.pairedChange!.difference).toBe(0);
      expect(cell.pairedChange!.lower).toBeLessThanOrEqual(0);
      expect(cell.pairedChange!.upper).toBeGreaterThanOrEqual(0);
    }
  });

  test("a cell whose passing cases all fail afterwards is called worse, with McNemar's p and the flipped cases listed", async () => {
    const [target] = (await compareCampaigns(db, before, after)).sort((a, b) => b.neitherFail - a.neitherFail);
    expect(target.neitherFail).toBeGreaterThanOrEqual(6);
    const passing = await db.caseRun.findMany({
      where: { campaignId: after, verdict: "PASS", case: { suite: { use: { code: target.useCode } } } },
      include: { case: { select: { key: true, risks: true } } },
    });
    const inCell = passing.filter((run) => (run.case.risks as string[]).includes(target.riskCode));
    await db.caseRun.updateMany({ where: { id: { in: inCell.map((run) => run.id) } }, data: { verdict: "FAIL" } });

    const cell = (await compareCampaigns(db, before, after)).find((c) => c.riskCode === target.riskCode && c.useCode === target.useCode)!;
    expect(cell.newFailures).toBe(inCell.length);
    expect(cell.mcnemarP).toBeCloseTo(mcnemarExactP(inCell.length, 0), 12);
    expect(cell.mcnemarP).toBeLessThan(0.05);
    expect(cell.direction).toBe("worse");
    expect(cell.pairedChange!.lower).toBeGreaterThan(0);
    expect(cell.flipped.map((flip) => flip.caseKey).sort()).toEqual(inCell.map((run) => run.case.key).sort());
    expect(cell.flipped.every((flip) => flip.flip === "newly failing")).toBe(true);

    // Swapped, the same flips read as fixes.
    const reversed = (await compareCampaigns(db, after, before)).find((c) => c.riskCode === target.riskCode && c.useCode === target.useCode)!;
    expect(reversed.direction).toBe("better");
    expect(reversed.pairedChange!.upper).toBeLessThan(0);
  });

  test("the page labels the paired change, McNemar p and new failures when either campaign is the smoke-test model's, and not when both are the model's own", async () => {
    const compare = () => ComparePage({ params: Promise.resolve({ slug: defaultModelSlug }), searchParams: Promise.resolve({ c: [before, after] }) });
    await db.evidence.updateMany({ where: { campaignId: before }, data: { smokeTest: true } });
    await db.evidence.updateMany({ where: { campaignId: after }, data: { smokeTest: false } });
    const html = await renderPage(url, compare);
    for (const column of ["Paired change (95%)", "McNemar p", "New failures"]) expect(html).toContain(`${column} (smoke-test model)`);
    expect(html).toContain("comes from the generated tiny test model");

    await db.evidence.updateMany({ where: { campaignId: before }, data: { smokeTest: false } });
    expect(await renderPage(url, compare)).not.toMatch(/smoke-test/);
  });
});
