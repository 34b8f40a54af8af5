// Whether another process has a SQLite file open. Prisma's migrations take the file in SQLite's
// exclusive locking mode, which no other connection may share while it is open (in WAL mode each
// holds a shared lock for as long as it is open): with the app running, `prisma migrate deploy`
// waited its busy timeout and failed in a stack of WebAssembly frames ("unknown variant
// `SocketTimeout`"). Asking the same lock first, briefly, lets db:migrate say what is wrong.
import Database from "better-sqlite3";

const WAIT_MS = 1_000;

export function sqliteHeldOpenElsewhere(file: string): boolean {
  const db = new Database(file, { fileMustExist: true, timeout: WAIT_MS });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("COMMIT");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
    throw error;
  } finally {
    db.close();
  }
}
