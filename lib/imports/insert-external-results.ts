// Stores imported results many rows per statement. Prisma's createMany costs about 1 ms a row
// through the SQLite adapter (measured: 1.1-2.5 ms); one multi-row INSERT about 0.1 ms, which is
// what lets a report of a million attempts be imported in minutes instead of half an hour
// (BENCHMARKS.md, "Importing a garak report"). JSON columns are passed as JSON text, which
// SQLite stores as Prisma does and PostgreSQL casts to jsonb.
import { createHash, randomUUID } from "node:crypto";
import { Prisma } from "../db/generated/sqlite/client";
import type { Db, DbTransaction } from "../db/types";
import type { ExternalCaseResult } from "./external-case-result";

export interface StoredResult {
  result: ExternalCaseResult;
  risks: string[];
}

/** Characters of a case key stored as they are: at 4 bytes each, still within PostgreSQL's B-tree index entry (2,704 bytes). */
const CASE_KEY_KEPT = 500;

/**
 * The case key as stored: a tool's own ids (an Inspect sample id, a promptfoo result id) can be of
 * any length, and the key is indexed as unique per import, so a long one keeps its beginning and
 * the sha256 of the whole, which tells it apart from every other.
 */
export function storedCaseKey(caseKey: string): string {
  if (caseKey.length <= CASE_KEY_KEPT) return caseKey;
  return `${caseKey.slice(0, CASE_KEY_KEPT - 80)}… (sha256 ${createHash("sha256").update(caseKey).digest("hex")})`;
}

export async function insertExternalResults(db: Db | DbTransaction, importId: string, rows: readonly StoredResult[], postgres: boolean): Promise<void> {
  if (rows.length === 0) return;
  const json = (value: unknown) => (postgres ? Prisma.sql`CAST(${JSON.stringify(value)} AS jsonb)` : Prisma.sql`${JSON.stringify(value)}`);
  const values = rows.map(
    ({ result, risks }) =>
      Prisma.sql`(${randomUUID()}, ${importId}, ${storedCaseKey(result.caseKey)}, ${result.test}, ${result.strategy}, ${result.location}, ${json(risks)}, ${json(result.scores)}, ${postgres ? Prisma.sql`CAST(${result.verdict} AS "Verdict")` : result.verdict}, ${result.reason}, ${result.prompt}, ${result.output}, ${json(result.conversation)}, ${result.servedModel}, ${result.startedAt}, ${result.completedAt})`,
  );
  await db.$executeRaw`INSERT INTO "ExternalResult" ("id", "importId", "caseKey", "test", "strategy", "location", "risks", "scores", "verdict", "reason", "prompt", "output", "conversation", "servedModel", "startedAt", "completedAt") VALUES ${Prisma.join(values)}`;
}
