// `campaign run --target NAME` as a CI job runs it, a child process against a real SQLite file,
// pointed at a serving target whose endpoint nothing answers. Every run ended in error, the table
// said UNTESTED and the command exited 0, the code for "no cell fails": a gate that passed having
// reached no model, and said nowhere why.
import { createServer } from "node:net";
import { expect, test } from "vitest";
import { runCli } from "../support/run-cli";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase } from "./campaign-fixture";

test("`campaign run` whose runs all ended in error exits 4, not 0, and names the endpoint and what went wrong", async () => {
  const { db, url } = await campaignDatabase();
  const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
  const saved = await createServingTarget(
    db,
    { id: null, label: "setup", role: "ADMIN" },
    { name: "beluga-vllm", baseUrl, model: "beluga", declaredRevision: "sha-1234" },
  );
  if (!saved.ok) throw new Error(saved.message);

  const args = ["run", "--uses", "U1", "--cases-per-suite", "2", "--target", "beluga-vllm", "--max-outage", "0", "--json"];
  const run = await runCli("cli/campaign.ts", args, url);
  const report = JSON.parse(run.stdout);

  expect({ code: run.code, status: report.status, done: report.done, errors: report.errors }).toEqual({ code: 4, status: "COMPLETED", done: 0, errors: 2 });
  expect(report.runErrors).toEqual([{ error: "the endpoint could not be reached (after 3 attempts)", runs: 2, detail: expect.any(String) }]);
  expect(report.runErrors[0].detail).toContain(`connection refused by ${baseUrl}/chat/completions`);
  expect(run.stderr).toContain("2 runs ended in error");
  expect(run.stderr).toContain(`2 x the endpoint could not be reached (after 3 attempts): openai backend ${baseUrl} (model beluga)`);
  expect(await db.evidence.count()).toBe(0);
}, 120_000);

/** A port on this machine that nothing listens on: every connection to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}
