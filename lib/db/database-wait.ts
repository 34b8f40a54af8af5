// Whether the database answers, told from the queries made on it: the first transient failure
// starts a wait, the next query that succeeds ends it. Whoever watches (campaign run's progress
// output) hears of each change once, however many queries and retries fail in between, where a
// worker's log has a line per retry.
import { databaseErrorSummary } from "./transient-database-error";

export interface DatabaseWait {
  since: Date;
  /** What the driver said when the wait began. */
  reason: string;
}

export type DatabaseWaitChange = { waiting: DatabaseWait } | { answered: DatabaseWait; at: Date };

export class DatabaseWaitWatch {
  private wait: DatabaseWait | null = null;

  constructor(private readonly onChange: (change: DatabaseWaitChange) => void) {}

  /** A query failed on a transient error and will be tried again. */
  failed(error: unknown): void {
    if (this.wait) return;
    this.wait = { since: new Date(), reason: databaseErrorSummary(error) };
    this.onChange({ waiting: this.wait });
  }

  /** A query succeeded. */
  answered(): void {
    if (!this.wait) return;
    const ended = this.wait;
    this.wait = null;
    this.onChange({ answered: ended, at: new Date() });
  }
}
