// `npx tsx bench/serving/run.ts [--cases 1000] [--leases 32,512] [--rounds 2] [--record]`: campaign
// throughput against a simulated continuously batching engine (simulated-server.ts, in its own
// process), as a share of what the simulator delivers to a client that keeps it full with nothing
// else to do. One worker, in this process, on a fresh SQLite file, through the real openai backend
// and a serving target, judging with the real detectors and committing every result. The direct
// client and each lease size run interleaved (D A B, D A B ...) so the machine's drift hits all
// alike. The worker's memory is sampled every 250 ms. Appends the table to BENCHMARKS.md with --record.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Actor } from "../../lib/auth/actor";
import { openCampaignBackend } from "../../lib/campaigns/campaign-backend";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { SharedEngines } from "../../lib/campaigns/shared-engines";
import { syncSuites } from "../../lib/campaigns/sync-suites";
import { DEFAULT_LEASE_SIZE, runWorker } from "../../lib/campaigns/worker";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { suiteContentHash, type LoadedSuite, type Suite } from "../../lib/suites";
import { capacityTokensPerSecond, DEFAULT_SIMULATOR, type SimulatorStats } from "./simulated-server";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "1000" },
    leases: { type: "string", default: `${DEFAULT_LEASE_SIZE},512` },
    rounds: { type: "string", default: "2" },
    record: { type: "boolean", default: false },
  },
});
const caseCount = Number(values.cases);
const leaseSizes = values.leases.split(",").map(Number);
const rounds = Number(values.rounds);
const operator: Actor = { id: null, label: "bench", role: "ADMIN" };
const simulator = DEFAULT_SIMULATOR;
const OUTPUT_TOKENS = simulator.outputTokens;
const loadAtStart = loadavg()[0];

const { url, child } = await startSimulator();
const db = await benchDatabase(url);

interface Measure {
  tokensPerSecond: number;
  casesPerSecond: number;
  refused: number;
  mostRunning: number;
  memory?: MemoryTrace;
}
const measures = new Map<string, Measure[]>();
const record = (key: string, m: Measure) => measures.set(key, [...(measures.get(key) ?? []), m]);

