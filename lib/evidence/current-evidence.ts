// Which evidence is current: one rule, stated here and nowhere else. Every page, export and gate
// reads a cell's evidence through loadCellEvidence (cell-evidence.ts), which applies it.
import { importedRunDate } from "./imported-source";
import { staleReasons, type CurrentHashes, type HashedEvidence, type StaleReason } from "./stale-reasons";

/** The rule in words, shown beside the evidence in the UI and in the card. */
export const CURRENT_EVIDENCE_RULE =
  "A cell's current evidence is the newest completed campaign or imported run of another tool covering it whose model revision, suite, detectors and settings equal the current ones " +
  "(an imported run: whose declared model revision equals the current one); when none does, the newest is shown, marked stale. An imported run is as new as the run, by its tool's own record, not its import; " +
  "one whose file gives no date of the run counts as older than any dated. A campaign is as new as its first completion: retrying its runs in error never moves it, and its evidence stands while the retry runs and after it is cancelled. An override changes one case's verdict and the counts of its own cell in that campaign, " +
  "never which campaign is current or the evidence's date.";

export interface CandidateEvidence extends HashedEvidence {
  kind: string;
  n: number | null;
  /** Cases that errored, not part of n. */
  errors?: number | null;
  /**
   * When the campaign first completed and wrote it, or the import did; neither a retry of its failed
   * runs nor an override moves it. A campaign's rows are written only when it completes, so its
   * status now does not decide whether they count: one running again (a retry of its failed runs)
   * or cancelled since still measured them.
   */
  createdAt: Date;
  /** The run it was imported from (kind IMPORT): dated by the run, not by the import. */
  externalImport?: { createdAt: Date; startedAt: string | null; completedAt: string | null } | null;
}

/** When the evidence was measured: a campaign's completion, an imported run's own date (null when its file gives none). */
export function evidenceDate(evidence: Pick<CandidateEvidence, "createdAt" | "externalImport">): Date | null {
  return evidence.externalImport ? importedRunDate(evidence.externalImport, evidence.externalImport.createdAt).date : evidence.createdAt;
}

/** Evidence that counts outputs: a campaign's, or an imported run's of another tool. */
const MEASURED_KINDS = new Set(["CAMPAIGN", "IMPORT"]);

export interface CurrentEvidence<T> {
  evidence: T;
  /** Empty when it was made under the current hashes. */
  stale: StaleReason[];
}

/**
 * The current-evidence rule: among a cell's evidence from campaigns (written at their completion) and
 * imported runs that judged at least one sample, the newest (by evidenceDate; an imported run with no date of its own is
 * older than any dated, and among such the last imported is newest) whose hashes equal the current
 * ones; when none does, the newest, with why it is stale. Null when there is none.
 * Overrides rewrite counts in place (campaign-aggregate.ts recountOverriddenRun) and never the
 * date, so they cannot change the answer.
 */
export function currentCampaignEvidence<T extends CandidateEvidence>(rows: readonly T[], useCode: string, current: CurrentHashes): CurrentEvidence<T> | null {
  const candidates = newestFirst(rows.filter((row) => isMeasured(row) && (row.n ?? 0) > 0));
  if (candidates.length === 0) return null;
  const judged = candidates.map((evidence) => ({ evidence, stale: staleReasons(evidence, useCode, current) }));
  return judged.find((candidate) => candidate.stale.length === 0) ?? judged[0];
}

/**
 * For a cell with no current evidence: the newest imported run (source-evidence-rows.ts) that ran
 * its cases and judged none, every one having errored. It backs nothing (the cell stays untested) but
 * is shown, so that a run which reached the cell is not mistaken for one that never did.
 */
export function erroredOnlyEvidence<T extends CandidateEvidence>(rows: readonly T[]): T | null {
  return newestFirst(rows.filter((row) => isMeasured(row) && (row.n ?? 0) === 0 && (row.errors ?? 0) > 0))[0] ?? null;
}

// Not held to the campaign's status: a retry sets a completed campaign running again, and a cell
// whose newest campaign was being retried, or whose retry was cancelled, would fall back to an older
// campaign's evidence, a pass there hiding the newer one's failure.
function isMeasured(row: CandidateEvidence): boolean {
  return MEASURED_KINDS.has(row.kind);
}

/** By evidenceDate; an imported run with no date of its own is older than any dated, and among such the last imported is newest. */
function newestFirst<T extends CandidateEvidence>(rows: readonly T[]): T[] {
  return rows
    .map((row) => ({ row, date: evidenceDate(row)?.getTime() ?? Number.NEGATIVE_INFINITY }))
    .sort((a, b) => b.date - a.date || b.row.createdAt.getTime() - a.row.createdAt.getTime())
    .map(({ row }) => row);
}
