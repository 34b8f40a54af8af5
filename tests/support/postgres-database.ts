// A migrated PostgreSQL database for one test file, in the private test cluster
// (tests/pg/start-postgres.sh): a copy (CREATE DATABASE … TEMPLATE) of a template this run migrates
// once. `prisma migrate deploy` on PostgreSQL costs seconds (6 s of CPU, 17 s at load 9 here) and
// several files need such a database; db-migrations.test.ts still migrates from nothing.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "../..");

/** Holds the server's URL while this run's template exists, so global-setup.ts drops it at the end. */
export const postgresTemplateMarker = "postgres-template-server-url";

/** The template's name: one per run, named after the run's folder (tests/support/global-setup.ts). */
export function postgresTemplateName(runFolder: string): string {
  return path
    .basename(runFolder)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "_");
}

/** A new database `riskledger_<label>_…` on the cluster at `serverUrl`, every migration applied; its URL. */
export async function migratedPostgresDatabase(serverUrl: string, label: string): Promise<string> {
  const runFolder = path.dirname(runTemplatePath());
  return copyOfRunTemplate(serverUrl, label, postgresTemplateName(runFolder), async (admin, templateName) => {
    writeFileSync(path.join(runFolder, postgresTemplateMarker), serverUrl);
    const migrating = `${templateName}_migrating`;
    await admin.query(`DROP DATABASE IF EXISTS "${migrating}" WITH (FORCE)`);
    execFileSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl(serverUrl, migrating) },
      stdio: "pipe",
    });
    return migrating;
  });
}

/**
 * A new database `riskledger_<label>_…`, a copy of a second template this run makes once: a copy of the
 * migrated one that `seed` fills (tests/integration/campaign-fixture.ts: the card and its suites, which
 * cost seconds of CPU on each file that seeded its own). `seedName` names that template; `seed` must leave
 * no session open on the database it is given.
 */
export async function seededPostgresDatabase(serverUrl: string, label: string, seedName: string, seed: (url: string) => Promise<void>): Promise<string> {
  const templateName = `${postgresTemplateName(path.dirname(runTemplatePath()))}_${seedName}`;
  return copyOfRunTemplate(serverUrl, label, templateName, async () => {
    const seeding = await migratedPostgresDatabase(serverUrl, `${seedName}_seeding`);
    await seed(seeding).catch(async (error) => {
      await dropPostgresDatabase(serverUrl, seeding);
      throw error;
    });
    return new URL(seeding).pathname.slice(1);
  });
}

function runTemplatePath(): string {
  const template = process.env.RISKLEDGER_TEMPLATE_DB;
  if (!template) throw new Error("no template database: run tests through vitest (tests/support/global-setup.ts)");
  return template;
}

/**
 * A new database `riskledger_<label>_…` copied from the run's template `templateName`. The first file
 * to ask makes the template with `makeTemplate`, which returns the database it made under another name:
 * renamed only once complete, so a failed make leaves no template. Files in the other worker wait for
 * it under an advisory lock, which ending the session releases.
 */
async function copyOfRunTemplate(
  serverUrl: string,
  label: string,
  templateName: string,
  makeTemplate: (admin: pg.Client, templateName: string) => Promise<string>,
): Promise<string> {
  const name = `riskledger_${label}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query("SELECT pg_advisory_lock(hashtext($1))", [templateName]);
    const existing = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [templateName]);
    if (existing.rowCount === 0) {
      const made = await makeTemplate(admin, templateName);
      await admin.query(`ALTER DATABASE "${made}" RENAME TO "${templateName}"`);
    }
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(serverUrl, name);
}

let copiesMade = 0;

/**
 * A new database `riskledger_<label>_…` on the cluster at `serverUrl`, a copy of the one at
 * `sourceUrl` (seeded once by a file, for each of its tests to start from); its URL. Nothing may be
 * connected to the source: PostgreSQL waits a few seconds for sessions still closing, then refuses.
 */
export async function copyPostgresDatabase(serverUrl: string, sourceUrl: string, label: string): Promise<string> {
  const name = `riskledger_${label}_${process.pid}_${Date.now()}_${++copiesMade}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${new URL(sourceUrl).pathname.slice(1)}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(serverUrl, name);
}

/** Drops the database at `url` (made by migratedPostgresDatabase), whoever is still connected to it. */
export async function dropPostgresDatabase(serverUrl: string, url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  return Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
}
