// Which database errors pass if one waits: the database was busy, unreachable or overloaded for a
// moment, and the same query will succeed when it is tried again. Everything else (a constraint
// violated, a missing table or column, bad input, refused credentials, a database that does not
// exist, a bug in our own code) would fail again the same way, so it is not transient and the
// caller lets it surface.
//
// Prisma reports a driver's error as `meta.driverAdapterError.cause` with a `kind` it assigned
// (the better-sqlite3 adapter maps SQLITE_BUSY to SocketTimeout); errors it did not map arrive
// as the driver's own, with a Node socket code or PostgreSQL SQLSTATE in `code`.

/** Prisma's own codes for a wait that ran out or a connection that failed. */
const TRANSIENT_PRISMA_CODES = new Set([
  "P1001", // can't reach the database server
  "P1002", // reached the server but it timed out
  "P1008", // operation timed out (SQLite: the busy timeout ran out on another writer's lock)
  "P1017", // the server closed the connection
  "P2024", // timed out waiting for a connection from the pool
  "P2028", // a transaction could not start in time
  "P2034", // write conflict or deadlock: the transaction may be retried
]);

/** The adapter's kinds for the same situations. */
const TRANSIENT_ADAPTER_KINDS = new Set(["SocketTimeout", "DatabaseNotReachable", "ConnectionClosed", "TooManyConnections", "TransactionWriteConflict"]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception) is matched by prefix; these besides:
 * serialization failure, deadlock, too many connections, a lock wait or statement that ran past
 * its timeout, and the server shutting down, crashing or still starting.
 */
const TRANSIENT_SQLSTATES = new Set(["40001", "40P01", "53300", "55P03", "57014", "57P01", "57P02", "57P03"]);

/** Socket errors from Node itself, when the connection drops under the driver. */
const TRANSIENT_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * node-postgres reports a connection that ended under a query (the server crashed or restarted, the
 * network dropped it) as a bare Error with no code and no cause, and Prisma passes it on unwrapped:
 * its message is all there is to go by. "Connection terminated" alone is our own client closing.
 */
const PG_CONNECTION_LOST = /^Connection terminated (unexpectedly|due to connection timeout)$/;

/** SQLite's primary result codes (extended codes carry them in the low byte): BUSY and LOCKED. */
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

interface ErrorFacts {
  code?: unknown;
  kind?: unknown;
  extendedCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
}

export function isTransientDatabaseError(error: unknown): boolean {
  return errorChain(error).some(isTransientLink);
}

/** One line for a log: what the driver said, without Prisma's multi-line call site. */
export function databaseErrorSummary(error: unknown): string {
  for (const link of errorChain(error)) {
    const driverCode = typeof link.code === "string" && !link.code.startsWith("P") ? link.code : undefined;
    const message = (link as { originalMessage?: unknown }).originalMessage ?? (driverCode ? link.message : undefined);
    const code = (link as { originalCode?: unknown }).originalCode ?? driverCode;
    if (typeof message === "string") return code ? `${message} (${code})` : message;
  }
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().split("\n").at(-1)!.trim();
}

function isTransientLink(link: ErrorFacts): boolean {
  if (typeof link.kind === "string" && TRANSIENT_ADAPTER_KINDS.has(link.kind)) return true;
  if (link.kind === "sqlite" && typeof link.extendedCode === "number") {
    const primary = link.extendedCode & 0xff;
    return primary === SQLITE_BUSY || primary === SQLITE_LOCKED;
  }
  if (link.code === undefined && typeof link.message === "string" && PG_CONNECTION_LOST.test(link.message)) return true;
  if (typeof link.code !== "string") return false;
  return (
    TRANSIENT_PRISMA_CODES.has(link.code) ||
    TRANSIENT_SQLSTATES.has(link.code) ||
    link.code.startsWith("08") ||
    TRANSIENT_SOCKET_CODES.has(link.code) ||
    link.code.startsWith("SQLITE_BUSY") ||
    link.code.startsWith("SQLITE_LOCKED")
  );
}

/** The error, what Prisma says the driver reported, and their causes. */
export function errorChain(error: unknown): ErrorFacts[] {
  const chain: ErrorFacts[] = [];
  const pending = [error];
  while (pending.length > 0 && chain.length < 10) {
    const link = pending.shift();
    if (typeof link !== "object" || link === null || chain.includes(link as ErrorFacts)) continue;
    const facts = link as ErrorFacts;
    chain.push(facts);
    pending.push(facts.meta?.driverAdapterError?.cause, facts.cause);
  }
  return chain;
}
