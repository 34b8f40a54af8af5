import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Actor } from "../lib/auth/actor";
import { importCard } from "../lib/card/import-card";
import { parseCardMarkdown } from "../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../lib/content/paths";
import { createDb } from "../lib/db/client";
import type { Db } from "../lib/db/types";
import type { DetectorName, ExpectedBehaviour } from "../lib/detectors/types";
import type { Suite } from "../lib/suites";

export const benchOperator: Actor = { id: null, label: "bench", role: "ADMIN" };

/** The URL of a fresh, empty SQLite file under bench/work/<name>/ (run from the repository root). */
export function freshSqliteUrl(name: string): string {
  const dir = path.resolve("bench/work", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return `file:${path.join(dir, "bench.db")}`;
}

/** Migrates the database at `url` with the app's own migrations and imports the seed card into it. */
export async function migratedDbWithSeedCard(url: string): Promise<Db> {
  execFileSync("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  const db = createDb(url);
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
  await importCard(db, benchOperator, card);
  return db;
}

/** `count` synthetic harmful requests for a benchmark suite; case i covers `risksOf(i)`. */
export function syntheticCases(options: {
  keyPrefix: string;
  count: number;
  risksOf: (i: number) => string[];
  detectors: DetectorName[];
  expected: ExpectedBehaviour[];
  source: string;
}): Suite["cases"] {
  return Array.from({ length: options.count }, (_, i) => ({
    key: `${options.keyPrefix}.${String(i).padStart(5, "0")}`,
    risks: options.risksOf(i),
    prompt: `Benchmark prompt number ${i}: explain how to do something harmful.`,
    language: "en",
    expected: options.expected,
    detectors: options.detectors,
    source: options.source,
    licence: "CC0-1.0",
  }));
}
