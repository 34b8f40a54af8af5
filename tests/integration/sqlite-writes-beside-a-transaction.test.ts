// The SQLite adapter shares one connection per client: a statement made outside a transaction while
// another was open ran inside it. Seen: a user created 100 ms into a transaction that then rolled
// back (as a cell save does on a conflict) was reported created, and was gone; a count beside an
// open transaction counted its uncommitted rows. Statements outside a transaction now wait for it.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, test } from "vitest";
import type { Db } from "../../lib/db/types";
import { sqliteFile } from "../../lib/db/url";
import { freshDatabase } from "../support/fresh-database";

let db: Db | undefined;
afterEach(async () => {
  await db?.$disconnect();
  db = undefined;
});

const person = (email: string) => ({ data: { email, name: email.split("@")[0] } });

/** A transaction that makes `change`, holds itself open for half a second, then rolls back. */
async function rolledBackTransaction(client: Db, change: (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0]) => Promise<unknown>) {
  await client.$transaction(async (tx) => {
    await change(tx);
    await sleep(500);
    throw new Error("the save conflicts, so its transaction rolls back");
  });
}

describe("on SQLite, a statement made while another transaction is open", () => {
  test("a write reported done is kept when that transaction rolls back", async () => {
    db = freshDatabase().db;
    const transaction = rolledBackTransaction(db, (tx) => tx.user.count());
    await sleep(100);
    await db.user.create(person("outside@example.org"));
    await expect(transaction).rejects.toThrow("rolls back");
    expect((await db.user.findMany({ select: { email: true } })).map((user) => user.email)).toEqual(["outside@example.org"]);
  });

  test("a read never sees what that transaction has not committed", async () => {
    db = freshDatabase().db;
    const transaction = rolledBackTransaction(db, (tx) => tx.user.create(person("never-committed@example.org")));
    await sleep(100);
    const counted = await db.user.count();
    await expect(transaction).rejects.toThrow("rolls back");
    expect(counted).toBe(0);
  });
});

describe("on SQLite, a transaction that reads, then writes, while another process writes", () => {
  // Seen in a full run: a reviewer's cancel (read the campaign, then update it) failed with "Operation
  // has timed out" while the `campaign run` process wrote results. A transaction began by reading;
  // once another process committed, its first write could not build on what it had read, and SQLite
  // refused it at once (SQLITE_BUSY_SNAPSHOT), busy timeout or not.
  test("commits, and the other process's write waits for it and is kept", async () => {
    const fresh = freshDatabase();
    db = fresh.db;
    const client = db;
    let otherProcess: ReturnType<typeof spawn> | undefined;
    await client.$transaction(async (tx) => {
      await tx.user.count();
      otherProcess = spawn(
        process.execPath,
        [
          "-e",
          `const Database = require("better-sqlite3");
           new Database(process.argv[1], { timeout: 10000 })
             .prepare("INSERT INTO User (id, email, name, updatedAt) VALUES ('other', 'other@example.org', 'other', 0)")
             .run();`,
          sqliteFile(fresh.url),
        ],
        { stdio: "inherit" },
      );
      // The other process commits at once unless this transaction holds the write lock.
      await Promise.race([once(otherProcess, "exit"), sleep(2_000)]);
      await tx.user.create(person("inside@example.org"));
    });
    if (otherProcess?.exitCode === null) await once(otherProcess, "exit");
    expect(otherProcess?.exitCode).toBe(0);
    expect((await client.user.findMany({ select: { email: true }, orderBy: { email: "asc" } })).map((user) => user.email)).toEqual([
      "inside@example.org",
      "other@example.org",
    ]);
  });
});
