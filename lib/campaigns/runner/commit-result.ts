// Writing a run's outcome. Each write is one UPDATE guarded by the lease: only the worker that
// still holds the run may write it, and only once (a written run is no longer LEASED), so a
// worker whose lease was taken over after it stalled cannot overwrite, or add to, the result. Each
// is guarded by its campaign's status in the same UPDATE: a cancel wins over a result or a failure
// that arrives after it, before the worker's heartbeat has seen the cancel (the run reads not run).
// On PostgreSQL that guard reads the campaign as the statement began; a write begun before a cancel
// commits is ordered against it on the run's row, which the cancel hands back (control-campaign.ts).
import type { GenerationResult } from "../../../engine/backend";
import type { DetectorResult } from "../../detectors/types";
import type { Db } from "../../db/types";
import { keptStrings, keptText } from "../../domain/kept-text";
import type { Verdict } from "../../domain/verdicts";

export interface CommittedResult {
  output: GenerationResult;
  /** null: no detector had anything to judge (not a sample). */
  verdict: Exclude<Verdict, "ERROR">;
  findings: DetectorResult[];
}

/** True when the result was written; false when this worker no longer held the run, or its campaign was cancelled. */
export async function commitResult(db: Db, workerId: string, runId: string, result: CommittedResult): Promise<boolean> {
  const [written] = await commitResults(db, workerId, [{ runId, result }]);
  return written;
}

/**
 * Results that finished at the same moment, in one transaction (one disk sync instead of one per
 * result); each is still its own guarded UPDATE. Says for each whether it was written.
 */
export async function commitResults(db: Db, workerId: string, results: { runId: string; result: CommittedResult }[]): Promise<boolean[]> {
  const writes = results.map(({ runId, result }) => resultWrite(db, workerId, runId, result));
  const counts = writes.length === 1 ? [await writes[0]] : await db.$transaction(writes);
  return counts.map((written) => written.count === 1);
}

/**
 * After a write tried again: which of the results its last try found not written an earlier try did write, its runs
 * DONE and still this worker's. A run another worker took over, or a cancel handed back, is not.
 */
export async function writtenByAnEarlierTry(db: Db, workerId: string, results: { runId: string }[], written: boolean[]): Promise<boolean[]> {
  const unwritten = results.filter((_, index) => !written[index]).map(({ runId }) => runId);
  if (unwritten.length === 0) return written;
  const done = await db.caseRun.findMany({ where: { id: { in: unwritten }, status: "DONE", leaseOwner: workerId }, select: { id: true } });
  const ours = new Set(done.map((run) => run.id));
  return results.map(({ runId }, index) => written[index] || ours.has(runId));
}

function resultWrite(db: Db, workerId: string, runId: string, result: CommittedResult) {
  return db.caseRun.updateMany({
    where: heldAndNotCancelled(workerId, runId),
    data: {
      status: "DONE",
      output: result.output.text,
      promptTokens: result.output.promptTokens,
      completionTokens: result.output.completionTokens,
      latencyMs: Math.round(result.output.latencyMs),
      verdict: result.verdict,
      // A model judge's words in a finding are a model's text too.
      findings: keptStrings(result.findings) as object[],
      error: null,
      errorDetail: null,
      leaseExpiresAt: null,
      finishedAt: new Date(),
    },
  });
}

/**
 * A failed generation: back to the queue while attempts remain (another worker, or this one, tries
 * again), else recorded as an error that the campaign's "retry failed" puts back. `message` is for
 * every reader; `detail` (an endpoint's address and own words) only for admins.
 */
export async function commitFailure(
  db: Db,
  workerId: string,
  runId: string,
  message: string,
  attempts: number,
  maxAttempts: number,
  detail: string | null = null,
): Promise<boolean> {
  const retry = attempts < maxAttempts;
  // An endpoint's own words may hold what PostgreSQL refuses.
  const errorText = { error: keptText(message), errorDetail: detail === null ? null : keptText(detail) };
  const written = await db.caseRun.updateMany({
    where: heldAndNotCancelled(workerId, runId),
    data: retry
      ? { status: "PENDING", leaseOwner: null, leaseExpiresAt: null, ...errorText }
      : { status: "ERROR", verdict: "ERROR", leaseExpiresAt: null, ...errorText, finishedAt: new Date() },
  });
  return written.count === 1;
}

/**
 * After commitFailure tried again: whether an earlier try wrote the failure its last try found the run no longer held
 * for. Ended in error: the run is ERROR and still this worker's. Put back: the run waits with this attempt's count and
 * message, unleased; a run leased again since, by any worker, counts as not written.
 */
export async function failureWrittenByAnEarlierTry(
  db: Db,
  workerId: string,
  runId: string,
  message: string,
  attempts: number,
  maxAttempts: number,
): Promise<boolean> {
  const run = await db.caseRun.findUnique({ where: { id: runId }, select: { status: true, leaseOwner: true, attempts: true, error: true } });
  if (!run) return false;
  if (attempts >= maxAttempts) return run.status === "ERROR" && run.leaseOwner === workerId;
  return run.status === "PENDING" && run.leaseOwner === null && run.attempts === attempts && run.error === keptText(message);
}

/** The run, still leased to this worker, of a campaign not cancelled. */
function heldAndNotCancelled(workerId: string, runId: string) {
  return { id: runId, status: "LEASED" as const, leaseOwner: workerId, campaign: { status: { not: "CANCELLED" as const } } };
}
