// Migrates one template SQLite database per test run; each test copies it instead of paying
// for `prisma migrate deploy` again (PostgreSQL tests copy a template of their own, made on first
// use: tests/support/postgres-database.ts). The path travels to the test workers in the environment,
// so parallel runs never share or delete each other's template.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { postgresTemplateMarker, postgresTemplateName } from "./postgres-database";
import { buildProgramBundle } from "./program-bundle";

// Both integration projects (vitest.config.ts) name this setup, and Vitest calls it once for each
// in its one main process: the second call finds the first's template and leaves it to the first's
// teardown, so a run migrates one template (and at most one PostgreSQL template).
const madeInThisProcess = Symbol.for("riskledger.templateDatabase");
const processState = globalThis as { [madeInThisProcess]?: string };

export default async function setup() {
  const made = processState[madeInThisProcess];
  if (made) {
    process.env.RISKLEDGER_TEMPLATE_DB = made;
    return;
  }
  const folder = mkdtempSync(path.join(tmpdir(), "riskledger-template-"));
  const template = path.join(folder, "template.db");
  // The CLI itself, not through npx: npx costs seconds of its own on a busy two-core machine.
  execFileSync(path.resolve(import.meta.dirname, "../../node_modules/.bin/prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}` },
    stdio: "pipe",
  });
  process.env.RISKLEDGER_TEMPLATE_DB = template;
  processState[madeInThisProcess] = template;
  const removeProgramBundle = await buildProgramBundle();
  return async () => {
    removeProgramBundle();
    await dropPostgresTemplate(folder);
    rmSync(folder, { recursive: true, force: true });
    delete processState[madeInThisProcess];
  };
}

/** Drops the PostgreSQL templates tests made in this run (tests/support/postgres-database.ts): the migrated one and the seeded ones named after it. */
async function dropPostgresTemplate(folder: string) {
  const marker = path.join(folder, postgresTemplateMarker);
  if (!existsSync(marker)) return;
  const admin = new pg.Client({ connectionString: readFileSync(marker, "utf8") });
  await admin.connect();
  const templates = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [postgresTemplateName(folder)]);
  for (const { datname } of templates.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();
}
