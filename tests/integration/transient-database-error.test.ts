import net from "node:net";
import Database from "better-sqlite3";
import { describe, expect, test, vi } from "vitest";
import { createDb } from "../../lib/db/client";
import { databaseErrorSummary, isTransientDatabaseError } from "../../lib/db/transient-database-error";
import { sqliteFile } from "../../lib/db/url";
import { freshDatabase } from "../support/fresh-database";

// Read when lib/db/client.ts loads: a short busy timeout makes a held lock fail fast.
vi.hoisted(() => {
  process.env.RISKLEDGER_SQLITE_BUSY_TIMEOUT_MS = "50";
});

const errorOf = (operation: Promise<unknown>) =>
  operation.then(
    () => expect.unreachable("the operation succeeded"),
    (error: unknown) => error,
  );

describe("which database errors are transient", () => {
  test("a write to a SQLite database another connection holds locked is transient, and says the database is locked", async () => {
    const { db, url } = freshDatabase();
    const lock = new Database(sqliteFile(url));
    lock.exec("BEGIN EXCLUSIVE");
    const error = await errorOf(db.user.create({ data: { name: "Lena", email: "lena@locked.test" } }));
    lock.exec("ROLLBACK");
    lock.close();
    expect(isTransientDatabaseError(error)).toBe(true);
    expect(databaseErrorSummary(error)).toBe("database is locked (SQLITE_BUSY)");
  });

  test("a PostgreSQL server that refuses the connection is transient", async () => {
    // Port 1 is never a PostgreSQL server: the connection is refused, as while one restarts.
    const unreachable = createDb("postgresql://riskledger@127.0.0.1:1/riskledger");
    const error = await errorOf(unreachable.campaign.count());
    expect(isTransientDatabaseError(error)).toBe(true);
    expect(databaseErrorSummary(error)).toBe("Can't reach database server at 127.0.0.1:1");
    await unreachable.$disconnect();
  });

  test("a PostgreSQL connection that drops in the middle of its conversation is transient", async () => {
    // A server that hangs up once spoken to, as one that crashes or is restarted does.
    const server = net.createServer((socket) => socket.once("data", () => socket.destroy()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const dropping = createDb(`postgresql://riskledger@127.0.0.1:${(server.address() as net.AddressInfo).port}/riskledger`);
    const error = await errorOf(dropping.campaign.count());
    await dropping.$disconnect();
    server.close();
    expect(isTransientDatabaseError(error)).toBe(true);
    expect(databaseErrorSummary(error)).toBe("Connection terminated unexpectedly");
  });

  test("a unique constraint violation, a missing table and a bug in our code are not transient", async () => {
    const { db } = freshDatabase();
    await db.user.create({ data: { name: "Uma", email: "uma@unique.test" } });
    const duplicate = await errorOf(db.user.create({ data: { name: "Uma again", email: "uma@unique.test" } }));
    const missingTable = await errorOf(db.$queryRawUnsafe("SELECT * FROM NoSuchTable"));
    const bug = await errorOf(Promise.resolve().then(() => (undefined as unknown as { id: string }).id));
    expect([duplicate, missingTable, bug].map(isTransientDatabaseError)).toEqual([false, false, false]);
  });
});
