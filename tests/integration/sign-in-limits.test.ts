// The sign-in limits as the web processes share them: every count lives in the database, so two
// clients of one database (two web processes, each with its own connection) count the same
// attempts, and attempts that arrive at once are counted one by one. On SQLite and PostgreSQL.
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type SignInGate, signInAttempt, signInOutcome } from "../../lib/auth/sign-in-rate-limit";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { freshDatabase } from "../support/fresh-database";
import { dropPostgresDatabase, migratedPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { programArgs } from "../support/program-bundle";

const root = path.resolve(import.meta.dirname, "../..");

/** A web process of its own (tests/support/sign-in-process.ts), asked one attempt at a time. */
function signInProcess(url: string) {
  const child = spawn(process.execPath, [...programArgs("tests/support/sign-in-process.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async attempt(attempt: { address: string; email: string; now: number }): Promise<SignInGate> {
      child.stdin.write(`${JSON.stringify(attempt)}\n`);
      const answer = await answers.next();
      if (answer.done) throw new Error(`the sign-in process exited (${child.exitCode}) before answering`);
      return JSON.parse(answer.value);
    },
    stop: () => child.stdin.end(),
  };
}

interface Database {
  url: string;
  drop(): Promise<void>;
}

async function sqlite(): Promise<Database> {
  const { db, url } = freshDatabase();
  await db.$disconnect();
  return { url, drop: async () => {} };
}

async function postgres(): Promise<Database> {
  const serverUrl = execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
    .trim()
    .replace(/^export PG_URL=/, "");
  const url = await migratedPostgresDatabase(serverUrl, "sign_in");
  return { url, drop: () => dropPostgresDatabase(serverUrl, url) };
}

const databases = [
  { name: "SQLite", open: sqlite, skip: false },
  { name: "PostgreSQL", open: postgres, skip: !postgresInstalled("sign-in-limits") },
];

describe.each(databases)("sign-in attempts on $name", ({ open, skip }) => {
  let database: Database;
  /** Two web processes' connections to the one database. */
  let db: Db;
  let otherProcess: Db;

  beforeAll(async () => {
    if (skip) return;
    database = await open();
    db = createDb(database.url);
    otherProcess = createDb(database.url);
  }, 120_000);
  afterAll(async () => {
    if (skip) return;
    await db.$disconnect();
    await otherProcess.$disconnect();
    await database.drop();
  });
  beforeEach(async () => {
    if (skip) return;
    await db.signInBucket.deleteMany();
    await db.signInFailureStreak.deleteMany();
  });

  test.skipIf(skip)("five a minute for one email from one address, then says how long to wait", async () => {
    const now = 1_000_000;
    for (let i = 0; i < 5; i++) expect(await signInAttempt(db, { address: "a", email: "rita@example.org" }, now + i)).toEqual({ ok: true });
    expect(await signInAttempt(db, { address: "a", email: "Rita@Example.org " }, now + 10)).toMatchObject({
      ok: false,
      waitSeconds: 60,
      limit: "address and email",
    });
    expect(await signInAttempt(db, { address: "a", email: "omar@example.org" }, now + 20)).toEqual({ ok: true });
    expect(await signInAttempt(db, { address: "a", email: "rita@example.org" }, now + 60_001)).toEqual({ ok: true });
  });

  test.skipIf(skip)("thirty a minute from one address whatever the email", async () => {
    for (let i = 0; i < 30; i++) expect((await signInAttempt(db, { address: "a", email: `user${i}@example.org` }, 0)).ok).toBe(true);
    expect(await signInAttempt(db, { address: "a", email: "user99@example.org" }, 0)).toMatchObject({ ok: false, limit: "address" });
  });

  test.skipIf(skip)("failures from many addresses slow the account by a doubling delay, capped at a minute, cleared by a success", async () => {
    let now = 0;
    for (let i = 0; i < 5; i++) {
      expect((await signInAttempt(db, { address: `10.0.0.${i}`, email: "ada@example.org" }, now)).ok).toBe(true);
      await signInOutcome(db, "ada@example.org", false, now);
    }
    expect(await signInAttempt(db, { address: "10.0.1.1", email: "ada@example.org" }, now)).toMatchObject({ ok: false, limit: "account", waitSeconds: 1 });
    for (let i = 0; i < 20; i++) {
      now += 61_000;
      expect((await signInAttempt(db, { address: `10.0.2.${i}`, email: "ada@example.org" }, now)).ok).toBe(true);
      await signInOutcome(db, "ada@example.org", false, now);
    }
    expect(await signInAttempt(db, { address: "10.0.3.1", email: "ada@example.org" }, now)).toMatchObject({ ok: false, waitSeconds: 60 });
    expect((await signInAttempt(db, { address: "10.0.3.1", email: "ada@example.org" }, now + 60_000)).ok).toBe(true);
    await signInOutcome(db, "ada@example.org", true, now + 60_000);
    expect((await signInAttempt(db, { address: "10.0.3.2", email: "ada@example.org" }, now + 60_000)).ok).toBe(true);
  });

  test.skipIf(skip)("a known device skips the address and account limits and has its own", async () => {
    for (let i = 0; i < 30; i++) await signInAttempt(db, { address: "a", email: "ada@example.org" }, 0);
    for (let i = 0; i < 10; i++) await signInOutcome(db, "ada@example.org", false, 0);
    for (let i = 0; i < 5; i++) expect((await signInAttempt(db, { address: "a", email: "ada@example.org", knownDevice: "d1" }, 0)).ok).toBe(true);
    expect(await signInAttempt(db, { address: "a", email: "ada@example.org", knownDevice: "d1" }, 0)).toMatchObject({ ok: false, limit: "device" });
  });

  test.skipIf(skip)("a burst of refusals is reported once per window", async () => {
    for (let i = 0; i < 5; i++) await signInAttempt(db, { address: "a", email: "x@example.org" }, 0);
    const refusals = [];
    for (let i = 0; i < 10; i++) refusals.push(await signInAttempt(db, { address: "a", email: "x@example.org" }, 1));
    expect(refusals.filter((r) => !r.ok && r.firstRefusal)).toHaveLength(1);
    expect(await signInAttempt(db, { address: "a", email: "x@example.org" }, 59_000)).toMatchObject({ ok: false, firstRefusal: false });
    // A minute on, the five have expired; five more fill the bucket again and the next refusal is reported.
    for (let i = 0; i < 5; i++) await signInAttempt(db, { address: "a", email: "x@example.org" }, 61_000);
    expect(await signInAttempt(db, { address: "a", email: "x@example.org" }, 61_001)).toMatchObject({ ok: false, firstRefusal: true });
  });

  test.skipIf(skip)("two web processes taking turns at one address and email: the sixth attempt is refused whichever takes it", async () => {
    const processes = [signInProcess(database.url), signInProcess(database.url)];
    try {
      for (let i = 0; i < 5; i++) expect(await processes[i % 2].attempt({ address: "a", email: "rita@example.org", now: i })).toEqual({ ok: true });
      for (const [i, process] of processes.entries()) {
        expect(await process.attempt({ address: "a", email: "rita@example.org", now: 10 + i })).toMatchObject({ ok: false, limit: "address and email" });
      }
    } finally {
      for (const process of processes) process.stop();
    }
  });

  test.skipIf(skip)("failures seen by one process slow the account in the other", async () => {
    for (let i = 0; i < 5; i++) await signInOutcome(i % 2 ? db : otherProcess, "ada@example.org", false, 0);
    expect(await signInAttempt(db, { address: "b", email: "ada@example.org" }, 0)).toMatchObject({ ok: false, limit: "account", firstRefusal: true });
    expect(await signInAttempt(otherProcess, { address: "c", email: "ada@example.org" }, 0)).toMatchObject({
      ok: false,
      limit: "account",
      firstRefusal: false,
    });
    await signInOutcome(otherProcess, "ada@example.org", true, 0);
    expect(await signInAttempt(db, { address: "b", email: "ada@example.org" }, 0)).toEqual({ ok: true });
  });

  test.skipIf(skip)("ten attempts at once for one address and email, from two processes, let exactly five through", async () => {
    const gates = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signInAttempt(i % 2 ? db : otherProcess, { address: "a", email: "rita@example.org" }, 0)),
    );
    expect(gates.filter((gate) => gate.ok)).toHaveLength(5);
    const refused = gates.filter((gate) => !gate.ok);
    expect(refused.every((gate) => gate.limit === "address and email")).toBe(true);
    expect(refused.filter((gate) => gate.firstRefusal)).toHaveLength(1);
  });

  test.skipIf(skip)("ten attempts at once through one process let exactly five through", async () => {
    const gates = await Promise.all(Array.from({ length: 10 }, () => signInAttempt(db, { address: "a", email: "rita@example.org" }, 0)));
    expect(gates.filter((gate) => gate.ok)).toHaveLength(5);
  });

  test.skipIf(skip)("an account's failures are remembered for a day without a failure, then forgotten", async () => {
    const day = 24 * 60 * 60 * 1000;
    for (let i = 0; i < 6; i++) await signInOutcome(db, "ada@example.org", false, 0);
    // The seventh failure, 23 hours on, continues the streak: the next attempt waits 4 s.
    expect((await signInAttempt(db, { address: "a", email: "ada@example.org" }, day - 3_600_000)).ok).toBe(true);
    await signInOutcome(db, "ada@example.org", false, day - 3_600_000);
    expect(await signInAttempt(db, { address: "a", email: "ada@example.org" }, day - 3_600_000)).toMatchObject({ ok: false, limit: "account", waitSeconds: 4 });
    // A day after that failure the streak is gone: one more failure is the first of a new streak.
    expect((await signInAttempt(db, { address: "b", email: "ada@example.org" }, 2 * day)).ok).toBe(true);
    await signInOutcome(db, "ada@example.org", false, 2 * day);
    expect(await signInAttempt(db, { address: "b", email: "ada@example.org" }, 2 * day)).toEqual({ ok: true });
  });
});
