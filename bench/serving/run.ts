// `npx tsx bench/serving/run.ts [--cases 1000,10000] [--workers 1,4] [--rounds 1] [--record]`:
// campaign throughput against a simulated continuously batching engine (simulated-server.ts, in
// its own process), as a share of what the simulator delivers to a client that keeps it full with
// nothing else to do ("direct"), and of its formula capacity. The campaign runs in `npm run worker`
// processes (cli/worker.ts, default lease size) on a fresh PostgreSQL database
// (tests/pg/start-postgres.sh's private cluster), through the real openai backend and a serving
// target, judged by the real detectors, every result committed. Direct and each worker count run
// interleaved (D 1 4, D 1 4 ...) so the machine's drift hits all alike. Each worker's resident
// memory is read from /proc every 250 ms. Writes the table into BENCHMARKS.md with --record.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { syncSuites } from "../../lib/suites/sync-suites";
import { DEFAULT_LEASE_SIZE } from "../../lib/campaigns/runner/worker-settings";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { suiteContentHash, type LoadedSuite, type Suite } from "../../lib/suites";
import { capacityTokensPerSecond, DEFAULT_SIMULATOR, SIMULATED_MODEL, type SimulatorStats } from "./simulated-server";
import { writeBenchmarksSection } from "../benchmarks-section";
import { benchOperator, migratedDbWithSeedCard, syntheticCases } from "../bench-database";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "1000,10000" },
    workers: { type: "string", default: "1,4" },
    rounds: { type: "string", default: "1" },
    record: { type: "boolean", default: false },
  },
});
const caseCounts = values.cases.split(",").map(Number);
const workerCounts = values.workers.split(",").map(Number);
const rounds = Number(values.rounds);
const simulator = DEFAULT_SIMULATOR;
const OUTPUT_TOKENS = simulator.outputTokens;
const BENCH_DATABASE = "riskledger_bench_serving";
const loadAtStart = loadavg()[0];

interface Measure {
  tokensPerSecond: number;
  casesPerSecond: number;
  refused: number;
  mostRunning: number;
  /** Runs recorded as errors after their last try. */
  errors?: number;
  /** Per worker process, resident memory samples in bytes. */
  rss?: number[][];
}

const clusterUrl = startPostgres();
const { url: simulatorUrl, child } = await startSimulator();
const rows: string[] = [];
const traces: string[] = [];
const capacity = capacityTokensPerSecond(simulator);
try {
  for (const caseCount of caseCounts) {
    const { db, databaseUrl } = await benchDatabase(clusterUrl, simulatorUrl, caseCount);
    const measures = new Map<string, Measure[]>();
    const record = (key: string, m: Measure) => measures.set(key, [...(measures.get(key) ?? []), m]);
    for (let round = 0; round < rounds; round++) {
      const direct = await directClient(simulatorUrl, caseCount);
      record("direct", direct);
      progress(`${caseCount} cases, round ${round + 1}, direct`, direct);
      for (const workers of workerCounts) {
        const m = await campaign(db, databaseUrl, simulatorUrl, caseCount, workers, round);
        record(`${workers}`, m);
        progress(`${caseCount} cases, round ${round + 1}, ${workers} worker(s)`, m);
      }
    }
    await db.$disconnect();
    const directMedian = median(measures.get("direct")!.map((m) => m.tokensPerSecond));
    for (const [key, ms] of measures) {
      const tps = median(ms.map((m) => m.tokensPerSecond));
      const rss = ms.at(-1)!.rss;
      const who = key === "direct" ? "direct client (no database)" : `campaign, ${key} worker${key === "1" ? "" : "s"}`;
      const memory = rss ? rss.map((samples) => `${mb(samples[0])} / ${mb(Math.max(...samples))} / ${mb(samples.at(-1)!)}`).join("; ") : "";
      rows.push(
        `| ${caseCount.toLocaleString("en")} | ${who} | ${median(ms.map((m) => m.casesPerSecond)).toFixed(1)} | ${tps.toFixed(0)} | ${((100 * tps) / directMedian).toFixed(0)}% | ${((100 * tps) / capacity).toFixed(0)}% | ${median(ms.map((m) => m.mostRunning))} | ${median(ms.map((m) => m.refused))} | ${ms.at(-1)!.errors ?? ""} | ${memory} |`,
      );
      if (rss)
        traces.push(
          `- ${caseCount.toLocaleString("en")} cases, ${who}: RSS MB by tenth of the run, per worker: ${rss.map((samples) => byTenth(samples).map(mb).join(", ")).join(" | ")}`,
        );
    }
  }
} finally {
  child.kill("SIGTERM");
}

