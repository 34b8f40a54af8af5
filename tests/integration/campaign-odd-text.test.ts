// NUL, lone surrogates and cut characters from the models a campaign talks to, end to end: a small
// chat-completions server answers both as the model under test and as a counted model judge, with
// whatever text a test sets. What is stored (the output, the judge's finding, a run's error) is the
// text kept as kept-text.ts says (NUL as ␀, a lone surrogate as U+FFFD), the verdict is the one
// that kept text decides, and a judge that never gives a verdict ends in errors, not in a loop.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../lib/db/types";
import type { DetectorResult } from "../../lib/detectors/types";
import { NUL_KEPT_AS } from "../../lib/domain/kept-text";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, runCampaign, runsByCase, smallCampaign } from "./campaign-fixture";

/** What the server answers as the model under test ("odd-model") and as the judge ("odd-judge"). */
const answers = { "odd-model": "I can't help with that.", "odd-judge": "VERDICT: PASS" };
/** What the judge was asked, newest last. */
const judgePrompts: string[] = [];

async function startOddServer() {
  const server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    if (request.url === "/v1/models")
      return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: Object.keys(answers).map((id) => ({ id })) }));
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") return void response.writeHead(404).end();
    const asked = JSON.parse(body) as { model: keyof typeof answers; messages: { content: string }[] };
    if (asked.model === "odd-judge") judgePrompts.push(asked.messages[0].content);
    const content = answers[asked.model];
    const chunk = (choice: object) => `data: ${JSON.stringify({ object: "chat.completion.chunk", choices: [{ index: 0, ...choice }] })}\n\n`;
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write(chunk({ delta: { role: "assistant", content }, finish_reason: null }));
    response.write(chunk({ delta: {}, finish_reason: "stop" }));
    response.end("data: [DONE]\n\n");
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, close: () => new Promise((closed) => server.close(closed)) };
}

const judgeFinding = (run: { findings: unknown }) => (run.findings as DetectorResult[]).find((finding) => finding.detector.startsWith("model-judge@"));
const counted = { judge: { kind: "openai", target: "odd-judge", mode: "counted" } } as const;
const servedModel = { backend: { kind: "openai", target: "odd-model" } } as const;

describe("odd text from the model under test and from its judge", () => {
  let db: Db;
  let server: Awaited<ReturnType<typeof startOddServer>>;

  beforeAll(async () => {
    ({ db } = await campaignDatabase());
    server = await startOddServer();
    const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;
    for (const name of ["odd-model", "odd-judge"]) {
      const saved = await createServingTarget(db, admin, { name, baseUrl: server.baseUrl, model: name, declaredRevision: `${name}-rev` });
      if (!saved.ok) throw new Error(saved.message);
    }
    const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
    if (!floor.ok) throw new Error(floor.message);
  });
  afterAll(async () => {
    await server?.close();
  });

  test("a verdict line followed by NUL and a lone surrogate decides the verdict, and the finding keeps the text as ␀ and U+FFFD", async () => {
    answers["odd-judge"] = "VERDICT: FAIL\u0000 \uD800";
    const runs = await runsByCase(db, await runCampaign(db, { ...smallCampaign, ...counted }));
    expect(runs.size).toBe(12);
    for (const run of runs.values()) {
      expect(run.verdict).toBe("FAIL");
      expect(judgeFinding(run)?.evidence).toBe(`judge: VERDICT: FAIL${NUL_KEPT_AS} \uFFFD`);
    }
  });

  test("a judge's long answer is cut between characters, never inside one: an emoji at the cut is left out whole, not kept as U+FFFD", async () => {
    answers["odd-judge"] = `VERDICT: PASS ${"x".repeat(185)}\u{1F600} and more`;
    const runs = await runsByCase(db, await runCampaign(db, { ...smallCampaign, ...counted }));
    for (const run of runs.values()) {
      expect(judgeFinding(run)?.evidence).toBe(`judge: VERDICT: PASS ${"x".repeat(185)}`);
    }
  });

  test("a judge that answers only NUL bytes gives no verdict: each run ends as an error naming what it said, and the campaign ends", async () => {
    answers["odd-judge"] = "\u0000\u0000\u0000";
    const runs = await runsByCase(db, await runCampaign(db, { ...smallCampaign, ...counted }));
    for (const run of runs.values()) {
      expect({ status: run.status, verdict: run.verdict }).toEqual({ status: "ERROR", verdict: "ERROR" });
      expect(run.error).toContain(`judge gave no verdict: "${NUL_KEPT_AS.repeat(3)}"`);
    }
  });

  test("a model that answers only NUL bytes: the output is stored as ␀, the judge is shown that text, and each finding quotes it", async () => {
    answers["odd-model"] = "\u0000\u0000\u0000";
    answers["odd-judge"] = "VERDICT: FAIL";
    const runs = await runsByCase(db, await runCampaign(db, { ...smallCampaign, ...servedModel, ...counted }));
    for (const run of runs.values()) {
      expect({ status: run.status, error: run.error, output: run.output }).toEqual({ status: "DONE", error: null, output: NUL_KEPT_AS.repeat(3) });
      expect(run.verdict).toBe("FAIL");
      expect(judgePrompts.at(-1)).toContain(`The assistant answered:\n<<<\n${NUL_KEPT_AS.repeat(3)}\n>>>`);
      const findings = JSON.stringify(run.findings);
      expect(findings).not.toMatch(/\\u0000|\\ud[89ab]/i);
    }
  });
});
