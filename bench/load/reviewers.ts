// Concurrent reviewers: N simulated reviewers edit a few overlapping cells for a while over HTTP
// against a running Riskledger, each reading the cell and saving a change with the version it
// read. Then it checks, straight from the database, that every accepted edit is in the audit log
// exactly once, every rejected one got 409, and no update was lost.
//
//   DATABASE_URL=file:./data/load.db npx tsx bench/load/reviewers.ts [--url http://127.0.0.1:3000]
//     [--reviewers 20] [--seconds 30] [--cells 4]
//
// The app must run on that same database (next start). The reviewers are created in it first
// (load-reviewer-NN@load.test, random passwords that are thrown away).
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { closeDb, getDb } from "../../lib/db/client";
import { createUser } from "../../lib/users/create-user";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    reviewers: { type: "string", default: "20" },
    seconds: { type: "string", default: "30" },
    cells: { type: "string", default: "4" },
    model: { type: "string", default: "stable-beluga-2" },
  },
});
const base = values.url!;
const reviewers = Number(values.reviewers);
const seconds = Number(values.seconds);
const slug = values.model!;
const cells = Array.from({ length: Number(values.cells) }, (_, i) => ({ risk: `R${i + 1}`, use: "U1" }));
const operator = { id: null, label: "load test setup", role: "ADMIN" as const };
const runId = randomBytes(3).toString("hex");

interface Attempt {
  reviewer: number;
  cell: string;
  token: string;
  status: number;
  ms: number;
  version?: number;
}

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

async function people(): Promise<string[]> {
  const db = getDb();
  const cookies: string[] = [];
  for (let i = 0; i < reviewers; i++) {
    const email = `load-reviewer-${runId}-${String(i).padStart(2, "0")}@load.test`;
    const password = randomBytes(18).toString("base64url");
    const created = await createUser(db, operator, { email, name: `Load reviewer ${i}`, role: "REVIEWER", password });
    if (!created.ok) throw new Error(created.message);
    cookies.push(await signIn(email, password));
  }
  return cookies;
}

async function reviewer(index: number, cookie: string, until: number, attempts: Attempt[], reads: number[]) {
  let n = 0;
  while (Date.now() < until) {
    const cell = cells[(index + n) % cells.length];
    const path = `${base}/api/models/${slug}/cells/${cell.risk}/${cell.use}`;
    const readStart = performance.now();
    const read = await fetch(path, { headers: { cookie } });
    reads.push(performance.now() - readStart);
    if (!read.ok) throw new Error(`GET ${path}: ${read.status}`);
    const { cell: current } = (await read.json()) as { cell: { version: number } };
    const token = `load ${runId} reviewer ${index} edit ${n++}`;
    const start = performance.now();
    const response = await fetch(path, {
      method: "PATCH",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ expectedVersion: current.version, changes: { rationale: token } }),
    });
    const ms = performance.now() - start;
    const body = (await response.json()) as { cell?: { version: number }; kind?: string };
    if (response.status !== 200 && response.status !== 409) throw new Error(`PATCH ${path}: ${response.status} ${JSON.stringify(body)}`);
    attempts.push({ reviewer: index, cell: `${cell.risk}×${cell.use}`, token, status: response.status, ms, version: body.cell?.version });
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Every check the issue asks for, from the database the app wrote to. */
async function verify(attempts: Attempt[], startVersions: Map<string, number>) {
  const db = getDb();
  const problems: string[] = [];
  const events = await db.auditEvent.findMany({ where: { action: "cell.update", actorLabel: { contains: `load-reviewer-${runId}` } } });
  const eventsByToken = new Map<string, number>();
  for (const event of events) {
    const rationale = (event.after as { rationale?: string } | null)?.rationale;
    if (rationale) eventsByToken.set(rationale, (eventsByToken.get(rationale) ?? 0) + 1);
  }
  for (const attempt of attempts) {
    const count = eventsByToken.get(attempt.token) ?? 0;
    if (attempt.status === 200 && count !== 1) problems.push(`accepted "${attempt.token}" is in the audit log ${count} times`);
    if (attempt.status === 409 && count !== 0) problems.push(`rejected "${attempt.token}" is in the audit log`);
  }
  for (const { risk, use } of cells) {
    const key = `${risk}×${use}`;
    const accepted = attempts.filter((a) => a.cell === key && a.status === 200).sort((a, b) => a.version! - b.version!);
    const stored = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
    const versions = accepted.map((a) => a.version!);
    const expected = Array.from({ length: accepted.length }, (_, i) => startVersions.get(key)! + i + 1);
    if (JSON.stringify(versions) !== JSON.stringify(expected)) problems.push(`${key}: accepted versions ${versions.join(",")} are not one unbroken chain`);
    if (stored.version !== startVersions.get(key)! + accepted.length)
      problems.push(`${key}: version ${stored.version} after ${accepted.length} accepted edits`);
    const last = accepted.at(-1);
    if (last && stored.rationale !== last.token) problems.push(`${key}: stored rationale is not the last accepted edit (lost update)`);
  }
  return problems;
}

const cookies = await people();
const db = getDb();
const startVersions = new Map<string, number>();
for (const { risk, use } of cells) {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
  startVersions.set(`${risk}×${use}`, cell.version);
}

const attempts: Attempt[] = [];
const reads: number[] = [];
const started = Date.now();
await Promise.all(cookies.map((cookie, i) => reviewer(i, cookie, started + seconds * 1000, attempts, reads)));
const elapsed = (Date.now() - started) / 1000;

const accepted = attempts.filter((a) => a.status === 200).length;
const rejected = attempts.filter((a) => a.status === 409).length;
const problems = await verify(attempts, startVersions);
await closeDb();

const row = (label: string, value: string) => console.log(`| ${label} | ${value} |`);
console.log(`| measure | value |\n|---|---|`);
row("reviewers x cells", `${reviewers} x ${cells.length} (overlapping)`);
row("duration", `${elapsed.toFixed(1)} s`);
row("edits (PATCH)", `${attempts.length}: ${accepted} accepted (200), ${rejected} conflicts (409)`);
row("edit requests/second", (attempts.length / elapsed).toFixed(1));
row(
  "edit latency p50 / p95",
  `${percentile(
    attempts.map((a) => a.ms),
    50,
  ).toFixed(1)} / ${percentile(
    attempts.map((a) => a.ms),
    95,
  ).toFixed(1)} ms`,
);
row("reads (GET) requests/second", (reads.length / elapsed).toFixed(1));
row("read latency p95", `${percentile(reads, 95).toFixed(1)} ms`);
row("accepted edits in the audit log exactly once", problems.some((p) => p.includes("times")) ? "NO" : "yes");
row("lost updates", problems.some((p) => p.includes("lost") || p.includes("chain") || p.includes("version")) ? "YES" : "none");
if (problems.length > 0) {
  console.error(problems.slice(0, 20).join("\n"));
  process.exit(1);
}
