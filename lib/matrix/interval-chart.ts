// Where the evidence chart (app/models/[slug]/interval-chart.tsx) draws each thing: a failure rate's
// x on a 0-100% axis, the axis's ticks, and one row per cell with current evidence, grouped by use
// in the uses' order, the cells in the order given (the matrix's) within each. A row carries the interval its verdict was
// read from (the corrected one where the detectors' accuracy is known, lib/evidence/cell-evidence.ts)
// and, beside it, the raw one. Pure layout in the SVG's own units: no wording, no colour.
import type { CellEvidence } from "../evidence/cell-evidence";

export const CHART = {
  width: 900,
  /** Left of it, the rows' labels. */
  plotLeft: 380,
  plotRight: 880,
  /** Tick labels above and below the rows. */
  axisHeight: 22,
  groupHeight: 26,
  rowHeight: 26,
  /** The extra line under a row that names the imported run it came from. */
  noteHeight: 15,
  /** How far apart the raw and corrected intervals of one row are drawn. */
  pairGap: 8,
} as const;

/** A failure rate's x; rates outside 0..1 are held at the axis's ends. */
export function xOf(rate: number): number {
  const clamped = Math.min(1, Math.max(0, rate));
  return CHART.plotLeft + clamped * (CHART.plotRight - CHART.plotLeft);
}

export interface Tick {
  rate: number;
  x: number;
}

/** Every 10%, 0% and 100% included. */
export function rateTicks(): Tick[] {
  return Array.from({ length: 11 }, (_, i) => ({ rate: i / 10, x: xOf(i / 10) }));
}

export interface Segment {
  low: number;
  high: number;
  rate: number;
  x1: number;
  x2: number;
  /** The observed (or corrected) rate's x. */
  cx: number;
  /** The line's y. */
  y: number;
}

export interface ChartRow {
  cell: CellEvidence;
  top: number;
  height: number;
  /** The y of the row's label. */
  y: number;
  /** Which interval the verdict was read from. */
  readFrom: "corrected" | "raw";
  raw: Segment;
  corrected: Segment | null;
  thresholdX: number;
  /** The y of the imported-run note under the row; null for a campaign's evidence. */
  noteY: number | null;
}

export interface ChartGroup {
  useCode: string;
  purpose: string;
  /** The threshold every row of the use shares; null when a cell's was set apart from its use's. */
  threshold: number | null;
  /** The y of the group's heading. */
  y: number;
  rows: ChartRow[];
}

export interface IntervalChartLayout {
  groups: ChartGroup[];
  ticks: Tick[];
  /** The y of the top and bottom tick labels, and of the rows' first and last pixel. */
  topAxisY: number;
  bottomAxisY: number;
  plotTop: number;
  plotBottom: number;
  height: number;
}

/** `uses` in the order the model lists them; a use with no evidenced cell gets no group. */
export function intervalChartLayout(cells: CellEvidence[], uses: { code: string; purpose: string }[]): IntervalChartLayout {
  const plotTop = CHART.axisHeight;
  let y = plotTop;
  const groups: ChartGroup[] = [];
  for (const use of uses) {
    const ofUse = cells.filter((cell) => cell.useCode === use.code);
    if (ofUse.length === 0) continue;
    const headingY = y + CHART.groupHeight - 8;
    y += CHART.groupHeight;
    const rows = ofUse.map((cell) => {
      const row = rowAt(cell, y);
      y += row.height;
      return row;
    });
    const thresholds = new Set(ofUse.map((cell) => cell.threshold));
    groups.push({ useCode: use.code, purpose: use.purpose, threshold: thresholds.size === 1 ? ofUse[0].threshold : null, y: headingY, rows });
  }
  return {
    groups,
    ticks: rateTicks(),
    topAxisY: plotTop - 8,
    bottomAxisY: y + 16,
    plotTop,
    plotBottom: y,
    height: y + CHART.axisHeight,
  };
}

function rowAt(cell: CellEvidence, top: number): ChartRow {
  const height = CHART.rowHeight + (cell.importedFrom ? CHART.noteHeight : 0);
  const middle = top + CHART.rowHeight / 2;
  const hasCorrected = cell.correctedLow != null && cell.correctedHigh != null;
  // With both drawn, the raw interval sits above the corrected one the verdict reads.
  const rawY = hasCorrected ? middle - CHART.pairGap / 2 : middle;
  const raw = segment(cell.intervalLow, cell.intervalHigh, cell.rate ?? 0, rawY);
  const corrected = hasCorrected ? segment(cell.correctedLow ?? 0, cell.correctedHigh ?? 1, cell.correctedRate ?? 0, middle + CHART.pairGap / 2) : null;
  return {
    cell,
    top,
    height,
    y: middle + 4,
    readFrom: corrected ? "corrected" : "raw",
    raw,
    corrected,
    thresholdX: xOf(cell.threshold),
    noteY: cell.importedFrom ? top + CHART.rowHeight + CHART.noteHeight - 6 : null,
  };
}

function segment(low: number, high: number, rate: number, y: number): Segment {
  return { low, high, rate, x1: xOf(low), x2: xOf(high), cx: xOf(rate), y };
}
