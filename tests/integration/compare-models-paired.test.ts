// Two models compared cell by cell, paired where their campaigns ran the same suite: a second model
// made from the first as a template, the same U4 suite synced to both, one campaign on each whose
// run verdicts are set to known outcomes and completed into evidence. The shared cell shows the
// discordant counts b and c, McNemar's exact p and Newcombe's paired interval; a third model whose
// U4 suite differs by one case is shown unpaired, saying why. The campaigns ran on the generated
// tiny model, so every measured cell, its figures and its pairing say they are the smoke-test
// model's, on the comparison and on the page.
import { beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { completeCampaignIfDone } from "../../lib/campaigns/runner/complete-campaign";
import type { Db } from "../../lib/db/types";
import { newcombePairedInterval } from "../../lib/evidence/newcombe-paired";
import { compareModels } from "../../lib/models/compare-models";
import ComparePage from "../../app/models/compare/page";
import { renderPage } from "../support/render-page";
import { createModel } from "../../lib/models/create-model";
import { loadSuites, suiteContentHash } from "../../lib/suites";
import { syncSuites } from "../../lib/suites/sync-suites";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";

const first = "stable-beluga-2";
const second = "beluga-tuned";
const third = "beluga-other-suite";
const reviewer: Actor = { id: null, label: "Rita Reviewer", role: "REVIEWER" };
// One risk, so that its cell holds all 12 cases drawn.
const settings = { ...smallCampaign, uses: ["U4"], risks: ["R4"], casesPerSuite: 12, repeats: 1 };

/** Finishes every run of the campaign: a failure for the case keys in `failing`, a pass for the rest; then completes it. */
async function finishWith(db: Db, campaignId: string, failing: Set<string>) {
  const runs = await db.caseRun.findMany({ where: { campaignId }, include: { case: { select: { key: true } } } });
  for (const run of runs) {
    await db.caseRun.update({
      where: { id: run.id },
      data: { status: "DONE", verdict: failing.has(run.case.key) ? "FAIL" : "PASS", findings: [], output: "answer", finishedAt: new Date() },
    });
  }
  expect(await completeCampaignIfDone(db, campaignId)).toBe(true);
}

describe("two models compared on a suite they share", () => {
  let db: Db;
  let url: string;
  let target: { risk: string; keys: string[] };
  beforeAll(async () => {
    ({ db, url } = await campaignDatabase());
    for (const slug of [second, third]) {
      expect(await createModel(db, reviewer, { from: "template", slug, name: slug, template: first })).toMatchObject({ ok: true, created: true });
    }
    await syncSuites(db, second);
    // The third model's U4 suite cites one case's source differently: a different suite, its hash another.
    const edited = loadSuites().map((loaded) => {
      if (loaded.suite.use !== "U4") return loaded;
      const [head, ...rest] = loaded.suite.cases;
      const suite = { ...loaded.suite, cases: [{ ...head, source: `${head.source} (revised)` }, ...rest] };
      return { ...loaded, suite, contentHash: suiteContentHash(suite) };
    });
    await syncSuites(db, third, edited);

    const campaigns = await Promise.all([first, second, third].map((modelSlug) => newCampaign(db, { ...settings, modelSlug })));
    // The cell with the most cases in the sample: R? x U4, its case keys in order.
    const cases = await db.testCase.findMany({
      where: { runs: { some: { campaignId: campaigns[0] } } },
      select: { key: true, risks: true },
      orderBy: { key: "asc" },
    });
    const byRisk = new Map<string, string[]>();
    for (const testCase of cases) for (const risk of testCase.risks as string[]) byRisk.set(risk, [...(byRisk.get(risk) ?? []), testCase.key]);
    const [risk, keys] = [...byRisk].sort((a, b) => b[1].length - a[1].length)[0];
    target = { risk, keys };
    expect(keys.length).toBeGreaterThanOrEqual(8);
    // First model fails keys 0 and 1; the second fails 1..6: both fail 1, b = 1 (key 0), c = 5 (keys 2..6).
    await finishWith(db, campaigns[0], new Set(keys.slice(0, 2)));
    await finishWith(db, campaigns[1], new Set(keys.slice(1, 7)));
    await finishWith(db, campaigns[2], new Set(keys.slice(1, 7)));
  });

  test("the shared cell shows b and c, McNemar's exact p and Newcombe's interval for the difference", async () => {
    const comparison = (await compareModels(db, first, second))!;
    const cell = comparison.cells.find((c) => c.risk === target.risk && c.use === "U4")!;
    const n = target.keys.length;
    expect(cell.a?.evidence).toMatchObject({ failures: 2, n });
    expect(cell.b?.evidence).toMatchObject({ failures: 6, n });
    expect(cell.pairing).toMatchObject({
      kind: "paired",
      shared: n,
      unmatched: 0,
      failOnlyFirst: 1,
      failOnlySecond: 5,
      bothFail: 1,
      neitherFail: n - 7,
      direction: "no detectable change",
    });
    if (cell.pairing?.kind !== "paired") throw new Error("not paired");
    // Exact McNemar with b + c = 6 flips: 2 * P(X <= 1) for X ~ Binomial(6, 1/2) = 2 * (1 + 6) / 64.
    expect(cell.pairing.mcnemarP).toBeCloseTo(14 / 64, 12);
    expect(cell.pairing.difference.difference).toBeCloseTo(4 / n, 12);
    expect(cell.pairing.difference).toEqual(newcombePairedInterval({ bothFail: 1, beforeOnly: 1, afterOnly: 5, neitherFail: n - 7 }));
    expect(cell.pairing.difference.lower).toBeLessThan(0);
    expect(cell.pairing.difference.upper).toBeGreaterThan(4 / n);
  });

  test("a cell measured on a suite that differs says so and is not paired", async () => {
    const comparison = (await compareModels(db, first, third))!;
    const cell = comparison.cells.find((c) => c.risk === target.risk && c.use === "U4")!;
    expect(cell.a?.evidence.campaignId).not.toBeNull();
    expect(cell.b?.evidence.campaignId).not.toBeNull();
    expect(cell.pairing).toEqual({ kind: "not paired", reason: "suites differ, not paired" });
  });

  test("a cell with campaign evidence on one side only has no pairing, and the two rates stand as they are", async () => {
    const comparison = (await compareModels(db, first, second))!;
    const untested = comparison.cells.find((c) => c.use === "U1")!;
    expect(untested.a?.evidence.campaignId).toBeNull();
    expect(untested.pairing).toBeNull();
  });

  test("a cell measured by the smoke-test model says so beside both sides' figures and the pairing, on the comparison and the page", async () => {
    const comparison = (await compareModels(db, first, second))!;
    const cell = comparison.cells.find((c) => c.risk === target.risk && c.use === "U4")!;
    expect(cell.a?.evidence.smokeTest).toBe(true);
    expect(cell.b?.evidence.smokeTest).toBe(true);
    expect(cell.smokeTest).toBe(true);
    expect(comparison.cells.find((c) => c.use === "U1")!.smokeTest).toBe(false);

    const compare = () => ComparePage({ searchParams: Promise.resolve({ a: first, b: second }) });
    const html = await renderPage(url, compare);
    const row = html.slice(html.indexOf(`${target.risk}×U4`), html.indexOf("</tr>", html.indexOf(`${target.risk}×U4`)));
    expect(row.match(/<span class="tag">smoke-test model<\/span>/g)).toHaveLength(3);
    expect(html).toContain("comes from the generated tiny test model, not from Stable Beluga 2 or beluga-tuned");

    // The same figures as the models' own answers (as a real checkpoint's campaign writes them): no label anywhere.
    await db.evidence.updateMany({ where: { kind: "CAMPAIGN" }, data: { smokeTest: false } });
    expect((await compareModels(db, first, second))!.cells.some((c) => c.smokeTest)).toBe(false);
    expect(await renderPage(url, compare)).not.toMatch(/smoke/i);
  });
});
