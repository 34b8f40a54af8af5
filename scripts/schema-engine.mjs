#!/usr/bin/env node
// A stand-in for Prisma's native schema engine, which the CLI downloads from Prisma's binary
// host and so cannot fetch offline. It speaks the native engine's command line and JSON-RPC
// (one request per stdin line, one response per stdout line) and forwards each call to the
// WebAssembly build of the same engine (@prisma/schema-engine-wasm, same commit as the CLI),
// which reaches the database through Prisma's driver adapters.
//
// prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here. Each workaround below names the gap
// between the wasm engine (or an adapter) and what the CLI expects from the native binary.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import Database from "better-sqlite3";
import pg from "pg";

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- arguments

const argv = process.argv.slice(2);
const datamodelPaths = [];
let datasource = {};
let subcommand = null;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--datamodels") datamodelPaths.push(argv[++i]);
  else if (argv[i] === "--datasource") datasource = JSON.parse(argv[++i]);
  else if (argv[i] === "cli") subcommand = argv[++i];
  else if (argv[i] === "--version" || argv[i] === "-V") subcommand = "version";
  else if (argv[i].startsWith("--")) i++; // preview features, extension types: the wasm engine takes neither
}

// ---------------------------------------------------------------- databases

const isSqlite = (url) => url.startsWith("file:");
const IN_MEMORY = ":memory:";
function sqlitePath(url) {
  const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path === IN_MEMORY ? path : resolve(path);
}
const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1));
const withDatabase = (url, name) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

const CHAR_OID = 18;
const TEXT_OID = 25;

// adapter-pg 7.10 maps no column type for the catalog type "char" (OID 18, e.g. pg_class.relkind)
// and fails the engine's introspection queries; its text form reads fine as TEXT.
function readsCatalogChar(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    return result;
  };
  if (queryable.startTransaction) {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (level) => readsCatalogChar(await startTransaction(level));
  }
  return queryable;
}

class PostgresFactory {
  provider = "postgres";
  adapterName = "@prisma/adapter-pg";

  constructor(url, shadowUrl) {
    this.url = url;
    this.shadowUrl = shadowUrl;
  }

  async connect() {
    return readsCatalogChar(await new PrismaPg({ connectionString: this.url }).connect());
  }

  // adapter-pg's own shadow database drops the database while its pool still holds connections,
  // which PostgreSQL refuses; close the pool first, then drop.
  async connectToShadowDb() {
    if (this.shadowUrl) return readsCatalogChar(await new PrismaPg({ connectionString: this.shadowUrl }).connect());
    const admin = await this.connect();
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const shadow = readsCatalogChar(await new PrismaPg({ connectionString: withDatabase(this.url, name) }).connect());
    const closePool = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await closePool();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.dispose();
    };
    return shadow;
  }
}

