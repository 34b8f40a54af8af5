// Where the database is, decided once for the CLI (prisma.config.ts), the app and the scripts.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/riskledger.db";

export function isPostgres(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Makes a relative SQLite path absolute against the working directory, so that the CLI, the
 * schema engine bridge and the app open the same file whichever directory each resolves from.
 */
export function normalizeDatabaseUrl(url: string): string {
  if (!url.startsWith("file:")) return url;
  return `file:${resolve(url.slice("file:".length).replace(/\?.*$/, ""))}`;
}

/** DATABASE_URL, or the embedded SQLite file. */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return normalizeDatabaseUrl(env.DATABASE_URL || DEFAULT_DATABASE_URL);
}

/** DATABASE_URL names nothing this app can open; the message says what is wrong with it. */
export class DatabaseUrlError extends Error {}

/** Refuses a URL that is neither a SQLite file nor a PostgreSQL server, before it is taken for a file name. */
export function checkDatabaseUrl(url: string): void {
  if (url.startsWith("file:") || isPostgres(url)) return;
  throw new DatabaseUrlError(
    `DATABASE_URL "${withoutPassword(url)}" is neither file:PATH (SQLite) nor postgresql://USER:PASSWORD@HOST:PORT/DATABASE (PostgreSQL)`,
  );
}

/**
 * Refuses a normalized URL createDb cannot open: one of no supported kind, or a SQLite file in a folder
 * that does not exist. Needs no database client, so a command can answer before it loads one.
 */
export function checkDatabaseUrlOpens(url: string): void {
  checkDatabaseUrl(url);
  if (isPostgres(url)) return;
  const folder = dirname(sqliteFile(url));
  if (!existsSync(folder)) {
    throw new DatabaseUrlError(`the folder ${folder} of DATABASE_URL's SQLite file does not exist (npm run db:migrate creates it)`);
  }
}

/** The URL as a message may show it: a password, if any, masked. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

/** The SQLite file a normalized `file:` URL names. */
export function sqliteFile(url: string): string {
  return url.slice("file:".length);
}
