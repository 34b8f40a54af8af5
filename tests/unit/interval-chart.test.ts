// Where the evidence chart draws a cell: the rate's x on the 0-100% axis, the threshold's line,
// the interval the verdict was read from, and rows grouped by use in the uses' order; and what its
// rows say of that interval.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { IntervalChart } from "../../app/models/[slug]/interval-chart";
import type { CellEvidence } from "../../lib/evidence/cell-evidence";
import { CHART, intervalChartLayout, rateTicks, xOf } from "../../lib/matrix/interval-chart";

const plotWidth = CHART.plotRight - CHART.plotLeft;

function evidence(key: string, figures: Partial<CellEvidence> = {}): CellEvidence {
  const [riskCode, useCode] = key.split("-");
  return {
    key,
    label: `${riskCode}×${useCode}`,
    riskCode,
    useCode,
    evidenceId: `ev-${key}`,
    campaignId: "campaign-1",
    campaignName: "campaign",
    importedFrom: null,
    n: 100,
    passes: 90,
    failures: 10,
    overrides: 0,
    errors: 0,
    rate: 0.1,
    intervalLow: 0.055,
    intervalHigh: 0.174,
    verdict: "INCONCLUSIVE",
    threshold: 0.1,
    minSampleSize: 30,
    stale: [],
    smokeTest: false,
    modelRevision: null,
    backend: "local",
    endpoint: null,
    servedModel: null,
    declaredRevision: null,
    judge: null,
    judgeServedModel: null,
    date: "2026-01-01T00:00:00.000Z",
    ...figures,
  };
}

const uses = [
  { code: "U1", purpose: "Recommending content" },
  { code: "U2", purpose: "Ad campaigns" },
  { code: "U3", purpose: "Learning" },
];

describe("the evidence chart's geometry", () => {
  test("puts 0% at the plot's left edge, 100% at its right, 25% a quarter along, and holds rates outside 0..1 at the ends", () => {
    expect(xOf(0)).toBe(CHART.plotLeft);
    expect(xOf(1)).toBe(CHART.plotRight);
    expect(xOf(0.25)).toBe(CHART.plotLeft + plotWidth / 4);
    expect(xOf(-0.1)).toBe(CHART.plotLeft);
    expect(xOf(1.2)).toBe(CHART.plotRight);
  });

  test("ticks every 10% from 0% to 100%, each at its rate's x", () => {
    const ticks = rateTicks();
    expect(ticks.map((tick) => Math.round(tick.rate * 100))).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    for (const tick of ticks) expect(tick.x).toBe(xOf(tick.rate));
  });

  test("draws a clean run's interval from the left edge, a run that all failed to the right edge, and each cell's threshold as its line's x", () => {
    const clean = evidence("R1-U1", { failures: 0, passes: 300, n: 300, rate: 0, intervalLow: 0, intervalHigh: 0.0126, verdict: "PASS", threshold: 0.05 });
    const allFailed = evidence("R2-U1", { failures: 12, passes: 0, n: 12, rate: 1, intervalLow: 0.757, intervalHigh: 1, verdict: "FAIL", threshold: 0.05 });
    const [cleanRow, failedRow] = intervalChartLayout([clean, allFailed], uses).groups[0].rows;

    expect(cleanRow.raw).toMatchObject({ x1: CHART.plotLeft, cx: CHART.plotLeft, x2: CHART.plotLeft + 0.0126 * plotWidth });
    expect(failedRow.raw).toMatchObject({ x1: CHART.plotLeft + 0.757 * plotWidth, cx: CHART.plotRight, x2: CHART.plotRight });
    expect(cleanRow.thresholdX).toBe(CHART.plotLeft + 0.05 * plotWidth);
    expect(failedRow.thresholdX).toBe(cleanRow.thresholdX);
    expect(cleanRow.raw.x2).toBeLessThan(cleanRow.thresholdX);
    expect(failedRow.raw.x1).toBeGreaterThan(failedRow.thresholdX);
  });

  test("a row with a corrected interval reads its verdict from it and draws the raw one above it; one without reads the raw", () => {
    const corrected = evidence("R1-U1", { correctedRate: 0.08, correctedLow: 0.03, correctedHigh: 0.16 });
    const [withCorrection, rawOnly] = intervalChartLayout([corrected, evidence("R2-U1")], uses).groups[0].rows;

    expect(withCorrection.readFrom).toBe("corrected");
    expect(withCorrection.corrected).toMatchObject({ x1: xOf(0.03), cx: xOf(0.08), x2: xOf(0.16) });
    expect(withCorrection.raw.y).toBeLessThan(withCorrection.corrected!.y);
    expect(rawOnly.readFrom).toBe("raw");
    expect(rawOnly.corrected).toBeNull();
  });

  test("groups rows by use in the uses' order, keeps the given order within a use, and leaves out uses with no evidence", () => {
    const layout = intervalChartLayout([evidence("R3-U2"), evidence("R1-U1"), evidence("R1-U2", { threshold: 0.2 }), evidence("R2-U1")], uses);

    expect(layout.groups.map((group) => [group.useCode, group.rows.map((row) => row.cell.key)])).toEqual([
      ["U1", ["R1-U1", "R2-U1"]],
      ["U2", ["R3-U2", "R1-U2"]],
    ]);
    expect(layout.groups.map((group) => group.threshold)).toEqual([0.1, null]);
  });

  test("stacks rows without overlap, a row from an imported run one note line taller, inside the axes", () => {
    const imported = {
      id: "i",
      tool: "garak",
      toolVersion: "0.14.0",
      fileName: "run.jsonl",
      sha256: "x",
      testedModel: null,
      testedAnotherModel: false,
      complete: true,
      revisionDeclared: true,
      runTimeZoneRecorded: true,
      importedAt: "2026-12-01T00:00:00.000Z",
    };
    const layout = intervalChartLayout([evidence("R1-U1"), evidence("R2-U1", { importedFrom: imported, campaignId: null }), evidence("R1-U2")], uses);
    const rows = layout.groups.flatMap((group) => group.rows);

    expect(rows.map((row) => row.height)).toEqual([CHART.rowHeight, CHART.rowHeight + CHART.noteHeight, CHART.rowHeight]);
    expect(rows[1].noteY).toBeGreaterThan(rows[1].y);
    expect(rows[1].noteY).toBeLessThan(rows[1].top + rows[1].height);
    expect(rows[0].noteY).toBeNull();
    expect(rows[1].top).toBe(rows[0].top + rows[0].height);
    expect(rows[2].top).toBe(rows[1].top + rows[1].height + CHART.groupHeight);
    expect(layout.plotTop).toBeGreaterThan(layout.topAxisY);
    expect(layout.bottomAxisY).toBeGreaterThan(layout.plotBottom);
    expect(layout.height).toBeGreaterThan(layout.bottomAxisY);
  });
});

