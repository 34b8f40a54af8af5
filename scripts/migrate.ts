// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (default: the SQLite file
// data/riskledger.db), offline. prisma.config.ts picks the schema and migrations folder of the
// URL's provider and the wasm schema engine bridge.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { sqliteHeldOpenElsewhere } from "../lib/db/sqlite-held-open";
import { checkDatabaseUrl, DatabaseUrlError, databaseUrl, isPostgres, sqliteFile } from "../lib/db/url";

const url = databaseUrl();
try {
  checkDatabaseUrl(url);
} catch (error) {
  if (!(error instanceof DatabaseUrlError)) throw error;
  process.stderr.write(`db:migrate: ${error.message}\n`);
  process.exit(1);
}
if (!isPostgres(url)) {
  const file = sqliteFile(url);
  mkdirSync(dirname(file), { recursive: true });
  if (existsSync(file) && sqliteHeldOpenElsewhere(file)) {
    process.stderr.write(
      `db:migrate: the SQLite file ${file} is open in another process (a running Riskledger: its web server or a worker); migrations need it to themselves: stop those first\n`,
    );
    process.exit(1);
  }
}

// The project's own CLI, not through npx: npx costs seconds of its own on a busy two-core machine.
const prisma = fileURLToPath(new URL("../node_modules/.bin/prisma", import.meta.url));
try {
  execFileSync(prisma, ["migrate", "deploy"], {
    stdio: "inherit",
    // Prisma's CLI otherwise asks checkpoint.prisma.io for a newer version on every command.
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
} catch (error) {
  // Prisma has printed what went wrong (P1001 and the like); a stack of this script would bury it.
  process.exit((error as { status?: number | null }).status || 1);
}
