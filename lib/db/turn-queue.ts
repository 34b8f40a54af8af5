// A first-come, first-served lock for the database adapters' wrappers: SQLite's statements waiting
// for the open transaction (sqlite-statements-wait-for-transactions.ts), a PostgreSQL transaction's
// queries taking turns on its one connection (postgres-transaction-queries-take-turns.ts).

/** `acquire` resolves to its release once everyone before has released. */
export class TurnQueue {
  #last: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = this.#last;
    this.#last = before.then(() => released);
    return before.then(() => release);
  }

  async inTurn<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