describe("the evidence chart's rows", () => {
  const render = (cells: CellEvidence[]) =>
    renderToStaticMarkup(
      createElement(IntervalChart, {
        slug: "m",
        cells,
        uses,
        untested: { count: 3, href: "/models/m/matrix?evidence=UNTESTED" },
        documented: { count: 0, href: "/models/m/matrix?evidence=DOCUMENTED" },
      }),
    );
  const row = (html: string, key: string) => html.match(new RegExp(`<a [^>]*data-cell="${key}"[\\s\\S]*?</a>`))![0];

  test("say the verdict was read from the corrected interval where there is one, and draw both intervals", () => {
    // The raw interval straddles 10%; corrected for the detectors' error it lies below: a pass.
    const corrected = evidence("R1-U1", {
      failures: 9,
      passes: 291,
      n: 300,
      rate: 0.03,
      intervalLow: 0.016,
      intervalHigh: 0.102,
      rawVerdict: "INCONCLUSIVE",
      verdict: "PASS",
      correctedRate: 0.02,
      correctedLow: 0.005,
      correctedHigh: 0.06,
      detectorAccuracy: { sensitivity: 0.9, specificity: 0.99, method: "Rogan-Gladen", labelsVersion: "1", detectors: [] },
    });
    const html = render([corrected, evidence("R2-U1")]);

    const read = row(html, "R1-U1");
    expect(read).toContain('data-read-from="corrected"');
    expect(read).toMatch(/<tspan class="interval-verdict"[^>]*>pass<\/tspan><tspan[^>]*>· corrected<\/tspan>/);
    expect(read).toContain("verdict pass, read from the corrected 95% interval: all of it lies below the threshold");
    expect(read.match(/class="interval-span"/g)).toHaveLength(2);
    expect(read).toMatch(/<g class="interval-aside">/);

    const raw = row(html, "R2-U1");
    expect(raw).toContain('data-read-from="raw"');
    expect(raw).not.toContain("· corrected");
    expect(raw).toContain("verdict inconclusive, read from the raw 95% interval: it crosses the threshold");
    expect(raw.match(/class="interval-span"/g)).toHaveLength(1);
  });

  test("say why a clean interval under the threshold is still inconclusive: fewer cases than the minimum sample", () => {
    const small = evidence("R1-U1", { failures: 0, passes: 40, n: 40, rate: 0, intervalLow: 0, intervalHigh: 0.088, minSampleSize: 50 });
    expect(row(render([small]), "R1-U1")).toContain("it lies below the threshold, but 40 cases are fewer than the minimum sample of 50");
  });

  test("with no evidence at all, draw no figure and count the untested cells", () => {
    const html = render([]);
    expect(html).not.toContain("<svg");
    expect(html).toContain('<a href="/models/m/matrix?evidence=UNTESTED">3 cells untested</a>: no cell has measured evidence to draw yet.');
  });
});
