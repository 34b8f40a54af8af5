// Where the database is, decided once for the CLI (prisma.config.ts), the app and the scripts.
import { resolve } from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/riskledger.db";

export function isPostgres(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * DATABASE_URL, or the embedded SQLite file. A relative SQLite path is made absolute against the
 * working directory, so the CLI, the engine bridge and the app open the same file whatever
 * directory each of them resolves from.
 */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (!url.startsWith("file:")) return url;
  return `file:${resolve(url.slice("file:".length).replace(/\?.*$/, ""))}`;
}

/** The SQLite file a `file:` URL names. */
export function sqliteFile(url: string): string {
  return url.slice("file:".length);
}
