// Runs a database operation again, for as long as it takes, while it fails with a transient error
// (transient-database-error.ts): the database was locked, restarting or out of connections, and
// a long-running process such as the campaign worker should wait that out, not exit. Any other
// error is thrown at once. The operation must be safe to run again; the worker's are, because each
// write is guarded by the lease or the campaign's status.
import { setTimeout as delay } from "node:timers/promises";
import type { DatabaseWaitWatch } from "./database-wait";
import { databaseErrorSummary, isTransientDatabaseError } from "./transient-database-error";

export interface RetryOptions {
  /** What was being done, for the log: "leasing runs". */
  what: string;
  log: (message: string) => void;
  /** Once aborted, a transient error is thrown instead of waited out: the caller is stopping. */
  signal?: AbortSignal;
  /** Told of every transient failure and every answer, for a notice of the wait as a whole. */
  watch?: DatabaseWaitWatch;
}

export const FIRST_RETRY_MS = 250;
/**
 * The longest wait: a worker sits idle up to this long after the database is back. The workers
 * against one database are a handful, not a fleet, so a try from each every few seconds costs the
 * database nothing, and a longer cap (it was 30 s) only leaves a campaign standing still after a restart.
 */
export const LONGEST_RETRY_MS = 5_000;

/**
 * The wait before retry number `attempt` (0 first): the ceiling doubles from FIRST_RETRY_MS up to
 * LONGEST_RETRY_MS, and the wait is drawn from its upper half, so workers that failed on the same
 * lock spread out instead of all trying again in the same instant, and each still backs off.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function retryTransient<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await operation();
      options.watch?.answered();
      if (attempt > 0) options.log(`${options.what}: the database answered after ${attempt} ${attempt === 1 ? "retry" : "retries"}`);
      return result;
    } catch (error) {
      if (!isTransientDatabaseError(error) || options.signal?.aborted) throw error;
      options.watch?.failed(error);
      const wait = retryDelayMs(attempt);
      options.log(`${options.what} failed on a transient database error (${databaseErrorSummary(error)}); retrying in ${wait} ms`);
      await delay(wait, undefined, { signal: options.signal }).catch(() => {});
    }
  }
}
