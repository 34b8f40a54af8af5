// A retired risk or use has left the card (cardFromDb); its cells and evidence stay in the database.
// Every export format must agree with the card: none of them reports a retired row's evidence.
import { beforeEach, describe, expect, test } from "vitest";
import type { Db } from "../../lib/db/types";
import { loadLiveCard, renderCardBody } from "../../lib/releases/card-export";
import { retireRisk } from "../../lib/risks/change-risks";
import { retireUse } from "../../lib/uses/change-uses";
import { addPassingEvidence, approver, seededDatabase, slug } from "./releases-setup";

let db: Db;

beforeEach(async () => {
  db = await seededDatabase();
  await addPassingEvidence(db, "R2", "U1");
  // Only the retired rows' evidence came from the smoke-test model.
  await addPassingEvidence(db, "R14", "U1", { smokeTest: true });
  await addPassingEvidence(db, "R3", "U4", { smokeTest: true });
  expect(await retireRisk(db, approver, { modelSlug: slug, code: "R14", expectedVersion: 1, reason: "Folded into R3." })).toMatchObject({ ok: true });
  expect(await retireUse(db, approver, { modelSlug: slug, code: "U4", expectedVersion: 1, reason: "No longer offered." })).toMatchObject({ ok: true });
});

describe("exporting a card after a risk and a use were retired", () => {
  test("no format reports the retired rows' evidence, nor calls the card's evidence a smoke test because of it", async () => {
    const { snapshot } = (await loadLiveCard(db, slug))!;
    const json = JSON.parse(await renderCardBody(snapshot, "json"));
    expect(json.evidence.cells.map((row: { risk: string; use: string }) => `${row.risk}×${row.use}`)).toEqual(["R2×U1"]);
    expect(json.evidence.smokeTestModel).toBe(false);

    const bom = JSON.parse(await renderCardBody(snapshot, "cdx")).components[0];
    expect(bom.modelCard.quantitativeAnalysis.performanceMetrics.map((metric: { slice: string }) => metric.slice.split(";").slice(0, 2).join(";"))).toEqual([
      "risk=R2;use=U1",
    ]);
    expect(bom.modelCard.properties).toContainEqual({ name: "riskledger:evidence", value: "measured" });

    const evalResults = await renderCardBody(snapshot, "eval");
    expect(evalResults).toContain("task_id: R2");
    expect(evalResults).not.toMatch(/R14|U4|smoke-test/);

    const markdown = await renderCardBody(snapshot, "md");
    expect(markdown).not.toMatch(/R14|U4|Smoke test only/);
  });
});
