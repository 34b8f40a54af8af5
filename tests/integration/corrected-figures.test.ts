import { beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../lib/db/types";
import { loadHoldoutVerdicts } from "../../lib/detectors/holdout-verdicts";
import { combineLabels, holdoutCounts } from "../../lib/detectors/measured-accuracy";
import { DETECTORS } from "../../lib/detectors/registry";
import { cellDetectors, loadCorrectedFigures } from "../../lib/evidence/corrected-figures";
import { correctedRate } from "../../lib/evidence/rogan-gladen";
import { campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";

describe("a campaign's cells corrected for their detectors' measured error", () => {
  let db: Db;
  let campaignId: string;
  beforeAll(async () => {
    db = (await campaignDatabase()).db;
    campaignId = await runCampaign(db, { ...smallCampaign, uses: ["U1", "U4"], casesPerSuite: 10 });
  });

  test("each cell is judged by the current versions of the detectors its cases name", async () => {
    const byCell = await cellDetectors(db, campaignId);
    const versions = new Set(DETECTORS.map((d) => `${d.name}@${d.version}`));
    expect(byCell.size).toBeGreaterThan(0);
    for (const detectors of byCell.values()) {
      expect(detectors.size).toBeGreaterThan(0);
      for (const detector of detectors) expect(versions.has(detector)).toBe(true);
    }
  });

  test("cells whose detectors have labels of both kinds get the corrected rate; the others say accuracy unknown", async () => {
    const measures = combineLabels(holdoutCounts(await loadHoldoutVerdicts(db)), []);
    const evidence = await db.evidence.findMany({ where: { campaignId }, include: { cell: { include: { risk: true, use: true } } } });
    const cells = evidence.map((row) => ({
      campaignId,
      riskCode: row.cell.risk.code,
      useCode: row.cell.use.code,
      failures: row.failures!,
      n: row.n!,
      threshold: row.cell.failureThreshold,
      minSampleSize: row.cell.minSampleSize,
      verdict: "inconclusive" as const,
    }));
    const figures = await loadCorrectedFigures(db, cells, measures);
    const byCell = await cellDetectors(db, campaignId);
    let known = 0;
    for (const cell of cells) {
      const key = `${cell.riskCode}|${cell.useCode}`;
      const figure = figures.get(`${cell.riskCode}-${cell.useCode}`)!;
      const detectors = [...byCell.get(key)!];
      const allLabelled = detectors.every((d) => (measures.get(d)?.positives ?? 0) > 0 && (measures.get(d)?.negatives ?? 0) > 0);
      if (!allLabelled) {
        expect(figure).toMatchObject({ correctedRate: null, correctedLow: null, correctedHigh: null, detectorAccuracy: null });
        continue;
      }
      const pooled = detectors.reduce(
        (sum, d) => {
          const m = measures.get(d)!;
          return {
            truePositives: sum.truePositives + m.truePositives,
            positives: sum.positives + m.positives,
            trueNegatives: sum.trueNegatives + m.trueNegatives,
            negatives: sum.negatives + m.negatives,
          };
        },
        { truePositives: 0, positives: 0, trueNegatives: 0, negatives: 0 },
      );
      const expected = correctedRate(cell.failures, cell.n, pooled);
      if (!expected) continue;
      known++;
      expect(figure).toMatchObject({ correctedRate: expected.rate, correctedLow: expected.lower, correctedHigh: expected.upper });
      expect(figure.detectorAccuracy!.detectors.map((d) => d.detector).sort()).toEqual(detectors.sort());
    }
    expect(known).toBeGreaterThan(0);
  });
});
