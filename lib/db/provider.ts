// Which database a client talks to, for the few raw statements whose SQL differs between them.
import type { Db } from "./types";

export function isPostgresClient(db: Db): boolean {
  // Prisma's own record of the connector it was generated for; not part of the typed client.
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}
