// Whether Debian's postgresql is on this machine: the PostgreSQL tests start their own private
// cluster from it (tests/pg/start-postgres.sh) and are skipped, with a warning, where it is missing.
import { execFileSync } from "node:child_process";

export function postgresInstalled(testFile: string): boolean {
  try {
    execFileSync("bash", ["-c", "command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl"], { stdio: "pipe" });
    return true;
  } catch {
    console.warn(`${testFile}: pg_ctl not found (Debian package postgresql): the PostgreSQL tests are skipped`);
    return false;
  }
}
