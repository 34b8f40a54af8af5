// Fifty signed-in reviewers reading the pages they work from (the matrix, a 10,000-run campaign's
// page, the card preview) over HTTP against a running Riskledger: each page's p50/p95/max,
// requests/s and errors. Windows of two kinds interleave in one run (A B / B A / ...), so the
// machine's drift falls on both alike: A, every reviewer asks for the next page as soon as the last
// one arrived (a flood: the server's capacity); B, every reviewer waits 2-6 s between pages, as a
// person reading them does. Each request counts in the window it started in; the first 5 s against
// the server are a warm-up, and the first --settle-seconds of each window (the last window's queue
// draining) count in neither. With --compare-url, a second server on the same database (the same
// build served another way: one process against several, say) takes its turn in the same rounds,
// so the two are measured under the same drift: per round, first server A then B, B then A.
//
//   DATABASE_URL=file:./data/load.db RISKLEDGER_TRUSTED_PROXIES=127.0.0.1 node scripts/web-server.mjs --port 3000 &
//   DATABASE_URL=file:./data/load.db npx tsx bench/load/reviewer-pages.ts --campaign ID [--url http://127.0.0.1:3000]
//     [--label "2 processes"] [--compare-url http://127.0.0.1:3001 --compare-label "next start"]
//     [--reviewers 50] [--rounds 2] [--window-seconds 20] [--settle-seconds 5]
//
// The app must run on that same database; bench/load/evidence-campaign.ts makes the
// campaign. The reviewers are created in it first (load-page-reviewer-*@load.test, random
// passwords that are thrown away) and disabled at the end, so runs do not pile people up in the
// matrix's owner lists.
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Actor } from "../../lib/auth/actor";
import { closeDb, getDb } from "../../lib/db/client";
import { createUser } from "../../lib/users/create-user";
import { setDisabled } from "../../lib/users/set-disabled";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    label: { type: "string", default: "server" },
    "compare-url": { type: "string" },
    "compare-label": { type: "string", default: "compared server" },
    campaign: { type: "string" },
    reviewers: { type: "string", default: "50" },
    rounds: { type: "string", default: "2" },
    "window-seconds": { type: "string", default: "20" },
    "settle-seconds": { type: "string", default: "5" },
    model: { type: "string", default: "stable-beluga-2" },
  },
});
if (!values.campaign) throw new Error("--campaign ID is required (bench/load/evidence-campaign.ts prints one)");
const servers = [
  { label: values.label!, base: values.url! },
  ...(values["compare-url"] ? [{ label: values["compare-label"]!, base: values["compare-url"] }] : []),
];
const reviewers = Number(values.reviewers);
const rounds = Number(values.rounds);
const windowMs = Number(values["window-seconds"]) * 1000;
const settleMs = Number(values["settle-seconds"]) * 1000;
const slug = values.model!;
const operator: Actor = { id: null, label: "load test setup", role: "ADMIN" };
const runId = randomBytes(3).toString("hex");

type Window = "warm-up" | "settling into A" | "A: flood" | "settling into B" | "B: paced";
const paced = (window: Window | null) => window === "B: paced" || window === "settling into B";
/** Which server the reviewers are reading from, and how. */
interface Phase {
  server: number;
  window: Window;
}
interface Sample {
  server: number;
  window: Window;
  page: string;
  ms: number;
  ok: boolean;
}

const pages = [
  { label: "matrix", path: `/models/${slug}/matrix` },
  { label: "campaign", path: `/models/${slug}/campaigns/${values.campaign}` },
  { label: "card", path: `/models/${slug}/card` },
];

/**
 * Signs one reviewer in, as from a machine of their own behind the proxy the server trusts
 * (RISKLEDGER_TRUSTED_PROXIES=127.0.0.1): the per-address sign-in limit (30 a minute) is for one
 * client, not for fifty. Without that setting the limit holds, and the sign-in waits it out.
 */
async function signIn(email: string, password: string, index: number): Promise<string> {
  for (;;) {
    const { base } = servers[0];
    const response = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      // As a browser would: better-auth refuses a sign-in POST without an Origin.
      headers: { "content-type": "application/json", origin: new URL(base).origin, "x-forwarded-for": `10.0.${index >> 8}.${index & 255}` },
      body: JSON.stringify({ email, password }),
    });
    if (response.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after") ?? 5) * 1000));
      continue;
    }
    if (!response.ok) throw new Error(`sign-in ${email}: ${response.status} ${await response.text()}`);
    return response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  }
}

