// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (default: the SQLite file
// data/riskledger.db), offline. prisma.config.ts picks the schema and migrations folder of the
// URL's provider and the wasm schema engine bridge.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { databaseUrl, isPostgres, sqliteFile } from "../lib/db/url";

const url = databaseUrl();
if (!isPostgres(url)) mkdirSync(dirname(sqliteFile(url)), { recursive: true });

execFileSync("npx", ["prisma", "migrate", "deploy"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