// The wasm engine sends whole migration scripts through executeRaw, which better-sqlite3 prepares
// as a single statement; a script of several statements has to go through exec instead.
function runsScripts(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (!(error instanceof RangeError && /more than one statement/.test(error.message))) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

class SqliteFactory {
  provider = "sqlite";
  adapterName = "@prisma/adapter-better-sqlite3";

  constructor(url, shadowUrl) {
    const path = sqlitePath(url);
    if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
    this.inner = new PrismaBetterSqlite3({ url: `file:${path}` }, shadowUrl ? { shadowDatabaseUrl: `file:${sqlitePath(shadowUrl)}` } : undefined);
  }

  async connect() {
    return runsScripts(await this.inner.connect());
  }

  async connectToShadowDb() {
    return runsScripts(await this.inner.connectToShadowDb());
  }
}

const factoryFor = (url, shadowUrl) => (isSqlite(url) ? new SqliteFactory(url, shadowUrl) : new PostgresFactory(url, shadowUrl));

async function withAdminClient(url, work) {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

class UserFacingError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function canConnect(url) {
  if (isSqlite(url)) {
    if (!existsSync(sqlitePath(url))) throw new UserFacingError("P1003", `Database ${sqlitePath(url)} does not exist`);
    return;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    if (error.code === "3D000") throw new UserFacingError("P1003", `Database \`${databaseName(url)}\` does not exist`);
    throw new UserFacingError("P1001", `Can't reach database server: ${error.message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function createDatabase(url) {
  if (isSqlite(url)) {
    mkdirSync(dirname(sqlitePath(url)), { recursive: true });
    new Database(sqlitePath(url)).close();
    return sqlitePath(url);
  }
  const name = databaseName(url);
  await withAdminClient(url, (client) => client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`));
  return name;
}

async function dropDatabase(url) {
  if (isSqlite(url)) {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(sqlitePath(url) + suffix, { force: true });
    return;
  }
  const name = databaseName(url);
  await withAdminClient(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}"`));
}

// The wasm engine cannot delete the SQLite file and its fallback leaves tables behind, so a reset
// drops every table and view itself.
function resetSqlite(url, externalTables) {
  const db = new Database(sqlitePath(url));
  try {
    db.pragma("foreign_keys = OFF");
    const objects = db
      .prepare("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'")
      .all()
      .filter(({ name }) => !externalTables.includes(name));
    for (const { type, name } of objects) db.exec(`DROP ${type.toUpperCase()} IF EXISTS "${name.replaceAll('"', '""')}"`);
    db.exec("VACUUM");
  } finally {
    db.close();
  }
}

const MIGRATIONS_TABLE = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
  )`,
  postgres: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`,
};

async function createMigrationsTable(factory) {
  const adapter = await factory.connect();
  try {
    await adapter.executeScript(MIGRATIONS_TABLE[factory.provider]);
  } finally {
    await adapter.dispose();
  }
}

// ---------------------------------------------------------------- the wasm engine

let lastPanic = null;
// The bindings report a Rust panic's message through this global before trapping.
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => (lastPanic = message) };

// The package's entry imports the .wasm file as an ES module, which Node 20 cannot do without a
// flag; instantiate it by hand and hand the exports to the bindings.
function loadWasm() {
  const wasmPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
}

const providerOf = (schema) => /provider\s*=\s*"(postgres(?:ql)?|sqlite)"/.exec(schema)?.[1];

// `migrate diff` starts the engine with neither datamodels nor a datasource: pick the database
// from what the diff compares (a URL, or the provider of a schema, diffed in a scratch database).
function diffUrl({ from, to }) {
  const targets = [from, to];
  const url = targets.find((t) => t.tag === "url")?.url;
  if (url) return url;
  const schema = targets
    .flatMap((t) => t.files ?? t.schemas?.files ?? [])
    .map((f) => f.content)
    .join("\n");
  if (providerOf(schema)?.startsWith("postgres")) {
    const fallback = process.env.SHADOW_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!fallback?.startsWith("postgres"))
      throw new UserFacingError("P1012", "Diffing a PostgreSQL schema needs DATABASE_URL or SHADOW_DATABASE_URL to name a PostgreSQL server");
    return fallback;
  }
  return `file:${IN_MEMORY}`;
}

let engine = null;
let factory = null;
let errorRegistry = null;
const connections = [];

async function startEngine(url) {
  factory = factoryFor(url, datasource.shadowDatabaseUrl);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    connections.push(adapter);
    return adapter;
  };
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  errorRegistry = bound.errorRegistry;
  const datamodels = datamodelPaths.map((path) => [path, readFileSync(path, "utf8")]);
  engine = await bindings.SchemaEngine.new({ datamodels: datamodels.length > 0 ? datamodels : undefined }, () => {}, bound);
}

// evaluateDataLoss and createMigration take the schema of the migration history from a cache
// that only the diagnostics fill, because only those are given the shadow database; when
// devDiagnostic stopped early (a database behind its history), that cache is empty and they
// fail with "shadow DB must be provided through an external factory". Fill it first.
function replayHistory({ migrationsList, filters }) {
  return engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: true, filters: filters ?? { externalTables: [], externalEnums: [] } });
}

const RENAMED = { getDatabaseVersion: "version" };

