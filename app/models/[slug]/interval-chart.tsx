// The model's evidence as a picture: one row per cell with current evidence, grouped by use, its
// failure rate's 95% interval as a line, the observed rate as a mark and the cell's threshold as a
// vertical line, so a reader sees which cells are near their threshold, which intervals are wide
// because few cases ran, and why a cell is inconclusive. Plain SVG, laid out by
// lib/matrix/interval-chart.ts; each verdict has its word and its mark's shape beside its colour,
// and each row its figures in a <title> and a link to the cell. Server component: no hooks.
import Link from "next/link";
import { evidenceFigures, percent, verdictWords } from "@/app/_components/cell-evidence-badge";
import { cellVerdictLabel } from "@/lib/domain/verdicts";
import type { CellEvidence } from "@/lib/evidence/cell-evidence";
import { importedEvidenceLabel } from "@/lib/evidence/imported-source";
import { SMOKE_TEST_MODEL } from "@/lib/matrix/evidence-status";
import { CHART, intervalChartLayout, type ChartRow, type Segment } from "@/lib/matrix/interval-chart";

interface Props {
  slug: string;
  cells: CellEvidence[];
  uses: { code: string; purpose: string }[];
  /** Cells not drawn, as the overview counts them, and where the matrix lists them. */
  untested: { count: number; href: string };
  documented: { count: number; href: string };
}

export function IntervalChart({ slug, cells, uses, untested, documented }: Props) {
  const notDrawn = (
    <p className="small" data-testid="interval-chart-not-drawn">
      <Link href={untested.href}>
        {untested.count} {untested.count === 1 ? "cell" : "cells"} untested
      </Link>
      {documented.count > 0 && (
        <>
          {" "}
          and{" "}
          <Link href={documented.href}>
            {documented.count} documented {documented.count === 1 ? "cell" : "cells"}
          </Link>{" "}
          (a document, link or attestation, no rate to draw)
        </>
      )}
      {cells.length === 0 ? ": no cell has measured evidence to draw yet." : ": not drawn."}
    </p>
  );
  if (cells.length === 0) return <>{notDrawn}</>;

  const layout = intervalChartLayout(cells, uses);
  return (
    <>
      <figure className="interval-chart" data-testid="interval-chart">
        <svg viewBox={`0 0 ${CHART.width} ${layout.height}`} aria-labelledby="interval-chart-title">
          <title id="interval-chart-title">{`Failure rates of ${cells.length} ${cells.length === 1 ? "cell" : "cells"} with their 95% intervals, against each cell's threshold`}</title>
          {layout.ticks.map((tick) => (
            <g key={tick.rate} className="interval-axis">
              <line x1={tick.x} x2={tick.x} y1={layout.plotTop} y2={layout.plotBottom} />
              <text x={tick.x} y={layout.topAxisY} textAnchor="middle">
                {Math.round(tick.rate * 100)}%
              </text>
              <text x={tick.x} y={layout.bottomAxisY} textAnchor="middle">
                {Math.round(tick.rate * 100)}%
              </text>
            </g>
          ))}
          {layout.groups.map((group) => (
            <g key={group.useCode} data-use={group.useCode}>
              <text className="interval-group" x={0} y={group.y}>
                {group.useCode} · {group.purpose} · {group.threshold === null ? "thresholds set per cell" : `threshold ${percent(group.threshold)}`}
              </text>
              {group.rows.map((row) => (
                <IntervalRow key={row.cell.key} row={row} href={`/models/${slug}/matrix?cell=${row.cell.key}`} />
              ))}
            </g>
          ))}
        </svg>
        <figcaption className="small">
          Each row is a cell with current evidence, grouped by use. Its line runs from the low to the high end of the 95% interval of the cell&apos;s failure
          rate, the mark on it is the rate observed, and the dark vertical line is the cell&apos;s threshold. The verdict is read from the interval:{" "}
          <strong>pass</strong> (●) when all of it lies left of the threshold and at least the minimum sample ran, <strong>fail</strong> (■) when all of it lies
          right of the threshold, <strong>inconclusive</strong> (○) when it crosses the threshold or the clean sample is too small. A row with two lines also
          shows the interval corrected for the detectors&apos; measured error (the lower, thicker line, marked &quot;corrected&quot;): its verdict is read from
          that one; otherwise from the raw interval. A dashed line is stale evidence. Each row&apos;s figures are in its tooltip; it opens the cell on the
          matrix. <Link href="/how-riskledger-decides">How Riskledger decides</Link>.
        </figcaption>
      </figure>
      {notDrawn}
    </>
  );
}

