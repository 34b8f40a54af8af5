// Outbound calls go only to serving targets an admin configured. A real HTTP server on this
// machine plays an internal service that must not be reached through a campaign, and whose error
// page holds a planted secret that no viewer may read.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { loadCaseRun } from "../../lib/campaigns/reads/load-case-run";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { createServingTarget, updateServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, rita, smallCampaign, victor } from "./campaign-fixture";

const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };
const SECRET = "PLANTED-SECRET-7f3a9c";

/** An internal service: every request gets a 500 whose body holds the secret, control characters and a long tail. */
async function startInternalService() {
  const requests: { method?: string; url?: string }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    requests.push({ method: request.method, url: request.url });
    request.resume();
    response.writeHead(500, { "content-type": "text/plain" });
    response.end(`internal error\u001b[31m token=${SECRET}\r\n${"x".repeat(2000)}`);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((closed) => server.close(closed)) };
}

const oneCase = { ...smallCampaign, uses: ["U1"], casesPerSuite: 1 };

let internal: Awaited<ReturnType<typeof startInternalService>>;
let db: Db;
beforeAll(async () => {
  internal = await startInternalService();
});
afterAll(async () => {
  await internal?.close();
});
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  internal.requests.length = 0;
});

async function addTarget(fields: Record<string, unknown>) {
  const saved = await createServingTarget(db, admin, { model: "beluga", declaredRevision: "sha-1234", ...fields });
  if (!saved.ok) throw new Error(saved.message);
  return saved.target;
}

describe("campaigns call only configured serving targets", () => {
  test.each([
    ["a backend", { backend: { kind: "openai", baseUrl: "INTERNAL/admin#", model: "x" } }, "backend.baseUrl"],
    ["a judge", { judge: { kind: "openai", baseUrl: "INTERNAL/admin#", model: "x" } }, "judge.baseUrl"],
  ])("%s given as an unlisted URL is refused with a message, creates nothing and calls nothing", async (_what, settings, path) => {
    const input = JSON.parse(JSON.stringify({ ...oneCase, ...settings }).replace("INTERNAL", internal.url));
    const result = await createCampaign(db, rita, input);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.message).toContain(`${path}: endpoint URLs are not accepted: choose a serving target by name`);
    expect(await db.campaign.count()).toBe(0);
    expect(internal.requests).toEqual([]);
  });

  test("a target name no admin configured is refused by name", async () => {
    const result = await createCampaign(db, rita, { ...oneCase, backend: { kind: "openai", target: "internal-admin" } });
    expect(result).toMatchObject({
      ok: false,
      kind: "invalid",
      message: 'backend.target: no serving target named "internal-admin": an admin configures them on the serving targets page',
    });
    expect(await db.campaign.count()).toBe(0);
  });

  test("a configured target's campaign records the revision the admin declared, and its settings name the target, not an address", async () => {
    await addTarget({ name: "beluga-vllm", baseUrl: `${internal.url}/v1` });
    const created = await createCampaign(db, rita, { ...oneCase, backend: { kind: "openai", target: "beluga-vllm" } });
    if (!created.ok) throw new Error(created.message);
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: created.campaignId } });
    expect({ backend: campaign.backend, backendConfig: campaign.backendConfig, modelRevision: campaign.modelRevision }).toEqual({
      backend: "openai",
      backendConfig: { target: "beluga-vllm" },
      modelRevision: "sha-1234",
    });
  });
});