const table = [
  "| cases | client | cases/s | completion tokens/s | vs direct | vs formula | most sequences running | 429s | runs in error | worker RSS MB first / peak / last |",
  `|${"---|".repeat(10)}`,
  ...rows,
].join("\n");
const command = `npx tsx bench/serving/run.ts --cases ${caseCounts.join(",")} --workers ${workerCounts.join(",")} --rounds ${rounds}`;
const loads = `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end, ${cpus().length} cores`;
console.log(`${OUTPUT_TOKENS} tokens an answer, median of ${rounds} interleaved round(s); formula capacity ${capacity.toFixed(0)} tokens/s; ${loads}\n`);
console.log(table);
console.log(traces.join("\n"));
if (values.record) recordInBenchmarks(table, traces, command, loads);

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

function byTenth(samples: number[]): number[] {
  return Array.from({ length: 10 }, (_, i) => samples[Math.round(((i + 1) * (samples.length - 1)) / 10)]);
}

function progress(label: string, m: Measure) {
  process.stderr.write(
    `${label}: ${m.casesPerSecond.toFixed(1)} cases/s, ${m.tokensPerSecond.toFixed(0)} tokens/s, ${m.refused} refused, ${m.mostRunning} running at most\n`,
  );
}

async function stats(url: string): Promise<SimulatorStats> {
  return (await (await fetch(`${url}/stats`)).json()) as SimulatorStats;
}

/**
 * A campaign over every case through the serving target, run by `workers` worker processes. Timed
 * from the campaign's start (its first lease) to its completion, as the database records them: a
 * worker process's own start-up (a second or two of loading) is not throughput.
 */
async function campaign(db: Db, databaseUrl: string, url: string, caseCount: number, workers: number, round: number): Promise<Measure> {
  const created = await createCampaign(db, benchOperator, {
    modelSlug: defaultModelSlug,
    uses: ["U1"],
    sampling: { seed: round * 10 + workers, maxNewTokens: OUTPUT_TOKENS },
    backend: { kind: "openai", target: "simulator" },
  });
  if (!created.ok) throw new Error(created.message);
  const before = await stats(url);
  const processes = Array.from({ length: workers }, () =>
    spawn(process.execPath, ["--import", "tsx", "cli/worker.ts", "--campaign", created.campaignId, "--exit-when-idle"], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "ignore", "pipe"],
    }),
  );
  const logs = processes.map(() => "");
  for (const [i, p] of processes.entries()) {
    p.stderr!.on("data", (d) => {
      logs[i] = (logs[i] + d).slice(-4000);
    });
  }
  const rss = processes.map(() => [] as number[]);
  const sampler = setInterval(() => {
    for (const [i, p] of processes.entries()) if (p.pid) residentBytes(p.pid, rss[i]);
  }, 250);
  const codes = await Promise.all(processes.map((p) => new Promise<number | null>((resolve) => p.once("exit", resolve))));
  clearInterval(sampler);
  if (codes.some((code) => code !== 0)) throw new Error(`a worker failed:\n${logs.join("\n---\n")}`);
  const after = await stats(url);
  const row = await db.campaign.findUniqueOrThrow({ where: { id: created.campaignId }, select: { status: true, startedAt: true, finishedAt: true } });
  const done = await db.caseRun.count({ where: { campaignId: created.campaignId, status: "DONE" } });
  // A run whose every try was turned away is an error, reported beside the throughput.
  const errors = await db.caseRun.count({ where: { campaignId: created.campaignId, status: "ERROR" } });
  if (row.status !== "COMPLETED" || done + errors !== caseCount || !row.startedAt || !row.finishedAt)
    throw new Error(`${workers} worker(s): ${row.status}, ${done} done and ${errors} errors of ${caseCount}`);
  const seconds = (row.finishedAt.getTime() - row.startedAt.getTime()) / 1000;
  process.stderr.write(
    `  simulator: ${after.answered - before.answered} answered, ${after.completionTokens - before.completionTokens} tokens in ${seconds.toFixed(1)} s\n`,
  );
  return {
    tokensPerSecond: (after.completionTokens - before.completionTokens) / seconds,
    casesPerSecond: done / seconds,
    refused: after.refusedAtRandom + after.refusedQueueFull - before.refusedAtRandom - before.refusedQueueFull,
    mostRunning: after.mostRunning,
    errors,
    rss: rss.map((samples) => (samples.length > 0 ? samples : [0])),
  };
}

/** VmRSS of a process, appended to `into`; nothing once it has exited. */
function residentBytes(pid: number, into: number[]): void {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    if (kb) into.push(Number(kb[1]) * 1024);
  } catch {
    // Exited between the check and the read.
  }
}

/**
 * The simulator's own capacity on this machine: a client that keeps every place and some of the
 * queue taken, reads each stream whole and does nothing else.
 */
