// The campaign page, the campaign comparison and the card export read a cell's figures from the one
// evidence view the matrix reads (lib/evidence/cell-evidence.ts), so none can show a cell other figures.
import { beforeAll, describe, expect, test } from "vitest";
import { compareCampaigns } from "../../lib/campaigns/reads/compare";
import { loadCampaign } from "../../lib/campaigns/reads/load-campaign";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { cellKeyLabel } from "../../lib/domain/cell-key";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { summarizeEvidence } from "../../lib/matrix/evidence-status";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { liveCardFile } from "../../lib/releases/card-export";
import { campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";

const settings = { ...smallCampaign, uses: ["U1", "U4"], casesPerSuite: 10 };

describe("a campaign's cells as its page, the comparison and the ML-BOM show them", () => {
  let db: Db;
  let older: string;
  let newer: string;
  beforeAll(async () => {
    db = (await campaignDatabase()).db;
    older = await runCampaign(db, settings);
    newer = await runCampaign(db, settings);
  });

  test("the campaign page shows each cell it is current for exactly as the matrix does, corrected rate and verdict included", async () => {
    const page = (await loadCampaign(db, newer))!;
    const view = await loadModelEvidence(db, defaultModelSlug);
    const matrix = (await loadMatrix(db, defaultModelSlug))!;
    expect(page.cells.length).toBeGreaterThan(0);
    expect(page.cells.some((cell) => cell.correctedRate != null)).toBe(true);
    for (const { current, ...cell } of page.cells) {
      expect(current).toBe("current");
      expect(cell).toEqual(view.cells[cell.key]);
      const shown = matrix.risks.find((risk) => risk.code === cell.riskCode)!.cells[cell.useCode].evidence;
      expect(summarizeEvidence(cell, false, shown.count)).toEqual(shown);
    }
  });

  test("the older campaign's page shows its own evidence for the same cells, marked superseded", async () => {
    const page = (await loadCampaign(db, older))!;
    const view = await loadModelEvidence(db, defaultModelSlug);
    expect(page.cells.length).toBeGreaterThan(0);
    for (const cell of page.cells) {
      expect(cell.current).toBe("superseded");
      expect(cell.campaignId).toBe(older);
      expect({ n: cell.n, failures: cell.failures }).toEqual({ n: view.cells[cell.key].n, failures: view.cells[cell.key].failures });
    }
  });

  test("the comparison shows each campaign's side of a cell as the evidence view does, labelled with the one cell-key spelling", async () => {
    const view = await loadModelEvidence(db, defaultModelSlug);
    const cells = await compareCampaigns(db, older, newer);
    expect(cells.length).toBe(Object.keys(view.cells).length);
    for (const cell of cells) {
      expect(cell.label).toBe(cellKeyLabel(cell.riskCode, cell.useCode));
      expect(cell.after).toEqual(view.cells[cell.key]);
      expect(cell.before).toMatchObject({ campaignId: older, n: cell.after!.n, failures: cell.after!.failures, stale: [] });
      expect(cell.rateChange).toBe(0);
    }
  });

  test("the card's CycloneDX gives each cell the matrix's raw and corrected rates with their intervals and the detectors the correction used", async () => {
    const view = await loadModelEvidence(db, defaultModelSlug);
    const bom = JSON.parse((await liveCardFile(db, defaultModelSlug, "cdx"))!.body);
    const metrics = bom.components[0].modelCard.quantitativeAnalysis.performanceMetrics as {
      type: string;
      value: string;
      slice: string;
      confidenceInterval: { lowerBound: string; upperBound: string };
    }[];
    const corrected = Object.values(view.cells).filter((cell) => cell.correctedRate != null);
    expect(corrected.length).toBeGreaterThan(0);
    for (const cell of corrected) {
      const [raw, fixed] = metrics.filter((metric) => metric.slice.startsWith(`risk=${cell.riskCode};use=${cell.useCode};`));
      expect(Number(raw.value)).toBeCloseTo(cell.rate!, 6);
      expect(Number(fixed.value)).toBeCloseTo(cell.correctedRate!, 6);
      expect(Number(fixed.confidenceInterval.lowerBound)).toBeCloseTo(cell.correctedLow!, 6);
      expect(Number(fixed.confidenceInterval.upperBound)).toBeCloseTo(cell.correctedHigh!, 6);
      expect(fixed.slice).toContain(`;detectors=${cell.detectorAccuracy!.detectors.map((used) => used.detector).join(",")}`);
      expect(fixed.slice).toContain(`;modelRevision=${cell.modelRevision};`);
    }
  });

  test("campaigns run for one risk are compared on that risk's cells only, the cells their evidence was written for", async () => {
    const testCase = await db.testCase.findFirstOrThrow({ where: { suite: { use: { code: "U4" } }, runs: { some: { campaignId: newer } } } });
    const [risk] = testCase.risks as string[];
    const oneRisk = { ...settings, uses: ["U4"], risks: [risk] };
    const [before, after] = [await runCampaign(db, oneRisk), await runCampaign(db, oneRisk)];
    const written = await db.evidence.findMany({ where: { campaignId: after }, select: { cell: { select: { risk: { select: { code: true } } } } } });
    expect(written.map((row) => row.cell.risk.code)).toEqual([risk]);

    const cells = await compareCampaigns(db, before, after);
    expect(cells.map((cell) => cell.key)).toEqual([`${risk}-U4`]);
    expect(cells[0].unchanged).toBe(cells[0].after!.n);
  });
});
