// A read of many queries that must see one state of the database: the card a release freezes is
// its cells, their evidence, the acceptances and the deploy decisions, each its own query, and a
// change committed between two of them would leave the cells of one state beside the evidence of
// another.
import { isPostgresClient } from "./provider";
import { deferredWriteLock } from "./sqlite-statements-wait-for-transactions";
import type { Db, DbTransaction } from "./types";

/**
 * How long the read may wait for a transaction another request holds (SQLite runs one at a time; a
 * card import holds one up to a minute), and may itself take (a large card is thousands of rows).
 */
const READ_WAIT_MS = 60_000;

/** `read`'s queries, all against one snapshot of the database. */
export function inOneRead<T>(db: Db, read: (tx: DbTransaction) => Promise<T>): Promise<T> {
  // PostgreSQL's default, READ COMMITTED, takes a new snapshot for each statement; REPEATABLE READ
  // keeps the first statement's for the whole transaction. A SQLite transaction reads one snapshot
  // already (WAL), and accepts no other level. (Db is typed by the SQLite client, which names none
  // but its own; the PostgreSQL client takes this one.)
  const isolation: object = isPostgresClient(db) ? { isolationLevel: "RepeatableRead" } : {};
  // On SQLite, a transaction takes the write lock as it begins; a read never needs it.
  return deferredWriteLock.run(true, () => db.$transaction(read, { ...isolation, maxWait: READ_WAIT_MS, timeout: READ_WAIT_MS }));
}
