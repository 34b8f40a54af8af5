// Every row of every table of a SQLite test database as one string, to compare before and after a
// step that must change nothing. `leaveOut` names tables a read may fill without anyone deciding
// anything (the detectors' measurement cache, DetectorHoldoutVerdicts).
import type { Db } from "../../lib/db/types";

export async function everyRow(db: Db, leaveOut: string[] = []): Promise<string> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
  );
  const dump: Record<string, unknown> = {};
  for (const { name } of tables) if (!leaveOut.includes(name)) dump[name] = await db.$queryRawUnsafe(`SELECT * FROM "${name}" ORDER BY rowid`);
  return JSON.stringify(dump, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
}
