// On PostgreSQL a transaction is one connection (a pg client taken from the pool), and a connection
// runs one query at a time. Prisma asks a transaction's connection for several at once: an operation
// begun while another of the same transaction runs (a Promise.all of reads inside $transaction, as
// the one read of a card makes: one-read.ts), and the relations one read includes, which Prisma's
// query interpreter loads with Promise.all (prisma/orm#29468, open). pg queued them, and has warned
// since 8.19 that the queue goes in pg 9 ("Calling client.query() when the client is already
// executing a query is deprecated"). Here a transaction's queries take turns in the order they were
// asked for, as pg's queue ran them: the same queries in the same order, none waiting longer.
import type { IsolationLevel, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { TurnQueue } from "./turn-queue";

/** `transaction`, each of its queries, and its end, waiting for the query asked for before it. */
function queriesTakingTurns(transaction: Transaction): Transaction {
  const turns = new TurnQueue();
  return {
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: (query: SqlQuery) => turns.inTurn(() => transaction.queryRaw(query)),
    executeRaw: (query: SqlQuery) => turns.inTurn(() => transaction.executeRaw(query)),
    // The connection goes back to the pool here: after the queries still waiting, never under them.
    commit: () => turns.inTurn(() => transaction.commit()),
    rollback: () => turns.inTurn(() => transaction.rollback()),
    createSavepoint: transaction.createSavepoint && ((name) => turns.inTurn(() => transaction.createSavepoint!(name))),
    rollbackToSavepoint: transaction.rollbackToSavepoint && ((name) => turns.inTurn(() => transaction.rollbackToSavepoint!(name))),
    releaseSavepoint: transaction.releaseSavepoint && ((name) => turns.inTurn(() => transaction.releaseSavepoint!(name))),
  };
}

/** `adapter` as it is, but for its transactions. Outside one, each query takes its own connection from the pool. */
function withTransactionsTakingTurns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query: SqlQuery) => adapter.queryRaw(query),
    executeRaw: (query: SqlQuery) => adapter.executeRaw(query),
    executeScript: (script: string) => adapter.executeScript(script),
    startTransaction: async (isolationLevel?: IsolationLevel) => queriesTakingTurns(await adapter.startTransaction(isolationLevel)),
    getConnectionInfo: adapter.getConnectionInfo && (() => adapter.getConnectionInfo!()),
    dispose: () => adapter.dispose(),
  };
}

/** `factory`'s connections, each transaction asking its connection one query at a time. */
export function transactionQueriesTakeTurns(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withTransactionsTakingTurns(await factory.connect()),
    connectToShadowDb: async () => withTransactionsTakingTurns(await factory.connectToShadowDb()),
  };
}
