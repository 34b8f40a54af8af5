// `campaign run --target NAME` as a CI job runs it, a child process against a real SQLite file,
// pointed at a serving target whose endpoint nothing answers. Every run ended in error, the table
// said UNTESTED and the command exited 0, the code for "no cell fails": a gate that passed having
// reached no model, and said nowhere why.
import type { IncomingMessage, ServerResponse } from "node:http";
import { expect, test } from "vitest";
import { runCli } from "../support/run-cli";
import { campaignDatabase } from "./campaign-fixture";
import { freePort } from "./engine-server-helpers";
import { AnsweringEndpoint, LocalEndpoint } from "./local-endpoint";
import { saveServingTarget } from "./serving-target-setup";

test("`campaign run` whose runs all ended in error exits 4, not 0, and names the endpoint and what went wrong", async () => {
  const { db, url } = await campaignDatabase();
  const baseUrl = `http://127.0.0.1:${await freePort()}/v1`;
  await saveServingTarget(db, "beluga-vllm", baseUrl);

  const args = ["run", "--uses", "U1", "--cases-per-suite", "2", "--target", "beluga-vllm", "--max-outage", "0", "--json"];
  const run = await runCli("cli/campaign.ts", args, url);
  const report = JSON.parse(run.stdout);

  expect({ code: run.code, status: report.status, done: report.done, errors: report.errors }).toEqual({ code: 4, status: "COMPLETED", done: 0, errors: 2 });
  expect(report.runErrors).toEqual([{ error: "the endpoint could not be reached (after 3 attempts)", runs: 2, detail: expect.any(String) }]);
  expect(report.runErrors[0].detail).toContain(`connection refused by ${baseUrl}/chat/completions`);
  expect(run.stderr).toContain("2 runs ended in error");
  expect(run.stderr).toContain(`2 x the endpoint could not be reached (after 3 attempts): openai backend ${baseUrl} (model beluga)`);
  // The cells it reached say every case errored; none counts anything.
  expect(await db.evidence.count({ where: { n: { not: 0 } } })).toBe(0);
}, 120_000);

test("`campaign run` whose endpoint is down for a while says it is waiting for it, why and until when, then completes once it answers", async () => {
  const { db, url } = await campaignDatabase();
  const port = await freePort();
  await saveServingTarget(db, "beluga-vllm", `http://127.0.0.1:${port}/v1`);
  const endpoint = new AnsweringEndpoint();
  // Back once the campaign has recorded it down, and the command has had a second or two to say so.
  const backOnceRecorded = (async () => {
    while (!(await db.campaign.findFirst({ where: { outageSince: { not: null } }, select: { id: true } })))
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await endpoint.listen(port);
  })();
  try {
    const run = await runCli("cli/campaign.ts", ["run", "--uses", "U1", "--cases-per-suite", "2", "--target", "beluga-vllm", "--json"], url);
    await backOnceRecorded;
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "COMPLETED", done: 2, errors: 0 });
    expect(run.stderr).toMatch(
      /Waiting for serving target beluga-vllm: the endpoint could not be reached \(after 3 attempts\)\. Unreachable since \d\d:\d\d:\d\d UTC; runs fail instead from \d\d:\d\d:\d\d UTC if it stays down\./,
    );
  } finally {
    await endpoint.close();
  }
}, 120_000);

/** Lists "beluga" at /v1/models and answers every completion with a server error. */
class ListedButFailingEndpoint extends LocalEndpoint {
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: [{ id: "beluga" }] }));
    res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"engine dead"}}');
  }
}

test("`campaign run` whose endpoint lists the model but fails every completion exits 3, the campaign paused, and says why", async () => {
  const { db, url } = await campaignDatabase();
  const endpoint = new ListedButFailingEndpoint();
  await saveServingTarget(db, "beluga-vllm", await endpoint.listen());
  try {
    const run = await runCli("cli/campaign.ts", ["run", "--uses", "U1", "--cases-per-suite", "4", "--target", "beluga-vllm", "--json"], url);
    const reason =
      'serving target "beluga-vllm" failed 3 cases in a row, answering none between them: the endpoint answered 500 (after 3 attempts). ' +
      "The endpoint is up but answers no case, so the campaign is paused rather than fail every case; resume it once the endpoint answers completions.";
    expect({ code: run.code, ...JSON.parse(run.stdout) }).toMatchObject({ code: 3, status: "PAUSED", done: 0, errors: 0, pausedBecause: reason });
    expect(run.stderr).toContain(`paused: ${reason}`);
  } finally {
    await endpoint.close();
  }
}, 120_000);

/** Lists one model, not the target's, whose id holds a right-to-left override; answers no completion. */
class OtherModelEndpoint extends LocalEndpoint {
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: [{ id: "beluga\u202Edaolrevo" }] }));
    res.writeHead(500).end();
  }
}

test("`campaign run` paused by its worker names each bidirectional control in the endpoint's words on stderr, as the pages do, and applies none", async () => {
  const { db, url } = await campaignDatabase();
  const endpoint = new OtherModelEndpoint();
  await saveServingTarget(db, "beluga-vllm", await endpoint.listen());
  try {
    const run = await runCli("cli/campaign.ts", ["run", "--uses", "U1", "--cases-per-suite", "2", "--target", "beluga-vllm", "--json"], url);
    expect({ code: run.code, status: JSON.parse(run.stdout).status }).toEqual({ code: 3, status: "PAUSED" });
    // The JSON report keeps the reason as recorded; the line for a person names the control.
    expect(JSON.parse(run.stdout).pausedBecause).toContain("beluga\u202Edaolrevo");
    expect(run.stderr).toContain('paused: serving target "beluga-vllm" serves beluga<U+202E>daolrevo');
    expect(run.stderr).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  } finally {
    await endpoint.close();
  }
}, 120_000);
