// A campaign with a model judge, end to end on the tiny model: the campaign's own model answers
// in-process, and the judge answers through the openai backend over real HTTP — `engine serve` on
// a tiny model of its own (which never gives a verdict line), or a small chat-completions server
// that always answers "VERDICT: FAIL", each a serving target an admin configured — or is the
// campaign's own engine (a "local" judge).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { aggregateCampaign } from "../../lib/evidence/campaign-aggregate";
import { loadCampaign } from "../../lib/campaigns/reads/load-campaign";
import { loadCaseRun } from "../../lib/campaigns/reads/load-case-run";
import { loadPauseReason } from "../../lib/campaigns/reads/pause-reason";
import { loadCurrentHashes, staleReasons } from "../../lib/evidence/current-hashes";
import { detectorsHash } from "../../lib/detectors/registry";
import { MODEL_JUDGE_VERSION } from "../../lib/detectors/model-judge";
import type { DetectorResult } from "../../lib/detectors/types";
import type { Db } from "../../lib/db/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { answeringTarget, campaignDatabase, rita, runCampaign, runsByCase, smallCampaign } from "./campaign-fixture";
import { startServe, tinyModelDir, type ServeProcess } from "./engine-server-helpers";
import { runCli, runCliEach } from "../support/run-cli";

/** A chat-completions endpoint whose every answer is "VERDICT: FAIL", streamed as the openai backend asks. */
async function startFailingJudge() {
  const requests: { model: string; messages: { content: string }[] }[] = [];
  const server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") return void response.writeHead(404).end();
    requests.push(JSON.parse(body));
    const chunk = (choice: object) => `data: ${JSON.stringify({ object: "chat.completion.chunk", choices: [{ index: 0, ...choice }] })}\n\n`;
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write(chunk({ delta: { role: "assistant", content: "VERDICT: FAIL" }, finish_reason: null }));
    response.write(chunk({ delta: {}, finish_reason: "stop" }));
    response.end("data: [DONE]\n\n");
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, requests, close: () => new Promise((closed) => server.close(closed)) };
}

const judgeFindings = (run: { findings: unknown }) => (run.findings as DetectorResult[]).filter((finding) => finding.detector.startsWith("model-judge@"));

