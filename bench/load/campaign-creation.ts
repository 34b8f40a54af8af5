// Other people's requests while a reviewer creates a 50,000-run campaign: does the app stay
// responsive? A few simulated readers keep asking a running Riskledger for a cell (JSON API) and
// for the matrix page, over HTTP, while windows of two kinds interleave in one run: A, nobody
// creates anything; B, one reviewer's POST /api/campaigns writes 641 cases x 78 repeats (49,998
// runs) inside the same server process. The result is each kind's latencies and the ratio B / A.
//
//   DATABASE_URL=file:./data/load.db npx tsx bench/load/campaign-creation.ts [--url http://127.0.0.1:3000]
//     [--rounds 2] [--readers 4] [--idle-seconds 10] [--repeats 78]
//
// The app must run on that same database (next start), with the card imported and the suites
// synced, and no campaign worker (the campaigns made here are cancelled as soon as they exist).
// The campaign limits are raised to let the campaign through; the reviewer is created in the
// database first (load-creator-*@load.test, a random password that is thrown away).
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Actor } from "../../lib/auth/actor";
import { loadCampaignLimits, updateCampaignLimits } from "../../lib/campaigns/settings/campaign-limits";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { closeDb, getDb } from "../../lib/db/client";
import { createUser } from "../../lib/users/create-user";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    rounds: { type: "string", default: "2" },
    readers: { type: "string", default: "4" },
    "idle-seconds": { type: "string", default: "10" },
    repeats: { type: "string", default: "78" },
    model: { type: "string", default: "stable-beluga-2" },
  },
});
const base = values.url!;
const rounds = Number(values.rounds);
const readers = Number(values.readers);
const idleMs = Number(values["idle-seconds"]) * 1000;
const repeats = Number(values.repeats);
const slug = values.model!;
const operator: Actor = { id: null, label: "load test setup", role: "ADMIN" };
const runId = randomBytes(3).toString("hex");

type Window = "warm-up" | "A: idle" | "B: creating";
interface Sample {
  window: Window;
  request: string;
  ms: number;
}

/** The readers' two requests: a cell as JSON, and the matrix page rendered on the server. */
const requests = [
  { label: "GET cell (JSON)", path: `/api/models/${slug}/cells/R1/U1` },
  { label: "GET matrix page", path: `/models/${slug}/matrix` },
];

async function signIn(email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    // As a browser would: better-auth refuses a sign-in POST without an Origin.
    headers: { "content-type": "application/json", origin: new URL(base).origin },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in ${email}: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function person(name: string): Promise<{ cookie: string; actor: Actor }> {
  const email = `load-${name}-${runId}@load.test`;
  const password = randomBytes(18).toString("base64url");
  const created = await createUser(getDb(), operator, { email, name: `Load ${name}`, role: "REVIEWER", password });
  if (!created.ok) throw new Error(created.message);
  return { cookie: await signIn(email, password), actor: { id: created.user.id, label: `Load ${name}`, role: "REVIEWER" } };
}

/** One reader: asks in turn for each request until told to stop, recording each under the window it started in. */
async function reader(index: number, cookie: string, current: () => Window | null, samples: Sample[]) {
  for (let n = index; current() !== null; n++) {
    const window = current()!;
    const { label, path } = requests[n % requests.length];
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    samples.push({ window, request: label, ms: performance.now() - started });
  }
}

async function createBigCampaign(cookie: string): Promise<{ campaignId: string; runs: number; seconds: number }> {
  const started = performance.now();
  const response = await fetch(`${base}/api/campaigns`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: new URL(base).origin },
    body: JSON.stringify({ modelSlug: slug, repeats, sampling: { seed: 1, maxNewTokens: 4 } }),
  });
  const body = (await response.json()) as { campaignId?: string; runs?: number; message?: string };
  if (response.status !== 201) throw new Error(`POST /api/campaigns: ${response.status} ${body.message ?? JSON.stringify(body)}`);
  return { campaignId: body.campaignId!, runs: body.runs!, seconds: (performance.now() - started) / 1000 };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const db = getDb();
const limits = await loadCampaignLimits(db);
const raised = await updateCampaignLimits(db, operator, {
  ...limits,
  maxRepeats: Math.max(limits.maxRepeats, repeats),
  maxRunsPerCampaign: Math.max(limits.maxRunsPerCampaign, 50_000),
  maxQueuedRunsPerPerson: Math.max(limits.maxQueuedRunsPerPerson, 50_000),
});
if (!raised.ok) throw new Error(raised.message);
const creator = await person("creator");
const readerCookie = (await person("reader")).cookie;

const loadAtStart = loadavg()[0];
const samples: Sample[] = [];
const creations: { runs: number; seconds: number }[] = [];
// The first requests to a fresh server compile and fill its caches: they count in neither kind.
let window: Window | null = "warm-up";
const readersDone = Promise.all(Array.from({ length: readers }, (_, i) => reader(i, readerCookie, () => window, samples)));
await new Promise((resolve) => setTimeout(resolve, 5000));
const started = Date.now();
for (let round = 0; round < rounds; round++) {
  // A B, then B A: a trend over the run (a warming cache, a growing table) falls on both kinds alike.
  const order: Window[] = round % 2 === 0 ? ["A: idle", "B: creating"] : ["B: creating", "A: idle"];
  for (const next of order) {
    window = next;
    if (next === "A: idle") {
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      continue;
    }
    const created = await createBigCampaign(creator.cookie);
    creations.push(created);
    // Cancelled at once: no worker is to run it, and the creator's queue stays under its limit.
    const cancelled = await controlCampaign(db, creator.actor, { campaignId: created.campaignId, action: "cancel" });
    if (!cancelled.ok) throw new Error(cancelled.message);
  }
}
window = null;
await readersDone;
const elapsed = (Date.now() - started) / 1000;
const loadAtEnd = loadavg()[0];
await updateCampaignLimits(db, operator, limits);
await closeDb();

const of = (kind: Window, request: string) => samples.filter((s) => s.window === kind && s.request === request).map((s) => s.ms);
console.log(
  `${rounds} rounds (A B / B A), ${readers} readers, ${elapsed.toFixed(0)} s; load average ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end`,
);
console.log(`campaigns created: ${creations.map((c) => `${c.runs.toLocaleString("en")} runs in ${c.seconds.toFixed(1)} s`).join("; ")}\n`);
console.log("| request | window | requests | p50 ms | p95 ms | max ms |\n|---|---|---:|---:|---:|---:|");
for (const { label } of requests) {
  for (const kind of ["A: idle", "B: creating"] as const) {
    const ms = of(kind, label);
    console.log(`| ${label} | ${kind} | ${ms.length} | ${percentile(ms, 50).toFixed(0)} | ${percentile(ms, 95).toFixed(0)} | ${Math.max(...ms).toFixed(0)} |`);
  }
  const ratio = percentile(of("B: creating", label), 95) / percentile(of("A: idle", label), 95);
  console.log(`| ${label} | **p95 B / A** | | | **${ratio.toFixed(2)}x** | |`);
}
const creatingP95 = percentile(
  samples.filter((s) => s.window === "B: creating").map((s) => s.ms),
  95,
);
console.log(`\nTarget (issue 12): p95 < 500 ms while a 50,000-run campaign is created: ${creatingP95.toFixed(0)} ms, ${creatingP95 < 500 ? "met" : "missed"}`);
