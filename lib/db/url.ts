// Where the database is, decided once for the CLI (prisma.config.ts), the app and the scripts.
import { resolve } from "node:path";

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

/** The SQLite file a normalized `file:` URL names. */
export function sqliteFile(url: string): string {
  return url.slice("file:".length);
}