function IntervalRow({ row, href }: { row: ChartRow; href: string }) {
  const { cell } = row;
  const stale = cell.stale.length > 0;
  return (
    <a
      href={href}
      className={`interval-row interval-${cell.verdict}${stale ? " interval-stale" : ""}`}
      data-cell={cell.key}
      data-verdict={cell.verdict}
      data-read-from={row.readFrom}
    >
      <title>{`${cell.label}: ${verdictWords(cell)}\n${evidenceFigures(cell)}\n${verdictReading(row)}`}</title>
      <rect className="interval-row-hover" x={0} y={row.top} width={CHART.width} height={row.height} />
      <text x={0} y={row.y}>
        <tspan className="interval-key">{cell.label}</tspan>
        <tspan className="interval-verdict" dx={10}>
          {verdictWords(cell)}
        </tspan>
        {row.readFrom === "corrected" && <tspan dx={6}>· corrected</tspan>}
        {cell.smokeTest && (
          <tspan className="interval-tag" dx={6}>
            · {SMOKE_TEST_MODEL}
          </tspan>
        )}
      </text>
      {cell.importedFrom && row.noteY !== null && (
        <text className="interval-note" x={0} y={row.noteY}>
          imported: {importedEvidenceLabel(cell.importedFrom)}
        </text>
      )}
      <line className="interval-threshold" x1={row.thresholdX} x2={row.thresholdX} y1={row.top} y2={row.top + row.height} />
      <IntervalLine segment={row.raw} read={row.readFrom === "raw"} verdict={cell.verdict} />
      {row.corrected && <IntervalLine segment={row.corrected} read verdict={cell.verdict} />}
    </a>
  );
}

/** The interval with its end caps and the rate's mark; the one the verdict was read from is drawn bold, with the verdict's shape. */
function IntervalLine({ segment: s, read, verdict }: { segment: Segment; read: boolean; verdict: CellEvidence["verdict"] }) {
  const cap = read ? 5 : 3;
  return (
    <g className={read ? "interval-read" : "interval-aside"}>
      <line className="interval-span" x1={s.x1} x2={s.x2} y1={s.y} y2={s.y} />
      <line x1={s.x1} x2={s.x1} y1={s.y - cap} y2={s.y + cap} />
      <line x1={s.x2} x2={s.x2} y1={s.y - cap} y2={s.y + cap} />
      {!read ? (
        <circle className="interval-mark-open" cx={s.cx} cy={s.y} r={2.5} />
      ) : verdict === "FAIL" ? (
        <rect className="interval-mark" x={s.cx - 4} y={s.y - 4} width={8} height={8} />
      ) : (
        <circle className={verdict === "PASS" ? "interval-mark" : "interval-mark-open"} cx={s.cx} cy={s.y} r={4} />
      )}
    </g>
  );
}

/** Which interval the verdict was read from, and what in it gave the verdict. */
function verdictReading({ cell, readFrom, raw, corrected }: ChartRow): string {
  const interval = corrected ?? raw;
  const from = `verdict ${cellVerdictLabel[cell.verdict]}, read from the ${readFrom === "corrected" ? "corrected" : "raw"} 95% interval: `;
  if (cell.verdict === "PASS") return `${from}all of it lies below the threshold`;
  if (cell.verdict === "FAIL") return `${from}all of it lies above the threshold`;
  if (interval.high < cell.threshold)
    return `${from}it lies below the threshold, but ${cell.n} cases are fewer than the minimum sample of ${cell.minSampleSize}`;
  return `${from}it crosses the threshold`;
}
