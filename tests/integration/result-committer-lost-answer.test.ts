// A write of results that the database commits, but whose answer an outage cuts, is tried again, and the second try
// finds its runs written already. Seen: through a PostgreSQL outage a worker that wrote all 16 of its results said
// "13 results written ... 3 discarded" (campaign-postgres.test.ts, under load), as if another worker had taken them.
import { describe, expect, test } from "vitest";
import { leaseBatch } from "../../lib/campaigns/runner/lease";
import { ResultCommitter } from "../../lib/campaigns/runner/result-committer";
import { caseRunWriteAnswerLostOnce } from "./answer-lost-once";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";

const answer = (text: string) => ({
  output: { id: "", text, promptTokens: 1, completionTokens: 1, finishReason: "stop" as const, latencyMs: 1, timeToFirstTokenMs: null },
  verdict: "PASS" as const,
  findings: [],
});

describe("a write whose answer was lost", () => {
  test("counts the results the database did write as written, not as refused", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, smallCampaign);
    const lease = await leaseBatch(db, { workerId: "w", size: 2, leaseMs: 60_000, campaignId });
    const runIds = lease!.runs.map((run) => run.id);
    const outcomes = new Map<string, boolean>();
    const log: string[] = [];
    const committer = new ResultCommitter(
      caseRunWriteAnswerLostOnce(db),
      "w",
      { log: (message) => log.push(message) },
      (runId, _result, written) => outcomes.set(runId, written),
      (runId, error) => {
        throw new Error(`${runId} refused: ${error}`);
      },
    );
    for (const runId of runIds) committer.add(runId, answer(`answer of ${runId}`));
    await committer.drain();

    expect(log.some((line) => /retrying in \d+ ms/.test(line))).toBe(true);
    expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(runIds.map((id) => [id, true])));
    const runs = await db.caseRun.findMany({ where: { id: { in: runIds } }, select: { status: true, output: true, id: true } });
    expect(runs.map((run) => [run.status, run.output])).toEqual(expect.arrayContaining(runIds.map((id) => ["DONE", `answer of ${id}`])));
  });

  test("still counts a result as not written where another worker holds its run", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, smallCampaign);
    const stalled = await leaseBatch(db, { workerId: "stalled", size: 2, leaseMs: 1, campaignId });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await leaseBatch(db, { workerId: "takeover", size: 2, leaseMs: 60_000, campaignId });
    const outcomes = new Map<string, boolean>();
    const committer = new ResultCommitter(
      caseRunWriteAnswerLostOnce(db),
      "stalled",
      { log: () => {} },
      (runId, _result, written) => outcomes.set(runId, written),
      () => {},
    );
    for (const run of stalled!.runs) committer.add(run.id, answer("the stalled worker's"));
    await committer.drain();
    expect([...outcomes.values()]).toEqual([false, false]);
    expect(await db.caseRun.count({ where: { id: { in: stalled!.runs.map((run) => run.id) }, status: "DONE" } })).toBe(0);
  });
});
