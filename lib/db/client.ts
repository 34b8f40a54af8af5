// One PrismaClient per database URL and process. DATABASE_URL chooses the database: a `file:` URL
// is the embedded SQLite file (better-sqlite3 adapter), a `postgres://` URL the scale path (pg
// adapter). Both generated clients come from the same models, so callers see one type, Db.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { transactionQueriesTakeTurns } from "./postgres-transaction-queries-take-turns";
import { statementsWaitForTransactions } from "./sqlite-statements-wait-for-transactions";
import type { Db } from "./types";
import { checkDatabaseUrlOpens, databaseUrl, isPostgres, normalizeDatabaseUrl, sqliteFile } from "./url";

/** How long a SQLite writer waits for another process's write lock before failing; RISKLEDGER_SQLITE_BUSY_TIMEOUT_MS sets it (tests). */
const SQLITE_BUSY_TIMEOUT_MS = Number(process.env.RISKLEDGER_SQLITE_BUSY_TIMEOUT_MS) || 10_000;

// Kept on globalThis so that Next's hot reload reuses the connection instead of opening more.
const holder = globalThis as { __riskledgerDb?: Map<string, Db> };
holder.__riskledgerDb ??= new Map();
const clients: Map<string, Db> = holder.__riskledgerDb;

/** A new client for `url`; most callers want the shared `getDb()`. */
export function createDb(databaseUrl: string): Db {
  const url = normalizeDatabaseUrl(databaseUrl);
  checkDatabaseUrlOpens(url);
  if (isPostgres(url)) {
    return new PostgresClient({ adapter: transactionQueriesTakeTurns(new PrismaPg({ connectionString: url })) }) as unknown as Db;
  }
  // Write-ahead logging lets the app and the campaign workers read while one of them writes. The
  // mode is stored in the file, so setting it on each start costs nothing after the first time.
  const file = new Database(sqliteFile(url), { timeout: SQLITE_BUSY_TIMEOUT_MS });
  file.pragma("journal_mode = WAL");
  file.close();
  return new SqliteClient({ adapter: statementsWaitForTransactions(new PrismaBetterSqlite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS })) });
}

/** The client for DATABASE_URL (default: the SQLite file data/riskledger.db). */
export function getDb(): Db {
  const url = databaseUrl();
  let client = clients.get(url);
  if (!client) {
    client = createDb(url);
    clients.set(url, client);
  }
  return client;
}

/** Closes every client this process opened (tests, scripts that must exit cleanly). */
export async function closeDb(): Promise<void> {
  const open = [...clients.values()];
  clients.clear();
  await Promise.all(open.map((client) => client.$disconnect()));
}
