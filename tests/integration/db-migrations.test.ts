// The committed migrations apply offline (through scripts/schema-engine.mjs, the wasm schema
// engine bridge) on a fresh SQLite file and a fresh PostgreSQL database, and the app's client
// reads and writes both. PostgreSQL comes from tests/pg/start-postgres.sh; without pg_ctl on
// the machine that half is skipped.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeDb, getDb } from "../../lib/db/client";
import { postgresSchema, SOURCE, TWIN } from "../../scripts/postgres-schema";
import { postgresInstalled } from "../support/postgres-installed";

const root = fileURLToPath(new URL("../..", import.meta.url));
const prisma = path.join(root, "node_modules/.bin/prisma");

function run(command: string, args: string[], databaseUrl?: string): string {
  return execFileSync(command, args, {
    cwd: root,
    encoding: "utf8",
    stdio: "pipe",
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1", ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
  });
}

const migrationNames = (folder: string) =>
  readdirSync(path.join(root, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

/** Sets DATABASE_URL for getDb() for the duration of one test. */
async function withDatabaseUrl(url: string, work: () => Promise<void>) {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    await work();
  } finally {
    await closeDb();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
}

async function writesAndReadsAUser(url: string) {
  await withDatabaseUrl(url, async () => {
    const db = getDb();
    const created = await db.user.create({ data: { email: "reviewer@example.org", name: "Rita Reviewer", role: "REVIEWER" } });
    const read = await db.user.findUniqueOrThrow({ where: { email: "reviewer@example.org" } });
    expect(read).toMatchObject({ id: created.id, name: "Rita Reviewer", role: "REVIEWER", disabled: false });
    expect(read.createdAt).toBeInstanceOf(Date);
  });
}

describe("the schema files", () => {
  test("the PostgreSQL schema is the SQLite schema with only its provider and client output changed", () => {
    expect(readFileSync(path.join(root, TWIN), "utf8")).toBe(postgresSchema(readFileSync(path.join(root, SOURCE), "utf8")));
  });
});

describe("on SQLite", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "riskledger-migrate-"));
  const url = `file:${path.join(folder, "not-yet-there", "riskledger.db")}`;
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test("npm run db:migrate creates the database folder and applies every migration to a fresh file", () => {
    run(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], url);

    const file = new Database(url.slice("file:".length), { readonly: true });
    const applied = file.prepare("SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name").all() as {
      migration_name: string;
      finished_at: string | null;
    }[];
    file.close();
    expect(applied.map((m) => m.migration_name)).toEqual(migrationNames("prisma/migrations"));
    expect(applied.every((m) => m.finished_at !== null)).toBe(true);
  });

  test("a second migrate deploy finds nothing left to apply", () => {
    expect(run(prisma, ["migrate", "deploy"], url)).toMatch(/No pending migrations to apply/);
  });

  test("the SQLite migrations build exactly the SQLite schema", () => {
    // --exit-code: 0 when the migrations and the schema agree, 2 when they differ.
    run(prisma, ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", SOURCE, "--exit-code"], url);
  });

  test("getDb writes and reads a user in the migrated file, switched to write-ahead logging for concurrent workers", async () => {
    await writesAndReadsAUser(url);
    const file = new Database(url.slice("file:".length), { readonly: true });
    expect(file.pragma("journal_mode", { simple: true })).toBe("wal");
    file.close();
  });
});

const pgCtlFound = postgresInstalled("db-migrations");

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!pgCtlFound)("on PostgreSQL", () => {
  let serverUrl = "";
  let url = "";

  beforeAll(() => {
    const line = run("bash", ["tests/pg/start-postgres.sh", "PG_URL"]).trim();
    serverUrl = line.replace(/^export PG_URL=/, "");
    url = Object.assign(new URL(serverUrl), { pathname: `/riskledger_test_${process.pid}_${Date.now()}` }).toString();
  });
  afterAll(async () => {
    await query(serverUrl, `DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  });

  test("migrate deploy creates a fresh database and applies every migration to it", async () => {
    run(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], url);

    const rows = await query(url, "SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name");
    expect(rows.map((m) => m.migration_name)).toEqual(migrationNames("prisma/postgres/migrations"));
    expect(rows.every((m) => m.finished_at !== null)).toBe(true);
  });

  test("the PostgreSQL migrations build exactly the PostgreSQL schema", () => {
    // Replaying the migrations needs a shadow database, which the bridge creates on the server.
    run(prisma, ["migrate", "diff", "--from-migrations", "prisma/postgres/migrations", "--to-schema", TWIN, "--exit-code"], url);
  });

  test("getDb writes and reads a user in the migrated database", async () => {
    await writesAndReadsAUser(url);
  });

  test("the engine bridge leaves no shadow database behind", async () => {
    expect(await query(serverUrl, "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'")).toEqual([]);
  });
});

test("the bridge is executable, as PRISMA_SCHEMA_ENGINE_BINARY must be", () => {
  expect(run(path.join(root, "scripts/schema-engine.mjs"), ["--version"])).toMatch(/^schema-engine-wasm [0-9a-f]{40}/);
});
