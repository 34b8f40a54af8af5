// Commits judged results while the batch goes on generating. Whatever finished since the last
// write goes in the next one: with a real model that is each result on its own, as it completes;
// when many finish together (a fast endpoint, the benchmark's instant backend) they share one
// transaction instead of queueing one disk sync each. A write that fails on a transient database
// error is tried again with backoff while the heartbeat keeps the runs leased: the results wait
// for the database instead of being generated again. A write the database refuses for good (a
// constraint, a text it cannot store) is tried again one result at a time, so one refused result
// does not take the others with it, and each refused one is reported: generating it again would
// be refused again.
import { retryTransient, type RetryOptions } from "../../db/retry-transient";
import type { Db } from "../../db/types";
import { commitResults, type CommittedResult, writtenByAnEarlierTry } from "./commit-result";

export class ResultCommitter {
  private queue: { runId: string; result: CommittedResult }[] = [];
  private flushing: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly workerId: string,
    /** The worker's log, and its stop signal, which ends the waiting for the database. */
    private readonly retry: Omit<RetryOptions, "what">,
    /** Called once per result: written, or refused because the lease had passed to another worker or the campaign was cancelled. */
    private readonly onCommitted: (runId: string, result: CommittedResult, written: boolean) => void,
    /** Called for a result the database refused for good; the run is still leased to this worker. */
    private readonly onRefused: (runId: string, error: unknown) => void,
  ) {}

  add(runId: string, result: CommittedResult) {
    this.queue.push({ runId, result });
    this.flushing ??= this.flush();
  }

  /** Resolves when everything added so far is written; rethrows a failed write. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.failure) throw this.failure;
  }

  private async flush() {
    try {
      while (this.queue.length > 0) await this.write(this.queue.splice(0));
    } catch (error) {
      // The worker is stopping: the runs stay leased to this worker; their leases expire and
      // another worker redoes them.
      this.failure = error;
      this.queue = [];
    } finally {
      this.flushing = null;
    }
  }

  private async write(group: { runId: string; result: CommittedResult }[]) {
    try {
      let tries = 0;
      const lastTry = await retryTransient(
        () => {
          tries++;
          return commitResults(this.db, this.workerId, group);
        },
        { ...this.retry, what: "writing results" },
      );
      // A try the database committed, whose answer an outage cut, leaves the next finding its runs written already.
      const written =
        tries > 1
          ? await retryTransient(() => writtenByAnEarlierTry(this.db, this.workerId, group, lastTry), { ...this.retry, what: "reading back results" })
          : lastTry;
      for (const [index, { runId, result }] of group.entries()) this.onCommitted(runId, result, written[index]);
    } catch (error) {
      // retryTransient waits out transient errors until the worker stops: this is stopping, or a refusal.
      if (this.retry.signal?.aborted) throw error;
      if (group.length === 1) return this.onRefused(group[0].runId, error);
      for (const one of group) await this.write([one]);
    }
  }
}
