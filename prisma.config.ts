// Prisma 7 reads no .env: everything comes from the environment. DATABASE_URL picks the
// provider, and with it the schema and migrations folder of that provider.
import { resolve } from "node:path";
import { defineConfig } from "prisma/config";
import { databaseUrl, isPostgres } from "./lib/db/url";

// The native schema engine is downloaded on demand and cannot be offline: use the wasm bridge.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= resolve("scripts/schema-engine.mjs");

const url = databaseUrl();
const root = isPostgres(url) ? "prisma/postgres" : "prisma";

export default defineConfig({
  schema: `${root}/schema.prisma`,
  migrations: { path: `${root}/migrations` },
  datasource: { url, ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}) },
});
