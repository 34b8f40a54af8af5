// The better-sqlite3 adapter gives a client one connection. It makes transactions wait for each
// other, but not the statements made outside them: such a statement ran on that connection inside
// whichever transaction was open. A write then rolled back with a transaction it had nothing to do
// with (a cell save refused for a conflict), after its caller was told it was done; a read saw rows
// never committed. Here every statement outside a transaction waits for the open one to end, and a
// transaction waits for the statement before it, in the order they were asked for.
//
// Between processes (the app's, the workers'), SQLite's own lock orders the writes. A transaction
// begun by reading could not write once another process had committed since its first read: SQLite
// refuses that write at once (SQLITE_BUSY_SNAPSHOT), however long the busy timeout, and a reviewer's
// cancel failed with "Operation has timed out" while a worker wrote results. So a transaction takes
// the write lock as it begins, waiting the busy timeout for another process's writes, as BEGIN
// IMMEDIATE would (the adapter runs a plain BEGIN). Two kinds begin without it, inside
// deferredWriteLock: the one read of a card (one-read.ts), which never writes, and the card import
// (import-card.ts), which reads for seconds before it writes and answers another writer's commit in
// between as a conflict; holding the lock through either would hold up every other writer.
import { AsyncLocalStorage } from "node:async_hooks";
import type { IsolationLevel, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { TurnQueue } from "./turn-queue";

/** Transactions begun inside `deferredWriteLock.run(true, …)` take the write lock at their first write, if any. */
export const deferredWriteLock = new AsyncLocalStorage<true>();

/** `transaction`, giving back its turn once it commits or rolls back (the engine may call both when COMMIT fails). */
function releasingOnEnd(transaction: Transaction, release: () => void): Transaction {
  let ended = false;
  const end = () => {
    if (!ended) release();
    ended = true;
  };
  return {
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: (query) => transaction.queryRaw(query),
    executeRaw: (query) => transaction.executeRaw(query),
    commit: () => transaction.commit().finally(end),
    rollback: () => transaction.rollback().finally(end),
    createSavepoint: transaction.createSavepoint && ((name) => transaction.createSavepoint!(name)),
    rollbackToSavepoint: transaction.rollbackToSavepoint && ((name) => transaction.rollbackToSavepoint!(name)),
    releaseSavepoint: transaction.releaseSavepoint && ((name) => transaction.releaseSavepoint!(name)),
  };
}

/** A write that changes nothing: it takes the write lock, which SQLite gives a write statement whatever it matches. */
const TAKE_WRITE_LOCK: SqlQuery = { sql: 'DELETE FROM "_prisma_migrations" WHERE 0', args: [], argTypes: [] };
const ROLLBACK: SqlQuery = { sql: "ROLLBACK", args: [], argTypes: [] };

async function startTransaction(adapter: SqlDriverAdapter, isolationLevel: IsolationLevel | undefined): Promise<Transaction> {
  const transaction = await adapter.startTransaction(isolationLevel);
  if (deferredWriteLock.getStore()) return transaction;
  try {
    await transaction.executeRaw(TAKE_WRITE_LOCK);
    return transaction;
  } catch (error) {
    await transaction.executeRaw(ROLLBACK).finally(() => transaction.rollback());
    throw error;
  }
}

function takingTurns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const turns = new TurnQueue();
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query: SqlQuery) => turns.inTurn(() => adapter.queryRaw(query)),
    executeRaw: (query: SqlQuery) => turns.inTurn(() => adapter.executeRaw(query)),
    executeScript: (script: string) => turns.inTurn(() => adapter.executeScript(script)),
    async startTransaction(isolationLevel?: IsolationLevel) {
      const release = await turns.acquire();
      try {
        return releasingOnEnd(await startTransaction(adapter, isolationLevel), release);
      } catch (error) {
        release();
        throw error;
      }
    },
    getConnectionInfo: adapter.getConnectionInfo && (() => adapter.getConnectionInfo!()),
    dispose: () => adapter.dispose(),
  };
}

/** `factory`'s connections, each with its statements outside a transaction waiting for the open one. */
export function statementsWaitForTransactions(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => takingTurns(await factory.connect()),
    connectToShadowDb: async () => takingTurns(await factory.connectToShadowDb()),
  };
}
