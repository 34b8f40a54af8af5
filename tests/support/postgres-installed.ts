// Whether the PostgreSQL tests can run here: they start their own private cluster from Debian's
// postgresql (tests/pg/start-postgres.sh). Under `npm test`, tests/run-all.sh has already decided
// (scripts/install-test-deps.sh) and, when the cluster cannot be had, names why in
// RISKLEDGER_POSTGRES_SKIPPED: the tests skip and its closing line reports the postgres tier as
// skipped. Run alone, Vitest looks for pg_ctl itself and skips with a warning where it is missing.
import { execFileSync } from "node:child_process";

export function postgresInstalled(testFile: string): boolean {
  const skippedBecause = process.env.RISKLEDGER_POSTGRES_SKIPPED;
  if (skippedBecause) {
    console.warn(`${testFile}: the PostgreSQL tests are skipped (${skippedBecause})`);
    return false;
  }
  try {
    execFileSync("bash", ["-c", "command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl"], { stdio: "pipe" });
    return true;
  } catch {
    console.warn(`${testFile}: pg_ctl not found (Debian package postgresql): the PostgreSQL tests are skipped`);
    return false;
  }
}