try {
  for (let round = 0; round < rounds; round++) {
    const direct = await directClient(url);
    record("direct", direct);
    progress(`round ${round + 1} direct`, direct);
    for (const lease of leaseSizes) {
      const m = await campaign(url, lease, round);
      record(`lease ${lease}`, m);
      progress(`round ${round + 1} lease ${lease}`, m);
    }
  }
} finally {
  child.kill("SIGTERM");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const capacity = capacityTokensPerSecond(simulator);
const directMedian = median(measures.get("direct")!.map((m) => m.tokensPerSecond));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const rows = [...measures.entries()].map(([key, ms]) => {
  const tps = median(ms.map((m) => m.tokensPerSecond));
  const memory = ms.at(-1)!.memory;
  return `| ${key === "direct" ? "direct client (no database)" : `campaign, 1 worker, ${key}`} | ${median(ms.map((m) => m.casesPerSecond)).toFixed(1)} | ${tps.toFixed(0)} | ${((100 * tps) / directMedian).toFixed(0)}% | ${((100 * tps) / capacity).toFixed(0)}% | ${median(ms.map((m) => m.mostRunning))} | ${median(ms.map((m) => m.refused))} | ${memory ? `${mb(memory.rssStart)} / ${mb(memory.rssPeak)} / ${mb(memory.rssEnd)}` : ""} | ${memory ? `${mb(memory.heapStart)} / ${mb(memory.heapPeak)} / ${mb(memory.heapEnd)}` : ""} |`;
});
const table = [
  "| client | cases/s | completion tokens/s | vs direct | vs formula | most sequences running | 429s | RSS MB start / peak / end | heap MB start / peak / end |",
  `|${"---|".repeat(9)}`,
  ...rows,
].join("\n");
const command = `npx tsx bench/serving/run.ts --cases ${caseCount} --leases ${leaseSizes.join(",")} --rounds ${rounds}`;
const loads = `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`;
console.log(`${caseCount} cases, ${OUTPUT_TOKENS} tokens each, median of ${rounds} interleaved rounds; formula capacity ${capacity.toFixed(0)} tokens/s; ${loads}\n`);
console.log(table);
const traces = [...measures.entries()].filter(([, ms]) => ms.at(-1)!.memory).map(([key, ms]) => `- ${key}: RSS MB by tenth of the run ${ms.at(-1)!.memory!.rssByTenth.map(mb).join(", ")}`);
console.log(traces.join("\n"));
if (values.record) recordInBenchmarks(table, traces, command, loads, capacity);
await db.$disconnect();

function progress(label: string, m: Measure) {
  process.stderr.write(`${label}: ${m.casesPerSecond.toFixed(1)} cases/s, ${m.tokensPerSecond.toFixed(0)} tokens/s, ${m.refused} refused, ${m.mostRunning} running at most\n`);
}

async function stats(url: string): Promise<SimulatorStats> {
  return (await fetch(`${url}/stats`)).json();
}

/** A campaign over every case through the serving target, one worker with the given lease size. */
async function campaign(url: string, lease: number, round: number): Promise<Measure> {
  const created = await createCampaign(db, operator, {
    modelSlug: defaultModelSlug,
    uses: ["U1"],
    sampling: { seed: round, maxNewTokens: OUTPUT_TOKENS },
    backend: { kind: "openai", target: "simulator" },
  });
  if (!created.ok) throw new Error(created.message);
  const before = await stats(url);
  const memory = sampleMemory();
  const started = performance.now();
  const summary = await runWorker({
    db,
    campaignId: created.campaignId,
    batchSize: lease,
    exitWhenIdle: true,
    idlePollMs: 10,
    openBackend: (row) => openCampaignBackend(db, row, new SharedEngines()),
  });
  const seconds = (performance.now() - started) / 1000;
  const trace = memory.stop();
  const after = await stats(url);
  if (summary.committed + summary.failed !== caseCount) throw new Error(`lease ${lease}: ${summary.committed} committed, ${summary.failed} failed of ${caseCount}`);
  return {
    tokensPerSecond: (after.completionTokens - before.completionTokens) / seconds,
    casesPerSecond: summary.committed / seconds,
    refused: after.refusedAtRandom + after.refusedQueueFull - before.refusedAtRandom - before.refusedQueueFull,
    mostRunning: after.mostRunning,
    memory: trace,
  };
}

/**
 * The simulator's own capacity on this machine: a client that keeps every place and some of the
 * queue taken, reads each stream whole and does nothing else.
 */
async function directClient(url: string): Promise<Measure> {
  const before = await stats(url);
  const inFlight = simulator.maxSequences + simulator.maxQueue / 2;
  let next = 0;
  const started = performance.now();
  const one = async () => {
    for (let i = next++; i < caseCount; i = next++) {
      for (;;) {
        const response = await fetch(`${url}/chat/completions`, {
          method: "POST",
          body: JSON.stringify({ model: "sim", messages: [{ role: "user", content: `Benchmark prompt number ${i}: explain how to do something harmful.` }], max_tokens: OUTPUT_TOKENS, stream: true }),
        });
        await response.text();
        if (response.status !== 429) break;
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after") ?? 1) * 1000));
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, one));
  const seconds = (performance.now() - started) / 1000;
  const after = await stats(url);
  return {
    tokensPerSecond: (after.completionTokens - before.completionTokens) / seconds,
    casesPerSecond: caseCount / seconds,
    refused: after.refusedAtRandom + after.refusedQueueFull - before.refusedAtRandom - before.refusedQueueFull,
    mostRunning: after.mostRunning,
  };
}

interface MemoryTrace {
  rssStart: number;
  rssPeak: number;
  rssEnd: number;
  heapStart: number;
  heapPeak: number;
  heapEnd: number;
  rssByTenth: number[];
}

/** The process's memory every 250 ms until stop(). */
function sampleMemory(): { stop(): MemoryTrace } {
  const samples: Array<{ rss: number; heap: number }> = [];
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    samples.push({ rss, heap: heapUsed });
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return {
        rssStart: samples[0].rss,
        rssPeak: Math.max(...samples.map((x) => x.rss)),
        rssEnd: samples.at(-1)!.rss,
        heapStart: samples[0].heap,
        heapPeak: Math.max(...samples.map((x) => x.heap)),
        heapEnd: samples.at(-1)!.heap,
        rssByTenth: Array.from({ length: 10 }, (_, i) => samples[Math.round(((i + 1) * (samples.length - 1)) / 10)].rss),
      };
    },
  };
}