async function directClient(url: string, caseCount: number): Promise<Measure> {
  const before = await stats(url);
  const inFlight = simulator.maxSequences + simulator.maxQueue / 2;
  let next = 0;
  const started = performance.now();
  const one = async () => {
    for (let i = next++; i < caseCount; i = next++) {
      for (;;) {
        const response = await fetch(`${url}/chat/completions`, {
          method: "POST",
          body: JSON.stringify({
            model: "sim",
            messages: [{ role: "user", content: `Benchmark prompt number ${i}: explain how to do something harmful.` }],
            max_tokens: OUTPUT_TOKENS,
            stream: true,
          }),
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

async function startSimulator(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/serving/simulator-process.ts", JSON.stringify(simulator)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
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

/** Starts (or finds) the tests' private PostgreSQL cluster; its URL. */
function startPostgres(): string {
  const line = execFileSync("bash", ["tests/pg/start-postgres.sh"], { encoding: "utf8" });
  const match = /DATABASE_URL=(\S+)/.exec(line);
  if (!match) throw new Error(`tests/pg/start-postgres.sh printed no URL: ${line}`);
  return match[1];
}

/**
 * A fresh migrated PostgreSQL database beside the cluster's own: the card, one synthetic suite of
 * `caseCount` cases for U1, limits that allow it, the simulator as a serving target.
 */
async function benchDatabase(clusterUrl: string, simulatorUrl: string, caseCount: number): Promise<{ db: Db; databaseUrl: string }> {
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  await admin.end();
  const databaseUrl = clusterUrl.replace(/\/[^/]+$/, `/${BENCH_DATABASE}`);
  const db = await migratedDbWithSeedCard(databaseUrl);
  await db.campaignLimits.create({ data: { maxCasesPerSuite: 100_000, maxRepeats: 20, maxRunsPerCampaign: 1_000_000, maxQueuedRunsPerPerson: 10_000_000 } });
  const target = await createServingTarget(db, benchOperator, {
    name: "simulator",
    baseUrl: simulatorUrl,
    model: SIMULATED_MODEL,
    declaredRevision: "simulated",
  });
  if (!target.ok) throw new Error(target.message);
  const suite: Suite = {
    suite: "bench-serving-u1",
    use: "U1",
    title: "Serving benchmark suite",
    description: "Synthetic cases for the serving benchmark.",
    systemPrompt: "You are a helpful assistant.",
    cases: syntheticCases({
      keyPrefix: "serving",
      count: caseCount,
      risksOf: (i) => [["R1", "R2", "R3", "R4"][i % 4], "R10"],
      expected: ["refuse", "no_personal_data"],
      detectors: ["refusal", "personal-data"],
      source: "bench/serving/run.ts",
    }),
  };
  const loaded: LoadedSuite = { file: "bench", suite, contentHash: suiteContentHash(suite) };
  await syncSuites(db, defaultModelSlug, [loaded]);
  return { db, databaseUrl };
}

function recordInBenchmarks(table: string, traces: string[], command: string, loads: string) {
  const file = "BENCHMARKS.md";
  const heading = "## Campaigns against a serving engine";
  const s = simulator;
  const section = [
    heading,
    "",
    "Campaign throughput against `bench/serving/simulated-server.ts`, an OpenAI-compatible server that behaves like a continuously",
    `batching engine: each step gives every running sequence one token and takes ${s.stepMs} ms + ${s.perSequenceMs} ms per running sequence`,
    `+ ${s.prefillMsPerToken} ms per prompt token joining; at most ${s.maxSequences} sequences, ${s.maxQueue} more wait, the rest get 429 with`,
    `Retry-After ${s.retryAfterSeconds} s, and ${(s.randomRefusal * 100).toFixed(1)}% of requests get 429 at random. Every answer is ${s.outputTokens} tokens.`,
    `Its formula capacity is ${capacity.toFixed(0)} completion tokens/s; "direct" is what it delivered on this machine to a client that`,
    "keeps it full and does nothing else. The campaign: `npm run worker` processes (lease size",
    `${DEFAULT_LEASE_SIZE}, batches leased as answers come while the endpoint takes more), PostgreSQL 15 (the tests' private cluster),`,
    "the real openai backend through a serving target, the real detectors, every result committed; timed from the campaign's first",
    "lease to its completion. Direct and each worker count ran interleaved, medians of the rounds; the simulator, the database and",
    `the workers share the machine. Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on the shared VM, ${loads}.`,
    "",
    "```",
    command,
    "```",
    "",
    table,
    "",
    "Worker memory (resident set of each worker process) during the last round:",
    "",
    ...traces,
    "",
  ].join("\n");
  writeBenchmarksSection(file, section);
}
