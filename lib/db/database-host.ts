// Whether DATABASE_URL's PostgreSQL host resolves, asked once before a command's first connection.
// Every failure to connect counts as transient (transient-database-error.ts), so that a worker waits
// out a restart or a DNS hiccup in a long run; but a host that has not resolved once since the
// process started is a typo, and waiting on it would retry for ever. So the name is looked up first,
// and a host not found stops the command with one line. Once this has passed, a later failure to
// resolve is transient like any other lost connection.
//
// ENOTFOUND is the resolver's answer that the name does not exist: final at once. EAI_AGAIN is its
// saying it could not get an answer (no DNS server reachable, a timeout); it is asked again for
// RESOLVER_PATIENCE_MS, long enough for a resolver that restarts or a container network still coming
// up, short enough that a person at a terminal is told rather than left watching nothing; after that
// the name is as good as unknown for this command, and a supervisor that restarts workers asks again.
import { lookup as dnsLookup } from "node:dns/promises";
import { setTimeout as delay } from "node:timers/promises";
import { DatabaseUrlError, isPostgres, withoutPassword } from "./url";

const RESOLVER_PATIENCE_MS = 10_000;
const RESOLVER_RETRY_MS = 1_000;

export interface HostCheckOptions {
  /** The resolver: dns.lookup by default, the one the PostgreSQL driver uses. */
  lookup?: (host: string) => Promise<unknown>;
  patienceMs?: number;
  retryMs?: number;
}

/** Throws DatabaseUrlError, naming the host, when `url` is a PostgreSQL URL whose host does not resolve. */
export async function checkDatabaseHost(url: string, options: HostCheckOptions = {}): Promise<void> {
  const host = postgresHost(url);
  if (!host) return;
  const lookup = options.lookup ?? dnsLookup;
  const patienceMs = options.patienceMs ?? RESOLVER_PATIENCE_MS;
  const giveUpAt = Date.now() + patienceMs;
  let code = await lookupError(lookup, host);
  while (code === "EAI_AGAIN" && Date.now() < giveUpAt) {
    await delay(options.retryMs ?? RESOLVER_RETRY_MS);
    code = await lookupError(lookup, host);
  }
  // Any other answer is the connection's to give, as it gives it now.
  if (code !== "ENOTFOUND" && code !== "EAI_AGAIN") return;
  const why = code === "ENOTFOUND" ? "was not found (ENOTFOUND)" : `could not be resolved for ${Math.round(patienceMs / 1000)} s (EAI_AGAIN)`;
  throw new DatabaseUrlError(`the database at ${withoutPassword(url)} cannot be used: its host ${host} ${why}; check DATABASE_URL`);
}

/** The resolver's error code for `host`; null when it resolved. */
function lookupError(lookup: (host: string) => Promise<unknown>, host: string): Promise<unknown> {
  return lookup(host).then(
    () => null,
    (error: { code?: unknown }) => error.code ?? "unknown",
  );
}

/** The host name the driver will look up: none for SQLite, a Unix socket folder or an IPv6 address. */
function postgresHost(url: string): string | null {
  if (!isPostgres(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // node-postgres takes a `host` parameter over the URL's host, a folder there being a Unix socket.
  const host = parsed.searchParams.get("host") || parsed.hostname;
  if (!host || host.startsWith("/") || host.startsWith("[")) return null;
  return host;
}