describe("an admin's serving targets", () => {
  test.each([
    ["file:///etc/passwd", "file is not allowed: a base URL is http or https"],
    ["gopher://127.0.0.1:6379/_INFO", "gopher is not allowed: a base URL is http or https"],
    ["http://user:pw@127.0.0.1:8000/v1", "a base URL carries no user or password"],
    ["http://127.0.0.1:8000/admin#", "a base URL has no fragment (#…)"],
    ["http://127.0.0.1:8000/v1?next=/admin", "a base URL has no query (?…)"],
    ["not a url", "not a URL"],
    ["http://10.0.0.5:6000/v1", "port 6000 is one fetch refuses to call"],
    ["http://10.0.0.5:1/v1", "port 1 is one fetch refuses to call"],
  ])("refuses the base URL %s", async (baseUrl, message) => {
    const result = await createServingTarget(db, admin, { name: "t", baseUrl, model: "m", declaredRevision: "r" });
    expect(result).toMatchObject({ ok: false, kind: "invalid" });
    expect(result.ok === false && result.message).toContain(`baseUrl: ${message}`);
    expect(await db.servingTarget.count()).toBe(0);
  });

  test("only an admin adds or edits one; the key is named by its environment variable, never stored; each change is audited", async () => {
    expect(await createServingTarget(db, rita, { name: "t", baseUrl: "http://10.0.0.5:8000/v1/", model: "m", declaredRevision: "r" })).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
    const refused = await createServingTarget(db, admin, {
      name: "t",
      baseUrl: "http://10.0.0.5:8000/v1",
      model: "m",
      declaredRevision: "r",
      apiKeyEnv: "sk-live-abc123",
    });
    expect(refused.ok === false && refused.message).toContain("apiKeyEnv: the name of an environment variable");
    const target = await addTarget({ name: "t", baseUrl: "http://10.0.0.5:8000/v1/", apiKeyEnv: "BELUGA_API_KEY" });
    expect(await db.servingTarget.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({
      baseUrl: "http://10.0.0.5:8000/v1",
      apiKeyEnv: "BELUGA_API_KEY",
    });
    expect(await updateServingTarget(db, rita, { id: target.id, name: "t", baseUrl: `${internal.url}/v1`, model: "m", declaredRevision: "r" })).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
    const edited = await updateServingTarget(db, admin, { id: target.id, name: "t", baseUrl: "https://beluga.example/v1", model: "m", declaredRevision: "r2" });
    expect(edited.ok).toBe(true);
    const audit = await db.auditEvent.findMany({ where: { entityType: "ServingTarget" }, orderBy: { at: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["serving-target.create", "serving-target.edit"]);
    expect(audit[1].after).toMatchObject({ baseUrl: "https://beluga.example/v1", declaredRevision: "r2" });
  });
});

describe("what an endpoint's error shows", () => {
  test("a viewer's run page says only that the endpoint answered 500; an admin sees its words, trimmed and without control characters", async () => {
    await addTarget({ name: "internal", baseUrl: `${internal.url}/v1` });
    const created = await createCampaign(db, rita, { ...oneCase, backend: { kind: "openai", target: "internal" } });
    if (!created.ok) throw new Error(created.message);
    await startWorker({ db, campaignId: created.campaignId, exitWhenIdle: true, idlePollMs: 50, maxAttempts: 1 }).done;
    expect(internal.requests.length).toBeGreaterThan(0);
    // The worker asks which model is served (the service answers 500 there too, and the campaign goes on), then sends the case.
    expect(
      internal.requests.every(
        (request) => (request.method === "POST" && request.url === "/v1/chat/completions") || (request.method === "GET" && request.url === "/v1/models"),
      ),
    ).toBe(true);

    const run = await db.caseRun.findFirstOrThrow({ where: { campaignId: created.campaignId } });
    const forViewer = await loadCaseRun(db, run.id, victor);
    expect(forViewer!.error).toBe("the endpoint answered 500 (after 3 attempts)");
    expect(JSON.stringify(forViewer)).not.toContain(SECRET);
    expect(JSON.stringify(forViewer)).not.toContain(internal.url);

    const forAdmin = await loadCaseRun(db, run.id, admin);
    expect(forAdmin!.errorDetail).toContain(`internal error [31m token=${SECRET} xxx`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the admin's detail must hold no terminal escapes
    expect(forAdmin!.errorDetail).not.toMatch(/[\u0000-\u001f]/);
    expect(forAdmin!.errorDetail!.length).toBeLessThan(3 * 400 + 200);
  });

  test("the worker looks the target up when it calls: a campaign whose target was removed calls nothing, is paused and says why", async () => {
    await addTarget({ name: "gone-soon", baseUrl: `${internal.url}/v1` });
    const created = await createCampaign(db, rita, { ...oneCase, backend: { kind: "openai", target: "gone-soon" } });
    if (!created.ok) throw new Error(created.message);
    await db.servingTarget.delete({ where: { name: "gone-soon" } });
    await startWorker({ db, campaignId: created.campaignId, exitWhenIdle: true, idlePollMs: 50, maxAttempts: 1 }).done;
    expect(internal.requests).toEqual([]);
    const run = await db.caseRun.findFirstOrThrow({ where: { campaignId: created.campaignId } });
    expect({ status: run.status, error: run.error }).toEqual({ status: "PENDING", error: null });
    expect((await loadCampaignProgress(db, created.campaignId))!.pausedBecause).toMatch(
      /^no serving target named "gone-soon": an admin configures them on the serving targets page\. The campaign is paused/,
    );
  });
});
