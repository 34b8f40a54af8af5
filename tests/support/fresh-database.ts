// A new, migrated SQLite database for one test: a copy of the run's template (or of a snapshot a
// file made of a database it seeded), in a temp folder.
import { copyFileSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";

export interface FreshDatabase {
  db: Db;
  url: string;
}

/** A copy of the run's template, or of `snapshot` (snapshotDatabase) where given. */
export function freshDatabase(snapshot?: string): FreshDatabase {
  const file = path.join(mkdtempSync(path.join(runTemplateFolder(), "test-")), "test.db");
  copyFileSync(snapshot ?? (process.env.RISKLEDGER_TEMPLATE_DB as string), file);
  const url = `file:${file}`;
  return { db: createDb(url), url };
}

/**
 * The SQLite file of `db` as it is now, written beside the template, for each test of a file to
 * start from a copy of (freshDatabase(snapshot)) instead of seeding its own: a copy costs
 * milliseconds, importing the seed card and readying its cells a second at a load of a few.
 */
export async function snapshotDatabase(db: Db): Promise<string> {
  const file = path.join(mkdtempSync(path.join(runTemplateFolder(), "snapshot-")), "snapshot.db");
  await db.$executeRawUnsafe(`VACUUM INTO '${file}'`);
  return file;
}

/** The folder of the run's template, which the run removes when it ends: for databases and their snapshots. */
export function runTemplateFolder(): string {
  const template = process.env.RISKLEDGER_TEMPLATE_DB;
  if (!template) throw new Error("no template database: run tests through vitest (tests/support/global-setup.ts)");
  return path.dirname(template);
}