const createdEmails: string[] = [];

async function signedInReviewer(index: number): Promise<string> {
  const email = `load-page-reviewer-${runId}-${String(index).padStart(2, "0")}@load.test`;
  const password = randomBytes(18).toString("base64url");
  const created = await createUser(getDb(), operator, { email, name: `Load page reviewer ${index}`, role: "REVIEWER", password });
  if (!created.ok) throw new Error(created.message);
  createdEmails.push(email);
  return signIn(email, password, index);
}

/** One reviewer: the three pages in turn (starting at its own), paced in B windows, until told to stop. */
async function reviewer(index: number, cookie: string, current: () => Phase | null, samples: Sample[]) {
  for (let n = index; current() !== null; n++) {
    const { server, window } = current()!;
    const { label, path } = pages[n % pages.length];
    const started = performance.now();
    let ok = false;
    try {
      const response = await fetch(`${servers[server].base}${path}`, { headers: { cookie } });
      const body = await response.text();
      // A page that rendered is 200 and whole; the sign-in page instead would mean the session was lost.
      ok = response.status === 200 && body.includes("</html>") && !response.url.includes("/sign-in");
    } catch {
      ok = false;
    }
    samples.push({ server, window, page: label, ms: performance.now() - started, ok });
    if (paced(current()?.window ?? null)) await new Promise((resolve) => setTimeout(resolve, 2000 + Math.random() * 4000));
  }
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const cookies: string[] = [];
for (let i = 0; i < reviewers; i++) cookies.push(await signedInReviewer(i));

const loadAtStart = loadavg();
const samples: Sample[] = [];
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let phase: Phase | null = { server: 0, window: "warm-up" };
const done = Promise.all(cookies.map((cookie, i) => reviewer(i, cookie, () => phase, samples)));
for (let server = 0; server < servers.length; server++) {
  phase = { server, window: "warm-up" };
  await wait(5000);
}
const measuredSeconds = (rounds * (windowMs - settleMs)) / 1000;
for (let round = 0; round < rounds; round++) {
  const serverOrder = servers.map((_, i) => i);
  if (round % 2 === 1) serverOrder.reverse();
  for (const server of serverOrder) {
    for (const next of round % 2 === 0 ? (["A: flood", "B: paced"] as const) : (["B: paced", "A: flood"] as const)) {
      phase = { server, window: next === "A: flood" ? "settling into A" : "settling into B" };
      await wait(settleMs);
      phase = { server, window: next };
      await wait(windowMs - settleMs);
    }
  }
}
phase = null;
await done;
const loadAtEnd = loadavg();
for (const email of createdEmails) {
  const disabled = await setDisabled(getDb(), operator, { user: { email }, disabled: true });
  if (!disabled.ok) throw new Error(disabled.message);
}
await closeDb();

const fixed = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(" / ");
console.log(
  `${reviewers} reviewers, ${rounds} rounds of ${windowMs / 1000} s windows (A B / B A; the first ${settleMs / 1000} s of each not counted), ${cpus().length} cores; load average (1/5/15 min) ${fixed(loadAtStart)} at the start, ${fixed(loadAtEnd)} at the end\n`,
);
console.log("| server | page | window | requests | requests/s | p50 ms | p95 ms | max ms | errors |\n|---|---|---|---:|---:|---:|---:|---:|---:|");
for (let server = 0; server < servers.length; server++) {
  for (const kind of ["A: flood", "B: paced"] as const) {
    for (const { label } of [...pages, { label: "all" }]) {
      const of = samples.filter((s) => s.server === server && s.window === kind && (label === "all" || s.page === label));
      const ms = of.map((s) => s.ms);
      const name = label === "all" ? "**all three**" : label;
      console.log(
        `| ${servers[server].label} | ${name} | ${kind} | ${of.length} | ${(of.length / measuredSeconds).toFixed(1)} | ${percentile(ms, 50).toFixed(0)} | ${percentile(ms, 95).toFixed(0)} | ${Math.max(...ms).toFixed(0)} | ${of.filter((s) => !s.ok).length} |`,
      );
    }
  }
}