async function call(method, params) {
  if (method === "createDatabase") return { databaseName: await createDatabase(datasourceUrl(params.datasource)) };
  if (!engine) await startEngine(method === "diff" && !datasource.url ? diffUrl(params) : datasource.url);
  if (method === "reset" && factory.provider === "sqlite") return resetSqlite(datasource.url, params.filter?.externalTables ?? []);
  const wasmMethod = RENAMED[method] ?? method;
  if (typeof engine[wasmMethod] !== "function") throw new UserFacingError("P1000", `The wasm schema engine has no method ${method}`);
  try {
    if (method === "evaluateDataLoss" || method === "createMigration") await replayHistory(params);
    return await engine[wasmMethod](params);
  } catch (error) {
    // On a database that has never been migrated the wasm engine fails instead of reporting
    // the missing history; give it the empty history table the native engine would see.
    if (method !== "devDiagnostic" || error.code !== "P1014") throw error;
    await createMigrationsTable(factory);
    return engine[wasmMethod](params);
  }
}

function datasourceUrl(param) {
  return param?.tag === "ConnectionString" ? param.url : datasource.url;
}

// The `data` of a JSON-RPC error as the CLI reads it from the native engine.
function errorData(error) {
  if (lastPanic !== null || error instanceof WebAssembly.RuntimeError) {
    return { is_panic: true, message: lastPanic ?? error.message, backtrace: error.stack };
  }
  // A JavaScript error inside an adapter reaches us as "External error id#N": the original is
  // kept in the adapter binding's registry.
  const id = /External error id#(\d+)/.exec(error.message)?.[1];
  const cause = (id !== undefined && errorRegistry?.consumeError(Number(id))?.error) || error;
  return { is_panic: false, message: cause.message ?? String(cause), error_code: error.code, meta: error.meta };
}

// ---------------------------------------------------------------- command line

// The CLI parses every stderr line but the first as a JSON log record.
function logError(error) {
  const fields = { message: error.message, ...(error.code ? { error_code: error.code } : {}) };
  process.stderr.write(`schema-engine-wasm bridge\n${JSON.stringify({ level: "ERROR", target: "schema_engine::logger", fields })}\n`);
}

async function runSubcommand() {
  const url = datasource.url;
  if (subcommand === "version") {
    loadWasm();
    return void process.stdout.write(`schema-engine-wasm ${bindings.version()}\n`);
  }
  if (subcommand === "can-connect-to-database") return canConnect(url);
  if (subcommand === "create-database") return void (await createDatabase(url));
  if (subcommand === "drop-database") return dropDatabase(url);
  throw new UserFacingError("P1000", `Unknown subcommand ${subcommand}`);
}

function serveRpc() {
  const output = (response) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...response })}\n`);
  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const request = JSON.parse(line);
    if (request.method === undefined) return; // the CLI's reply to a "print"
    queue = queue.then(async () => {
      try {
        const result = await call(request.method, request.params);
        // The native engine prints a diff through a "print" request to the CLI, which writes
        // it to its stdout; the wasm engine returns it instead.
        if (request.method === "diff" && result.stdout) {
          output({ id: `print-${request.id}`, method: "print", params: { content: result.stdout.replace(/\n$/, "") } });
          result.stdout = null;
        }
        output({ id: request.id, result: result ?? null });
      } catch (error) {
        const data = errorData(error);
        lastPanic = null;
        output({ id: request.id, error: { code: 4466, message: "An error happened. Check the data field for details.", data } });
      }
    });
  });
  // The CLI closes stdin and sends SIGTERM at once: close the database cleanly first (an
  // interrupted better-sqlite3 leaves its journal file behind).
  const shutdown = () => queue.then(() => Promise.allSettled(connections.map((adapter) => adapter.dispose()))).then(() => process.exit(0));
  lines.on("close", shutdown);
  process.on("SIGTERM", shutdown);
}

if (subcommand) {
  try {
    await runSubcommand();
  } catch (error) {
    logError(error);
    process.exit(1);
  }
} else {
  loadWasm();
  serveRpc();
}
