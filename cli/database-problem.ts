// How a command stops on a database it cannot use (lib/db/database-setup-error.ts): one line on
// stderr naming the problem and its remedy, exit 1. Anything else is not this module's to answer.
// The database client (Prisma) is loaded only once DATABASE_URL is known to name a database it can
// open: a URL of no supported kind, a SQLite folder that does not exist or a server host that does
// not resolve is answered without it.
import { checkDatabaseHost } from "../lib/db/database-host";
import { databaseSetupProblem } from "../lib/db/database-setup-error";
import type { Db } from "../lib/db/types";
import { checkDatabaseUrlOpens, databaseUrl } from "../lib/db/url";

export const DATABASE_PROBLEM_EXIT_CODE = 1;

/**
 * getDb(), or the command stops with the reason DATABASE_URL cannot be opened: among them a server
 * host that does not resolve, which the first connection would otherwise wait on for ever.
 */
export async function openDatabase(program: string): Promise<Db> {
  try {
    checkDatabaseUrlOpens(databaseUrl());
    await checkDatabaseHost(databaseUrl());
    const { getDb } = await import("../lib/db/client");
    return getDb();
  } catch (error) {
    const line = databaseProblemLine(program, error);
    if (!line) throw error;
    process.stderr.write(`${line}\n`);
    process.exit(DATABASE_PROBLEM_EXIT_CODE);
  }
}

/** The line for `error` when it is a database problem; null for any other error. */
export function databaseProblemLine(program: string, error: unknown): string | null {
  const problem = databaseSetupProblem(error, databaseUrl());
  return problem ? `${program}: ${problem}` : null;
}

/** Stops the command when `error` is a database problem; rethrows it otherwise. */
export async function exitOnDatabaseProblem(program: string, error: unknown): Promise<never> {
  const line = databaseProblemLine(program, error);
  if (!line) throw error;
  process.stderr.write(`${line}\n`);
  const { closeDb } = await import("../lib/db/client");
  await closeDb();
  process.exit(DATABASE_PROBLEM_EXIT_CODE);
}
