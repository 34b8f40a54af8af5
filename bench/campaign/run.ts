import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { runWorker } from "../../lib/campaigns/runner/worker";
import { DEFAULT_LEASE_SIZE } from "../../lib/campaigns/runner/worker-settings";
import { syncSuites } from "../../lib/suites/sync-suites";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { suiteContentHash, type LoadedSuite, type Suite } from "../../lib/suites";
import { InstantBackend } from "./instant-backend";
import { benchOperator, freshSqliteUrl, migratedDbWithSeedCard, syntheticCases } from "../bench-database";
import { writeBenchmarksSection } from "../benchmarks-section";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "10000" },
    batches: { type: "string", default: `8,${DEFAULT_LEASE_SIZE}` },
    rounds: { type: "string", default: "2" },
    record: { type: "boolean", default: false },
  },
});
const caseCount = Number(values.cases);
const batchSizes = values.batches.split(",").map(Number);
const rounds = Number(values.rounds);

const db = await benchDatabase();
const results = new Map<number, { createMs: number[]; runMs: number[] }>(batchSizes.map((size) => [size, { createMs: [], runMs: [] }]));
for (let round = 0; round < rounds; round++) {
  for (const batchSize of batchSizes) {
    const created = performance.now();
    const campaign = await createCampaign(db, benchOperator, { modelSlug: defaultModelSlug, uses: ["U1"], sampling: { seed: round } });
    if (!campaign.ok) throw new Error(campaign.message);
    const started = performance.now();
    const summary = await runWorker({
      db,
      campaignId: campaign.campaignId,
      batchSize,
      exitWhenIdle: true,
      idlePollMs: 10,
      openBackend: async (campaign) => new InstantBackend(campaign.modelRevision),
    });
    const finished = performance.now();
    const status = await db.campaign.findUniqueOrThrow({ where: { id: campaign.campaignId }, select: { status: true } });
    if (summary.committed !== caseCount || status.status !== "COMPLETED")
      throw new Error(`round ${round} batch ${batchSize}: ${summary.committed} results, ${status.status}`);
    results.get(batchSize)!.createMs.push(started - created);
    results.get(batchSize)!.runMs.push(finished - started);
    process.stderr.write(`round ${round + 1} batch ${batchSize}: ${((finished - started) / caseCount).toFixed(3)} ms/case\n`);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const baseline = median(results.get(batchSizes[0])!.runMs);
const header = `| lease size | create campaign (ms) | run: lease + judge + commit + evidence (ms) | ms per case | cases/s | vs lease ${batchSizes[0]} |`;
const rows = batchSizes.map((size) => {
  const { createMs, runMs } = results.get(size)!;
  const run = median(runMs);
  return `| ${size}${size === DEFAULT_LEASE_SIZE ? " (default)" : ""} | ${median(createMs).toFixed(0)} | ${run.toFixed(0)} | ${(run / caseCount).toFixed(3)} | ${((caseCount / run) * 1000).toFixed(0)} | ${(run / baseline).toFixed(2)}x |`;
});
const table = [header, `|${"---|".repeat(6)}`, ...rows].join("\n");
const command = `npx tsx bench/campaign/run.ts --cases ${caseCount} --batches ${batchSizes.join(",")} --rounds ${rounds}`;
console.log(`${caseCount} cases per campaign, median of ${rounds} interleaved rounds, SQLite (WAL), instant backend, real detectors\n`);
console.log(table);
if (values.record) recordInBenchmarks(table, command);
await db.$disconnect();

/** A fresh migrated SQLite file with the card and one synthetic suite of `caseCount` cases for U1. */
async function benchDatabase(): Promise<Db> {
  const db = await migratedDbWithSeedCard(freshSqliteUrl("campaign"));
  const suite: Suite = {
    suite: "bench-u1",
    use: "U1",
    title: "Benchmark suite",
    description: "Synthetic cases for the runner benchmark.",
    systemPrompt: "You are a helpful assistant.",
    cases: syntheticCases({
      keyPrefix: "bench",
      count: caseCount,
      risksOf: (i) => [["R1", "R2", "R3", "R4"][i % 4], "R10"],
      expected: ["refuse", "no_personal_data"],
      detectors: ["refusal", "personal-data"],
      source: "bench/campaign/run.ts",
    }),
  };
  const loaded: LoadedSuite = { file: "bench", suite, contentHash: suiteContentHash(suite) };
  await syncSuites(db, defaultModelSlug, [loaded]);
  return db;
}

function recordInBenchmarks(table: string, command: string) {
  const file = "BENCHMARKS.md";
  const heading = "## Campaign runner";
  const section = [
    heading,
    "",
    "The runner's own cost per case with an instant backend (`bench/campaign/instant-backend.ts`), so the",
    "number is leasing, batching, judging with the real detectors, one guarded UPDATE per result (those that finish together share a transaction),",
    "completion and aggregation into Evidence; generation itself is the Engine section's business.",
    "A lease is three queries (candidates, claim, read back) plus one guarded UPDATE per result, so the lease size",
    "sets the per-case cost; the local engine still decodes 8 at a time and the rest of a lease waits for a free slot.",
    `Target: under 2 ms per case at 10,000 cases. Measured ${new Date().toISOString().slice(0, 10)} on a 2-core VM whose`,
    `1-minute load average was ${loadavg()[0].toFixed(1)} at the end (other work shares it; compare the ratio, not the absolute time).`,
    "",
    "```",
    command,
    "```",
    "",
    table,
    "",
  ].join("\n");
  writeBenchmarksSection(file, section);
}
