// On PostgreSQL a transaction is one connection, which runs one query at a time. Prisma asked a
// transaction's connection for queries while it was running another: pg queued them and warned
// ("Calling client.query() when the client is already executing a query is deprecated and will be
// removed in pg@9.0"), once per process, in the full test runs. Two ways: operations of one
// transaction begun while another runs (the one read of a card, lib/releases/card-export.ts, reads
// its parts in a Promise.all), and one read including three relations (Prisma's query interpreter
// loads them with Promise.all). pg's warning is printed once per process, so a file after another
// that drew it would never see it: each pg client's queries in flight are counted here instead.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { loadLiveCard } from "../../lib/releases/card-export";
import { dropPostgresDatabase, migratedPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";

const root = path.resolve(import.meta.dirname, "../..");
const setup: Actor = { id: null, label: "setup", role: "ADMIN" };

/**
 * The queries `work` asks of a pg connection that is still running an earlier one: what pg's queue
 * took, and pg 9 refuses. Each is named by its SQL's first words.
 */
async function queriesAskedWhileAnotherRuns(work: () => Promise<unknown>): Promise<string[]> {
  const query = pg.Client.prototype.query;
  const running = new WeakMap<pg.Client, number>();
  const overlapping: string[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const inFlight = running.get(this) ?? 0;
    const config = args[0] as string | { text: string };
    if (inFlight > 0) overlapping.push((typeof config === "string" ? config : config.text).slice(0, 60));
    running.set(this, inFlight + 1);
    const done = () => running.set(this, (running.get(this) ?? 1) - 1);
    // A transaction's queries ask for a promise; the pool's own (a query outside a transaction) pass a callback.
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (...answer: unknown[]) => {
        done();
        return callback(...answer);
      };
    }
    const result = (query as (...args: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) void result.finally(done).catch(() => {});
    return result;
  } as typeof query;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = query;
  }
  return overlapping;
}

describe.skipIf(!postgresInstalled("postgres-transaction-one-query-at-a-time"))("a PostgreSQL transaction asks its connection one query at a time", () => {
  let serverUrl: string;
  let url: string;
  let db: Db;

  beforeAll(async () => {
    serverUrl = execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
      .trim()
      .replace(/^export PG_URL=/, "");
    url = await migratedPostgresDatabase(serverUrl, "one_query_at_a_time");
    db = createDb(url);
    const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
    await importCard(db, setup, card);
  });
  afterAll(async () => {
    await db?.$disconnect();
    if (url) await dropPostgresDatabase(serverUrl, url);
  });

  test("the one read of a card: its parts, read in a Promise.all, reach the connection one after another", async () => {
    let live: Awaited<ReturnType<typeof loadLiveCard>> = null;
    const overlapping = await queriesAskedWhileAnotherRuns(async () => {
      live = await loadLiveCard(db, defaultModelSlug);
    });
    expect(overlapping).toEqual([]);
    expect(live!.snapshot.card.risks).toHaveLength(14);
  });

  test("reads begun while a slow query of the same transaction runs wait for it", async () => {
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let counts: unknown[] = [];
    const overlapping = await queriesAskedWhileAnotherRuns(async () => {
      counts = await db.$transaction((tx) =>
        Promise.all([tx.$queryRaw`SELECT pg_sleep(0.3)::text AS slept`, later(50).then(() => tx.risk.count()), later(100).then(() => tx.use.count())]),
      );
    });
    expect(overlapping).toEqual([]);
    expect(counts.slice(1)).toEqual([14, 4]);
  });

  test("one read including three relations, in a transaction, loads them one after another", async () => {
    let model: { risks: unknown[]; uses: unknown[]; mitigations: unknown[] } | null = null;
    const overlapping = await queriesAskedWhileAnotherRuns(async () => {
      model = await db.$transaction((tx) =>
        tx.model.findUniqueOrThrow({ where: { slug: defaultModelSlug }, include: { risks: true, uses: true, mitigations: true } }),
      );
    });
    expect(overlapping).toEqual([]);
    expect([model!.risks.length, model!.uses.length, model!.mitigations.length]).toEqual([14, 4, 21]);
  });
});
