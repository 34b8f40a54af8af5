// Errors that say DATABASE_URL leads nowhere usable: a URL of no supported kind, a server that
// refuses the role or has no such database, a database never migrated. Trying again will not help
// and a stack trace does not say what to do, so a command stops with one line naming the problem and
// what fixes it. Errors not listed here (bugs among them) keep their stack.
import { databaseErrorSummary, errorChain } from "./transient-database-error";
import { DatabaseUrlError, withoutPassword } from "./url";

/** Prisma's codes: credentials refused, database missing, access denied; then a table or column missing. */
const WRONG_DATABASE_CODES = new Set(["P1000", "P1003", "P1010"]);
const UNMIGRATED_CODES = new Set(["P2021", "P2022"]);
/** The driver adapters' kinds for the same. */
const WRONG_DATABASE_KINDS = new Set(["AuthenticationFailed", "DatabaseAccessDenied", "DatabaseDoesNotExist", "TlsConnectionError"]);
const UNMIGRATED_KINDS = new Set(["TableDoesNotExist", "ColumnNotFound"]);

/** One line for a person when `error` means the database at `url` cannot be used as it is set up; null otherwise. */
export function databaseSetupProblem(error: unknown, url: string): string | null {
  if (error instanceof DatabaseUrlError) return error.message;
  const chain = errorChain(error);
  const matches = (codes: Set<string>, kinds: Set<string>) =>
    chain.some((link) => (typeof link.code === "string" && codes.has(link.code)) || (typeof link.kind === "string" && kinds.has(link.kind)));
  const remedy = matches(UNMIGRATED_CODES, UNMIGRATED_KINDS)
    ? "run npm run db:migrate"
    : matches(WRONG_DATABASE_CODES, WRONG_DATABASE_KINDS)
      ? "check DATABASE_URL"
      : null;
  if (!remedy) return null;
  return `the database at ${withoutPassword(url)} cannot be used: ${databaseErrorSummary(error)}; ${remedy}`;
}
