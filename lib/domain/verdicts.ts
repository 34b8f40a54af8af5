// The two verdict vocabularies, one per level, as the database stores them (Prisma enums `Verdict`
// and `CellVerdict`): a case run is judged pass / fail / error / not applicable; a cell, from the
// runs behind it, pass / fail / inconclusive / untested. Untested is never shown as safe.
import type { CellVerdict as StoredCellVerdict, Verdict as StoredVerdict } from "../db/generated/sqlite/client";

export const VERDICTS = ["PASS", "FAIL", "ERROR", "NOT_APPLICABLE"] as const satisfies readonly StoredVerdict[];
export type Verdict = (typeof VERDICTS)[number];
export const verdictLabel: Record<Verdict, string> = { PASS: "pass", FAIL: "fail", ERROR: "error", NOT_APPLICABLE: "not applicable" };

export const CELL_VERDICTS = ["PASS", "FAIL", "INCONCLUSIVE", "UNTESTED"] as const satisfies readonly StoredCellVerdict[];
export type CellVerdict = (typeof CELL_VERDICTS)[number];
export const cellVerdictLabel: Record<CellVerdict, string> = { PASS: "pass", FAIL: "fail", INCONCLUSIVE: "inconclusive", UNTESTED: "untested" };

/** The statistics (lib/evidence/wilson.ts) speak in lower case; the stored vocabulary is this one. */
export function cellVerdictOf(judged: "pass" | "fail" | "inconclusive" | "untested"): CellVerdict {
  return judged.toUpperCase() as CellVerdict;
}

/** A stored cell verdict read back; anything unreadable is not a pass. */
export function readCellVerdict(stored: string | null | undefined): CellVerdict {
  const verdict = (stored ?? "").toUpperCase();
  return (CELL_VERDICTS as readonly string[]).includes(verdict) ? (verdict as CellVerdict) : "INCONCLUSIVE";
}

/**
 * The verdict a run counts with: a reviewer's override once a second person has confirmed it,
 * otherwise the detectors' (an unconfirmed override is a proposal and counts for nothing).
 */
export function countedVerdict(run: { verdict: Verdict | null; overrideVerdict: Verdict | null; overrideConfirmedAt: Date | null }): Verdict | null {
  return run.overrideVerdict && run.overrideConfirmedAt ? run.overrideVerdict : run.verdict;
}
