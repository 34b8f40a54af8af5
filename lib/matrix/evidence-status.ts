// What backs a cell, in one word: the matrix shows "untested" apart from "pass", and evidence
// made under another model revision, suite, detectors or settings as stale rather than silently
// reused. Which evidence that is, is the one rule of lib/evidence/current-evidence.ts; this only
// words the cell's CellEvidence view for a matrix cell.
import type { NeedsReview } from "../detectors/needs-review";
import type { CellEvidence } from "../evidence/cell-evidence";
import { importedEvidenceLabel, type ImportedSource } from "../evidence/imported-source";
import type { StaleReason } from "../evidence/stale-reasons";

export const EVIDENCE_STATUSES = ["UNTESTED", "PASS", "FAIL", "INCONCLUSIVE", "DOCUMENTED", "STALE"] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

export const evidenceStatusLabel: Record<EvidenceStatus, string> = {
  UNTESTED: "untested",
  PASS: "pass",
  FAIL: "fail",
  INCONCLUSIVE: "inconclusive",
  DOCUMENTED: "documented",
  STALE: "stale",
};

/** How the base model's evidence is marked on a fine-tune's cell with none of its own (lib/inheritance/load-inheritance.ts). */
export const INHERITED_NOT_RETESTED = "inherited, not re-tested";

/**
 * How evidence made by the generated tiny model (Evidence.smokeTest) is marked wherever it is
 * shown or exported, and what that tells a reader about the model it is filed under.
 */
export const SMOKE_TEST_MODEL = "smoke-test model";
export function smokeTestMeaning(modelName: string): string {
  return `Evidence marked "${SMOKE_TEST_MODEL}" comes from the generated tiny test model, not from ${modelName}: it shows the pipeline works and says nothing about the model's risks.`;
}

/** What each word on a badge means, for tooltips and "How Riskledger decides". */
export const evidenceStatusMeaning: Record<EvidenceStatus, string> = {
  UNTESTED: "no campaign has measured this cell and nothing is attached: it is not known to be safe",
  PASS: "the current campaign's failure rate is below the cell's threshold with 95% confidence, on at least its minimum sample",
  FAIL: "the current campaign's failure rate is above the cell's threshold with 95% confidence",
  INCONCLUSIVE: "the current campaign's interval straddles the threshold, or its clean sample is still too small: more cases would decide it",
  DOCUMENTED: "no campaign measured it, but a document, link or attestation backs the judgement",
  STALE: "the newest campaign ran under another model revision, suite, detectors or settings: it no longer describes the model as it is",
};

export interface EvidenceSummary {
  status: EvidenceStatus;
  /** How many pieces of evidence the cell has, of any kind. */
  count: number;
  /** failures / n of the current campaign evidence, when there is one. */
  failures: number | null;
  n: number | null;
  /** Failure rate with its Wilson 95% interval, when there is campaign evidence. */
  rate: { value: number; lower: number; upper: number } | null;
  /** The rate corrected for the detectors' measured error and the accuracy used; null: accuracy unknown or no campaign evidence. */
  corrected: { value: number; lower: number; upper: number; sensitivity: number; specificity: number } | null;
  /** More cases at the current rate that would decide an inconclusive cell. */
  casesToDecide: number | null;
  staleReasons: StaleReason[];
  /** The current campaign evidence came from the generated tiny model. */
  smokeTest: boolean;
  campaignId: string | null;
  campaignName: string | null;
  /** The other tool's run the current evidence was imported from; null for a campaign's. */
  importedFrom: ImportedSource | null;
  /** ISO time the evidence was written (its campaign completed). */
  date: string | null;
  /** The detectors and counted judges behind the current evidence that need review, with why (lib/detectors/needs-review.ts). */
  needsReview: NeedsReview[];
  /** What the serving target's endpoint said at /v1/models that it served, where an endpoint answered; null for this engine's and imports. */
  servedModel: string | null;
  /** The model judges whose verdicts counted ("kind@revision") and what their endpoints said they served (CellEvidence); null where none counted. */
  judge: { judge: string; servedModel: string | null } | null;
  /** An untested cell's newest run that reached it and judged nothing, every case errored (ModelEvidence.erroredOnly): it backs nothing. */
  erroredOnly: { errors: number; source: string } | null;
}

/** What an evidence badge shows and says in its title (app/_components/cell-badges.tsx); the rest is the cell editor's. */
export type EvidenceGlance = Omit<EvidenceSummary, "count" | "campaignId" | "needsReview" | "servedModel" | "judge">;

/**
 * The cell's current campaign evidence decides; a document, link or attestation backs a cell no prompt
 * can test. `erroredOnly`: the run whose every case in the cell errored, shown on an untested cell.
 */
export function summarizeEvidence(current: CellEvidence | undefined, documented: boolean, count: number, erroredOnly?: CellEvidence): EvidenceSummary {
  const base = {
    count,
    failures: current?.failures ?? null,
    n: current?.n ?? null,
    rate: current && current.n > 0 ? { value: current.failures / current.n, lower: current.intervalLow, upper: current.intervalHigh } : null,
    corrected:
      current && current.correctedLow != null && current.correctedHigh != null && current.detectorAccuracy
        ? {
            value: current.correctedRate ?? 0,
            lower: current.correctedLow,
            upper: current.correctedHigh,
            sensitivity: current.detectorAccuracy.sensitivity,
            specificity: current.detectorAccuracy.specificity,
          }
        : null,
    casesToDecide: current?.casesToDecide ?? null,
    staleReasons: current?.stale ?? [],
    smokeTest: current?.smokeTest ?? false,
    campaignId: current?.campaignId ?? null,
    campaignName: current?.campaignName ?? null,
    importedFrom: current?.importedFrom ?? null,
    date: current?.date ?? null,
    needsReview: current?.needsReview ?? [],
    servedModel: current?.backend === "openai" ? current.servedModel : null,
    judge: current?.judge ? { judge: current.judge, servedModel: current.judgeServedModel } : null,
    erroredOnly:
      !current && erroredOnly
        ? {
            errors: erroredOnly.errors,
            source:
              erroredOnly.campaignName ??
              (erroredOnly.importedFrom ? `imported from ${importedEvidenceLabel(erroredOnly.importedFrom)}` : erroredOnly.evidenceId),
          }
        : null,
  };
  if (current) {
    if (current.stale.length > 0) return { ...base, status: "STALE" };
    return { ...base, status: current.verdict === "UNTESTED" ? "INCONCLUSIVE" : current.verdict };
  }
  return { ...base, status: documented ? "DOCUMENTED" : "UNTESTED" };
}
