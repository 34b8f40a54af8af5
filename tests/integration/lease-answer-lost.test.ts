// A lease's claim that the database committed while the connection carrying its answer dropped (a
// PostgreSQL restart, a network cut): the worker retries the lease, and the retry must find the
// runs already claimed for it, not leave them held by nobody until the lease expires and then run
// them again on a second attempt. The database is real; only the answer of the first claim is lost,
// after it landed, as a dropped connection would lose it.
import { expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";

test("a lease whose answer was lost after it landed is found on the retry: each run is leased once and none waits for an expiry", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4, repeats: 1 });
  let lost = 0;
  const droppingFirstClaimAnswer = db.$extends({
    query: {
      caseRun: {
        async updateMany({ args, query }) {
          const result = await query(args);
          if (lost === 0 && (args.data as { status?: string }).status === "LEASED") {
            lost++;
            throw new Error("Connection terminated unexpectedly");
          }
          return result;
        },
      },
    },
  }) as unknown as Db;
  const logs: string[] = [];

  await startWorker({
    db: droppingFirstClaimAnswer,
    campaignId,
    batchSize: 4,
    leaseMs: 2_000,
    exitWhenIdle: true,
    idlePollMs: 20,
    onLog: (line) => logs.push(line),
  }).done;

  expect(lost).toBe(1);
  expect(logs.some((line) => line.startsWith("leasing runs failed on a transient database error"))).toBe(true);
  const runs = await db.caseRun.findMany({ where: { campaignId }, select: { status: true, attempts: true } });
  expect(runs.length).toBe(4);
  expect(runs.filter((run) => run.status !== "DONE" || run.attempts !== 1)).toEqual([]);
  expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
});
