// What the exporters are told about testing: per-cell campaign aggregates and the measured
// accuracy of the detectors that judged them. The card itself never stores evidence; the
// caller gathers it from campaigns, so an export shows exactly what was measured and when.
import { z } from "zod";
import { cellVerdictLabel, type CellVerdict } from "../domain/verdicts";
import { type AsStored, labelAsStored } from "../domain/vocabulary";
import { ATTACHABLE_EVIDENCE_KINDS } from "../evidence/attach-evidence";
import { RUN_DATE_UNKNOWN } from "../evidence/imported-source";
import { cellKeyLabel } from "../domain/cell-key";
import { type Card, riskCode, useCode } from "./schema";

/** A measured cell (n >= 1) is never untested: the cell vocabulary of lib/domain less UNTESTED. */
export const VERDICTS = ["PASS", "FAIL", "INCONCLUSIVE"] as const satisfies readonly CellVerdict[];
export type Verdict = (typeof VERDICTS)[number];
export const verdictLabel: Record<Verdict, string> = cellVerdictLabel;

const rate = z.number().min(0).max(1);

export const cellEvidenceSchema = z.object({
  risk: riskCode,
  use: useCode,
  n: z.number().int().min(1),
  failures: z.number().int().min(0),
  /** Of the n verdicts, those a reviewer overrode (confirmed by a second person); absent in releases published before it was recorded. */
  overrides: z.number().int().min(0).optional(),
  /** Cases that ended in an error, not part of n; absent in releases published before it was recorded. */
  errors: z.number().int().min(0).optional(),
  /** Wilson 95% interval of the failure rate. */
  wilson: z.object({ lower: rate, upper: rate }),
  /** The failure rate the cell must stay under; the verdict is judged against it. */
  threshold: rate,
  verdict: z.enum(VERDICTS),
  campaign: z.string().min(1),
  modelRevision: z.string().min(1),
  /**
   * ISO 8601 date or timestamp of the campaign's end, or of the imported run by its tool's record;
   * null for an imported run whose file gives no date ("run date unknown").
   */
  date: z.string().min(1).nullable(),
  /** The model, suite, detectors or settings changed since: shown, never silently reused. */
  stale: z.boolean(),
  /** Made by the generated tiny model (recorded on the evidence when it was written). */
  smokeTest: z.boolean().default(false),
  /** What answered: "local" (this engine) or "openai" with the endpoint's served model. */
  backend: z.string().nullable().default(null),
  servedModel: z.string().nullable().default(null),
  /** The model judges whose verdicts counted, "kind@revision" joined by ", "; null where the detectors alone judged (and in releases before it was exported). */
  judge: z.string().nullable().default(null),
  /** What each counted judge's endpoint said it served, "target: model (root ...)" joined by "; "; null without one (and in releases before it was exported). */
  judgeServedModel: z.string().nullable().default(null),
  /** The other tool's run the evidence was imported from (garak, promptfoo, Inspect); null for a campaign's. */
  importedFrom: z
    .object({
      tool: z.string().min(1),
      version: z.string().nullable(),
      file: z.string().min(1),
      sha256: z.string().min(1),
      testedModel: z.string().nullable(),
      /** When it was imported (the evidence's date is the run's); absent in releases published before it was recorded. */
      importedAt: z.string().min(1).optional(),
    })
    .nullable()
    .default(null),
  /**
   * The use's suite the campaign ran (its key and title as in content/suites) and the content hash
   * it ran under; null where not recorded (a release published before it was).
   */
  suite: z
    .object({ key: z.string().min(1), title: z.string(), hash: z.string().nullable() })
    .nullable()
    .default(null),
  /** Filled by the detector-error statistics when the detectors' accuracy is known. */
  correctedRate: rate.nullable().optional(),
  correctedInterval: z.object({ lower: rate, upper: rate }).nullable().optional(),
  /**
   * The detectors and counted judges (name@version) whose verdicts made this evidence and that need
   * review (lib/detectors/needs-review.ts), with why; cards exported before it was written carry none.
   */
  needsReview: z.array(z.object({ detector: z.string().min(1), why: z.string().min(1) })).default([]),
  /** The pooled accuracy the correction used, and the detectors (name@version) it pooled. */
  detectorAccuracy: z
    .object({ sensitivity: rate, specificity: rate, detectors: z.array(z.string().min(1)).optional() })
    .nullable()
    .optional(),
});

export const detectorAccuracySchema = z.object({
  detector: z.string().min(1),
  version: z.string().min(1),
  labelledExamples: z.number().int().min(1),
  /** Agreement with the labels (lib/detectors/detector-figures.ts). */
  accuracy: rate,
  // Cards exported before these were written carry agreement only.
  precision: rate.nullable().default(null),
  recall: rate.nullable().default(null),
});

