// A cell's counts can rest partly on verdicts a reviewer overrode (confirmed by a second person):
// the matrix says how many. The card's claims trace back to the evidence, so every export format
// says it too, and a cell no one overrode says nothing of the kind.
import { beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../lib/db/types";
import { type LiveCard, loadLiveCard, renderCardBody } from "../../lib/releases/card-export";
import { addPassingEvidence, seededDatabase, slug } from "./releases-setup";

let db: Db;
let live: LiveCard;

beforeAll(async () => {
  db = await seededDatabase();
  await addPassingEvidence(db, "R2", "U1");
  await addPassingEvidence(db, "R3", "U1");
  await db.evidence.updateMany({ where: { cell: { risk: { code: "R2" }, use: { code: "U1" } } }, data: { overrides: 3 } });
  live = (await loadLiveCard(db, slug))!;
});

describe("exporting a cell whose verdicts a reviewer overrode", () => {
  test("the markdown names the cell and how many of its verdicts were overridden", async () => {
    const markdown = await renderCardBody(live.snapshot, "md");
    expect(markdown).toContain("**Overridden verdicts:**");
    expect(markdown).toMatch(/\*\*R2×U1\*\*: 3 of its 300 verdicts overridden/);
    expect(markdown).not.toMatch(/R3×U1\*\*: \d+ of its/);
  });

  test("the JSON, the CycloneDX slice and the Hub's results carry the count", async () => {
    const json = JSON.parse(await renderCardBody(live.snapshot, "json"));
    expect(json.evidence.cells.map((row: { risk: string; overrides: number }) => [row.risk, row.overrides])).toEqual([
      ["R2", 3],
      ["R3", 0],
    ]);
    const slices = JSON.parse(await renderCardBody(live.snapshot, "cdx")).components[0].modelCard.quantitativeAnalysis.performanceMetrics.map(
      (metric: { slice: string }) => metric.slice,
    );
    expect(slices[0]).toContain(";overriddenVerdicts=3;");
    expect(slices[1]).not.toContain("overriddenVerdicts");
    const evalResults = await renderCardBody(live.snapshot, "eval");
    expect(evalResults).toContain("R2×U1: 0 failures in 300 runs (3 verdicts overridden by a reviewer)");
    expect(await renderCardBody(live.snapshot, "md")).toMatch(/overridden_verdicts: 3/);
  });
});