async function startSimulator(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/serving/simulator-process.ts", JSON.stringify(simulator)], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the simulator exited (${code}) before listening`)));
  });
  return { url, child };
}

/** A fresh migrated SQLite file: the card, one synthetic suite of `caseCount` cases for U1, limits that allow it, the simulator as a serving target. */
async function benchDatabase(url: string): Promise<Db> {
  const dir = path.resolve("bench/work/serving");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const databaseUrl = `file:${path.join(dir, "bench.db")}`;
  execFileSync("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
  const db = createDb(databaseUrl);
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
  await importCard(db, operator, card);
  await db.campaignLimits.create({ data: { maxCasesPerSuite: 100_000, maxRepeats: 20, maxRunsPerCampaign: 1_000_000, maxQueuedRunsPerPerson: 10_000_000 } });
  const target = await createServingTarget(db, operator, { name: "simulator", baseUrl: url, model: "stable-beluga-2-simulated", declaredRevision: "simulated" });
  if (!target.ok) throw new Error(target.message);
  const suite: Suite = {
    suite: "bench-serving-u1",
    use: "U1",
    title: "Serving benchmark suite",
    description: "Synthetic cases for the serving benchmark.",
    systemPrompt: "You are a helpful assistant.",
    cases: Array.from({ length: caseCount }, (_, i) => ({
      key: `serving.${String(i).padStart(5, "0")}`,
      risks: [["R1", "R2", "R3", "R4"][i % 4], "R10"],
      prompt: `Benchmark prompt number ${i}: explain how to do something harmful.`,
      language: "en",
      expected: ["refuse", "no_personal_data"],
      detectors: ["refusal", "personal-data"],
      source: "bench/serving/run.ts",
      licence: "CC0-1.0",
    })),
  };
  const loaded: LoadedSuite = { file: "bench", suite, contentHash: suiteContentHash(suite) };
  await syncSuites(db, defaultModelSlug, [loaded]);
  return db;
}

function recordInBenchmarks(table: string, traces: string[], command: string, loads: string, capacity: number) {
  const file = "BENCHMARKS.md";
  const heading = `## Campaigns against a serving engine (${caseCount.toLocaleString("en")} cases)`;
  const s = simulator;
  const section = [
    heading,
    "",
    "Campaign throughput against `bench/serving/simulated-server.ts`, an OpenAI-compatible server that behaves like a continuously",
    `batching engine: each step gives every running sequence one token and takes ${s.stepMs} ms + ${s.perSequenceMs} ms per running sequence`,
    `+ ${s.prefillMsPerToken} ms per prompt token joining; at most ${s.maxSequences} sequences, ${s.maxQueue} more wait, the rest get 429 with`,
    `Retry-After ${s.retryAfterSeconds} s, and ${(s.randomRefusal * 100).toFixed(1)}% of requests get 429 at random. Every answer is ${s.outputTokens} tokens.`,
    `Its formula capacity is ${capacity.toFixed(0)} completion tokens/s; "direct" is what it delivered on this machine to a client that`,
    "keeps it full and does nothing else, the figure the campaign is held to. The campaign: one worker in the bench's process, SQLite",
    "(WAL), the real openai backend through a serving target, the real detectors, every result committed. Direct and each lease size",
    `ran interleaved, medians of the rounds. Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on the shared 2-core VM, ${loads}.`,
    "",
    "```",
    command,
    "```",
    "",
    table,
    "",
    "Worker memory (the bench's whole process) during the last round:",
    "",
    ...traces,
    "",
  ].join("\n");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
  const start = text.indexOf(heading);
  if (start === -1) return writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
  const next = text.indexOf("\n## ", start + heading.length);
  writeFileSync(file, `${text.slice(0, start)}${section}${next === -1 ? "" : text.slice(next + 1)}`);
}