/** A document, link or attestation a reviewer attached to a cell: evidence, but not a measurement. */
export const documentedEvidenceSchema = z.object({
  risk: riskCode,
  use: useCode,
  kind: z.enum(ATTACHABLE_EVIDENCE_KINDS),
  title: z.string().min(1),
  url: z.string().nullable(),
  /** The attestation's text, or the document's notes. */
  body: z.string(),
  /** ISO 8601 timestamp of when it was attached. */
  date: z.string().min(1),
});

export const documentedKindLabel: Record<DocumentedEvidence["kind"], string> = { DOCUMENT: "document", LINK: "link", ATTESTATION: "attestation" };

/** A cell with no current evidence whose newest run reached it and judged nothing: every case errored. It backs nothing. */
export const erroredOnlyEvidenceSchema = z.object({
  risk: riskCode,
  use: useCode,
  errors: z.number().int().min(1),
  /** The campaign, or "imported from …" and the tool's file, as the evidence table names a source. */
  campaign: z.string().min(1),
  /** As a cell's evidence date: null for an imported run whose file gives none. */
  date: z.string().min(1).nullable(),
});

export const cardEvidenceSchema = z.object({
  cells: z.array(cellEvidenceSchema),
  /** Untested cells whose every case errored; absent in releases published before it was recorded. */
  erroredOnly: z.array(erroredOnlyEvidenceSchema).optional(),
  /** By card order; absent in releases published before it was recorded. */
  documented: z.array(documentedEvidenceSchema).optional(),
  detectors: z.array(detectorAccuracySchema),
  /** Some of the evidence came from the generated tiny model: it tests the pipeline, not the model. */
  smokeTestModel: z.boolean(),
});

/** The model revision of evidence that recorded none. */
export const UNKNOWN_REVISION = "unknown";

export type CellEvidence = z.infer<typeof cellEvidenceSchema>;
export type DocumentedEvidence = z.infer<typeof documentedEvidenceSchema>;
export type ErroredOnlyEvidence = z.infer<typeof erroredOnlyEvidenceSchema>;
export type DetectorAccuracy = z.infer<typeof detectorAccuracySchema>;
export type CardEvidence = z.infer<typeof cardEvidenceSchema>;

export function failureRate(evidence: Pick<CellEvidence, "n" | "failures">): number {
  return evidence.failures / evidence.n;
}

/** A rate as every export writes it: "8.00%". */
export function percent(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

/** An interval of rates: "3.15%–18.84%". */
export function percentInterval({ lower, upper }: { lower: number; upper: number }): string {
  return `${percent(lower)}–${percent(upper)}`;
}

/** "2 cases errored and are not part of n = 30", for a row with errored cases. */
export function erroredText(row: Pick<CellEvidence, "n" | "errors">): string {
  const errors = row.errors ?? 0;
  return `${errors} ${errors === 1 ? "case errored and is" : "cases errored and are"} not part of n = ${row.n}`;
}

/** "3 of its 300 verdicts overridden by a reviewer", for a row with overrides. */
export function overriddenText(row: Pick<CellEvidence, "n" | "overrides">): string {
  const overrides = row.overrides ?? 0;
  return `${overrides} of its ${row.n} verdict${row.n === 1 ? "" : "s"} overridden by a reviewer`;
}

/** "untested: all 3 cases of campaign-8 errored, none judged (2026-11-21)": what a run that judged nothing in a cell left, in every export. */
export function erroredOnlyText(row: ErroredOnlyEvidence): string {
  const cases = row.errors === 1 ? "the one case" : `all ${row.errors} cases`;
  return `untested: ${cases} of ${row.campaign} errored, none judged (${row.date ? day(row.date) : RUN_DATE_UNKNOWN})`;
}

/** The day of an ISO timestamp; anything else as it is. */
export function day(date: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? date;
}

/** The verdict's word, with "(stale)" when what it was made under has changed since. */
export function verdictText(row: AsStored<Pick<CellEvidence, "verdict" | "stale">>): string {
  const verdict = labelAsStored(verdictLabel, row.verdict);
  return row.stale ? `${verdict} (stale)` : verdict;
}

/**
 * The rows of `rows` in the card's order: each cell's rows, in their own order, cell by cell. Found
 * in a map: a search of every row for each cell was 2.5 billion comparisons for a 500 x 100 card.
 */
export function rowsInCardOrder<Row extends { risk: string; use: string }>(card: Card, rows: Row[]): Row[] {
  const byCell = new Map<string, Row[]>();
  for (const row of rows) {
    const key = cellKeyLabel(row.risk, row.use);
    const found = byCell.get(key);
    if (found) found.push(row);
    else byCell.set(key, [row]);
  }
  return card.cells.flatMap((cell) => byCell.get(cellKeyLabel(cell.risk, cell.use)) ?? []);
}
