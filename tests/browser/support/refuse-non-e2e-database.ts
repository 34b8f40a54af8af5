// The browser tests' seed scripts write into whatever DATABASE_URL names: each first refuses anything
// but an e2e test database, so a stray run cannot seed a real one.
import { databaseUrl } from "../../../lib/db/url";

export function refuseNonE2eDatabase(): void {
  if (/e2e[^/]*\.db$/.test(databaseUrl())) return;
  console.error(`refusing to seed into ${databaseUrl()}: only an e2e test database`);
  process.exit(2);
}
