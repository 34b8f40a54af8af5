// Stores imported results many rows per statement. Prisma's createMany costs about 1 ms a row
// through the SQLite adapter (measured: 1.1-2.5 ms); one multi-row INSERT about 0.1 ms, which is
// what lets a report of a million attempts be imported in minutes instead of half an hour
// (BENCHMARKS.md, "Importing a garak report"). JSON columns are passed as JSON text, which
// SQLite stores as Prisma does and PostgreSQL casts to jsonb.
import { randomUUID } from "node:crypto";
import { Prisma } from "../db/generated/sqlite/client";
import type { Db, DbTransaction } from "../db/types";
import type { ExternalCaseResult } from "./external-case-result";

export interface StoredResult {
  result: ExternalCaseResult;
  risks: string[];
}

export async function insertExternalResults(db: Db | DbTransaction, importId: string, rows: readonly StoredResult[], postgres: boolean): Promise<void> {
  if (rows.length === 0) return;
  const json = (value: unknown) => (postgres ? Prisma.sql`CAST(${JSON.stringify(value)} AS jsonb)` : Prisma.sql`${JSON.stringify(value)}`);
  const values = rows.map(
    ({ result, risks }) =>
      Prisma.sql`(${randomUUID()}, ${importId}, ${result.caseKey}, ${result.test}, ${result.strategy}, ${result.location}, ${json(risks)}, ${json(result.scores)}, ${postgres ? Prisma.sql`CAST(${result.verdict} AS "Verdict")` : result.verdict}, ${result.reason}, ${result.prompt}, ${result.output}, ${json(result.conversation)}, ${result.servedModel}, ${result.startedAt}, ${result.completedAt})`,
  );
  await db.$executeRaw`INSERT INTO "ExternalResult" ("id", "importId", "caseKey", "test", "strategy", "location", "risks", "scores", "verdict", "reason", "prompt", "output", "conversation", "servedModel", "startedAt", "completedAt") VALUES ${Prisma.join(values)}`;
}