describe("a campaign with a model judge", () => {
  let db: Db;
  let url: string;
  let model: ReturnType<typeof tinyModelDir>;
  let serve: ServeProcess;
  let failingJudge: Awaited<ReturnType<typeof startFailingJudge>>;
  let complying: Awaited<ReturnType<typeof answeringTarget>>;
  let plainId: string;
  let plain: Awaited<ReturnType<typeof runsByCase>>;

  beforeAll(async () => {
    ({ db, url } = await campaignDatabase());
    model = tinyModelDir();
    [serve, failingJudge] = await Promise.all([startServe(model.dir), startFailingJudge()]);
    complying = await answeringTarget(db, "complying");
    const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;
    for (const target of [
      { name: "tiny-serve", baseUrl: `${serve.url}/v1`, model: "tiny-beluga", declaredRevision: serve.revision },
      { name: "strict-judge", baseUrl: failingJudge.baseUrl, model: "strict-judge", declaredRevision: "strict-judge-rev" },
    ]) {
      const saved = await createServingTarget(db, admin, target);
      if (!saved.ok) throw new Error(saved.message);
    }
    // These judges are measured nowhere: an admin lets any judge count, to see what counting does.
    const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
    if (!floor.ok) throw new Error(floor.message);
    plainId = await runCampaign(db, smallCampaign);
    plain = await runsByCase(db, plainId);
  });
  afterAll(async () => {
    await serve?.kill();
    await failingJudge?.close();
    await complying?.close();
    model?.remove();
  });

  /** Each run's output and verdict, which an advisory judge must leave as they are without one. */
  function expectSameOutputsAndVerdictsAsWithoutJudge(runs: typeof plain) {
    expect([...runs.keys()].sort()).toEqual([...plain.keys()].sort());
    for (const [key, run] of runs) {
      const without = plain.get(key)!;
      expect({ key, status: run.status, output: run.output, verdict: run.verdict }).toEqual({
        key,
        status: "DONE",
        output: without.output,
        verdict: without.verdict,
      });
    }
  }

  test("an advisory judge served by engine serve judges every case, records that the tiny model gave no verdict, and changes no verdict", async () => {
    const judge = { kind: "openai", target: "tiny-serve" } as const;
    const campaignId = await runCampaign(db, { ...smallCampaign, judge });
    const runs = await runsByCase(db, campaignId);

    expect(runs.size).toBe(12);
    for (const run of runs.values()) {
      expect(judgeFindings(run)).toEqual([
        {
          verdict: "not_applicable",
          evidence: expect.stringMatching(/^judge error: model-judge@\S+: judge gave no verdict: "/),
          detector: `model-judge@${MODEL_JUDGE_VERSION}+openai:${serve.revision}`,
          advisory: true,
        },
      ]);
    }
    expectSameOutputsAndVerdictsAsWithoutJudge(runs);
    expect(await aggregateCampaign(db, campaignId)).toEqual(await aggregateCampaign(db, plainId));

    const [judged, without] = await Promise.all([loadCampaign(db, campaignId), loadCampaign(db, plainId)]);
    expect(judged!.judges).toEqual([{ ...judge, adapter: "rubric", mode: "advisory", revision: serve.revision }]);
    expect(without!.judges).toEqual([]);
    expect(judged!.settingsHash).not.toBe(without!.settingsHash);
  });

  test("a counted judge that answers VERDICT: FAIL fails every case, and its evidence is current under a detectors hash of its own", async () => {
    const asked = failingJudge.requests.length;
    const campaignId = await runCampaign(db, { ...smallCampaign, judge: { kind: "openai", target: "strict-judge", mode: "counted" } });
    const runs = await runsByCase(db, campaignId);

    expect([...plain.values()].filter((run) => run.verdict === "PASS").length).toBeGreaterThan(0);
    for (const run of runs.values()) {
      expect(run.verdict).toBe("FAIL");
      expect(judgeFindings(run)).toEqual([
        { verdict: "fail", evidence: "judge: VERDICT: FAIL", detector: `model-judge@${MODEL_JUDGE_VERSION}+openai:strict-judge-rev` },
      ]);
    }
    const requests = failingJudge.requests.slice(asked);
    expect(requests).toHaveLength(runs.size);
    expect(requests.every((request) => request.model === "strict-judge" && request.messages[0].content.includes('"VERDICT: PASS" or "VERDICT: FAIL"'))).toBe(
      true,
    );

    const evidence = await db.evidence.findMany({ where: { campaignId }, include: { cell: { select: { use: { select: { code: true } } } } } });
    expect(evidence.length).toBeGreaterThan(0);
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    const current = await loadCurrentHashes(db, campaign.modelId);
    for (const item of evidence) {
      expect({ failures: item.failures, n: item.n }).toEqual({ failures: item.n, n: item.n });
      expect(item.detectorsHash).not.toBe(detectorsHash());
      expect(staleReasons(item, item.cell.use.code, current)).toEqual([]);
    }
  });

  test("a counted judge that gives no verdict line (the tiny model behind engine serve) makes each run an error after its tries, never a pass on the detectors' word", async () => {
    const campaignId = await runCampaign(db, { ...smallCampaign, judge: { kind: "openai", target: "tiny-serve", mode: "counted" } }, { maxAttempts: 2 });
    const runs = await runsByCase(db, campaignId);
    expect([...plain.values()].filter((run) => run.verdict === "PASS").length).toBeGreaterThan(0);
    for (const [key, run] of runs) {
      expect({ key, status: run.status, verdict: run.verdict, attempts: run.attempts }).toEqual({ key, status: "ERROR", verdict: "ERROR", attempts: 2 });
      expect(run.error).toMatch(/judge gave no verdict/);
    }
    // Each cell it reached keeps a row that judged nothing, its errors counted: it backs nothing.
    const evidence = await db.evidence.findMany({ where: { campaignId } });
    expect(evidence.length).toBeGreaterThan(0);
    for (const item of evidence) expect({ n: item.n, errors: item.errors! > 0 }).toEqual({ n: 0, errors: true });
  });

  test("under the rule 'all' a counted judge that always fails fails only the cases its detectors fail too, and every case they disagree on waits to be labelled", async () => {
    // Answered by a model that is not the smoke-test model, whose outputs go to no labelling queue (labelling-smoke-test.test.ts).
    const campaignId = await runCampaign(db, {
      ...smallCampaign,
      backend: complying.backend,
      verdictRule: "all",
      judge: { kind: "openai", target: "strict-judge", mode: "counted" },
    });
    const runs = await runsByCase(db, campaignId);
    let disagreements = 0;
    for (const [key, run] of runs) {
      const findings = run.findings as unknown as DetectorResult[];
      const judged = findings.filter((finding) => finding.verdict !== "not_applicable");
      const allFail = judged.every((finding) => finding.verdict === "fail");
      expect({ key, verdict: run.verdict }).toEqual({ key, verdict: allFail ? "FAIL" : "PASS" });
      if (!allFail) disagreements++;
    }
    expect(disagreements).toBeGreaterThan(0);
    const queued = await db.labellingItem.findMany({ where: { caseRun: { campaignId }, reason: "DISAGREEMENT" } });
    expect(queued.length).toBe(disagreements);
    const page = (await loadCampaign(db, campaignId))!;
    expect(page.verdictRule).toBe("all");
  });

  test("an advisory judge that answers VERDICT: FAIL is shown beside the detectors on the campaign and case pages but changes no verdict", async () => {
    const campaignId = await runCampaign(db, { ...smallCampaign, judge: { kind: "openai", target: "strict-judge" } });
    const runs = await runsByCase(db, campaignId);
    expectSameOutputsAndVerdictsAsWithoutJudge(runs);

    const page = (await loadCampaign(db, campaignId))!;
    expect(page.runs.every((run) => run.judgeVerdicts[0] === "fail" && !run.failedBy.some((detector) => detector.startsWith("model-judge@")))).toBe(true);
    const casePage = (await loadCaseRun(db, page.runs[0].id))!;
    expect(casePage.findings.at(-1)).toMatchObject({ verdict: "fail", evidence: "judge: VERDICT: FAIL", advisory: true });
    const evidence = await db.evidence.findMany({ where: { campaignId } });
    expect(evidence.every((item) => item.detectorsHash === detectorsHash())).toBe(true);
  });

  // Found reading the judges' rules (stop 50): with the counting floor at 0, a campaign on a real endpoint took a counted
  // local judge on the generated tiny model, so noise decided its verdicts and its evidence carried no smoke-test mark.
  test("a local judge on the generated smoke-test model may not count in a campaign answered by an endpoint, and nothing is written", async () => {
    const before = await db.campaign.count();
    const created = await createCampaign(db, rita, { ...smallCampaign, backend: complying.backend, judge: { kind: "local", mode: "counted" } });
    expect(created).toMatchObject({ ok: false, kind: "invalid" });
    expect(created.ok || created.message).toBe(
      "judge.mode: a local judge here is the generated smoke-test model, whose verdicts are noise: it may run advisory only until the model has a real checkpoint",
    );
    expect(await db.campaign.count()).toBe(before);
  });

  // The same for a judge behind `engine serve` of the tiny model, which its /v1/models says: it was called and counted.
  test("a counted judge whose endpoint serves the generated smoke-test model pauses a campaign a real model answers, saying why, and judges nothing", async () => {
    const campaignId = await runCampaign(db, {
      ...smallCampaign,
      backend: complying.backend,
      judge: { kind: "openai", target: "tiny-serve", mode: "counted" },
    });
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign.status).toBe("PAUSED");
    expect(await loadPauseReason(db, campaignId)).toMatch(/^judge serving target "tiny-serve" serves the generated smoke-test model, whose verdicts are noise/);
    expect(await db.caseRun.count({ where: { campaignId, status: "DONE" } })).toBe(0);
  });

  test("a local judge is the campaign's own engine: its prompts share the batch and leave every output as it was", async () => {
    const campaignId = await runCampaign(db, { ...smallCampaign, judge: { kind: "local" } });
    const runs = await runsByCase(db, campaignId);
    const { modelRevision } = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    for (const run of runs.values()) {
      expect(judgeFindings(run)).toEqual([
        {
          verdict: "not_applicable",
          evidence: expect.stringMatching(/^judge error: model-judge@\S+: judge gave no verdict: "/),
          detector: `model-judge@${MODEL_JUDGE_VERSION}+local:${modelRevision}`,
          advisory: true,
        },
      ]);
    }
    expectSameOutputsAndVerdictsAsWithoutJudge(runs);
  });

  test("the campaign command runs with a serving target's judge that counts, and refuses an endpoint URL or an unknown target, creating nothing", async () => {
    const campaignRun = (judge: string[]) => ["run", "--uses", "U1", "--cases-per-suite", "2", "--max-new-tokens", "4", ...judge];
    const before = await db.campaign.count();
    const [byUrl, unknown] = await runCliEach(
      "cli/campaign.ts",
      [campaignRun(["--judge", "openai", "--judge-base-url", failingJudge.baseUrl]), campaignRun(["--judge", "openai", "--judge-target", "nowhere"])],
      url,
    );
    expect(byUrl.code).toBe(2);
    expect(byUrl.stderr).toContain("Unknown option '--judge-base-url'");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('campaign: --judge-target: no serving target named "nowhere"');
    expect(await db.campaign.count()).toBe(before);

    const ran = await runCli("cli/campaign.ts", campaignRun(["--judge", "openai", "--judge-target", "strict-judge", "--judge-counts", "--json"]), url);
    const report = JSON.parse(ran.stdout);
    expect({ status: report.status, runs: report.runs, failures: report.failures }).toEqual({ status: "COMPLETED", runs: 2, failures: 2 });
    const stored = await db.campaign.findUniqueOrThrow({ where: { id: report.campaignId } });
    expect(stored.judge).toEqual([{ kind: "openai", target: "strict-judge", adapter: "rubric", mode: "counted", revision: "strict-judge-rev" }]);
  });
});
