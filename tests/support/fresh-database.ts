// A new, migrated SQLite database for one test: a copy of the run's template, in a temp folder.
import { copyFileSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";

export interface FreshDatabase {
  db: Db;
  url: string;
}

export function freshDatabase(): FreshDatabase {
  const template = process.env.RISKLEDGER_TEMPLATE_DB;
  if (!template) throw new Error("no template database: run tests through vitest (tests/support/global-setup.ts)");
  // Inside the template's folder, which the run removes when it ends.
  const file = path.join(mkdtempSync(path.join(path.dirname(template), "test-")), "test.db");
  copyFileSync(template, file);
  const url = `file:${file}`;
  return { db: createDb(url), url };
}
