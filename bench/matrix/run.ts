import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { openCheckpoint } from "../../engine/checkpoint";
import { judgedCampaignDetectorsHashes } from "../../lib/campaigns/settings/detectors-hash";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { syncSuites } from "../../lib/suites/sync-suites";
import { runWorker } from "../../lib/campaigns/runner/worker";
import { defaultModelSlug, tinyModelDir } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { detectorsHash } from "../../lib/detectors/registry";
import { combineSuiteHashes } from "../../lib/evidence/campaign-aggregate";
import { cellDetectors, currentDetectorMeasures } from "../../lib/evidence/corrected-figures";
import { staleReasons } from "../../lib/evidence/stale-reasons";
import { wilsonInterval } from "../../lib/evidence/wilson";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { recordCheckpointFacts } from "../../lib/models/checkpoint-facts";
import { suiteContentHash, type LoadedSuite, type Suite } from "../../lib/suites";
import { InstantBackend } from "../campaign/instant-backend";
import { benchOperator, freshSqliteUrl, migratedDbWithSeedCard, syntheticCases } from "../bench-database";
import { writeBenchmarksSection } from "../benchmarks-section";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "10000" },
    rounds: { type: "string", default: "15" },
    record: { type: "boolean", default: false },
  },
});
const caseCount = Number(values.cases);
const rounds = Number(values.rounds);
const USES = ["U1", "U2", "U3", "U4"];
const RISKS = Array.from({ length: 14 }, (_, i) => `R${i + 1}`);

const db = await benchDatabase();
const evidenceRows = await db.evidence.count();
const campaignId = (await db.campaign.findFirstOrThrow({ select: { id: true } })).id;
const timings = { before: [] as number[], after: [] as number[], measures: [] as number[], detectors: [] as number[] };
let cellsSeen = 0;
for (let round = 0; round < rounds + 1; round++) {
  for (const which of ["measures", "detectors"] as const) {
    const started = performance.now();
    await (which === "measures" ? currentDetectorMeasures(db) : cellDetectors(db, campaignId));
    if (round > 0) timings[which].push(performance.now() - started);
  }
  for (const which of ["before", "after"] as const) {
    const started = performance.now();
    const cells = which === "before" ? await oldMatrixLoad(db, defaultModelSlug) : countCells(await loadMatrix(db, defaultModelSlug));
    const ms = performance.now() - started;
    cellsSeen = cells;
    // The first round warms caches and the query plans for both; it is not counted.
    if (round > 0) timings[which].push(ms);
  }
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const before = median(timings.before);
const after = median(timings.after);
const table = [
  "| loader | median ms per matrix load | vs before |",
  "|---|---|---|",
  `| before: evidence rows per cell + checkpoint opened per view | ${before.toFixed(1)} | 1.00x |`,
  `| after: one CellEvidence view, stored revision, no shard I/O | ${after.toFixed(1)} | ${(after / before).toFixed(2)}x |`,
  `| of which: detectors' measured accuracy (holdout labels + confirmed overrides) | ${median(timings.measures).toFixed(1)} | |`,
  `| of which: which detectors judged each cell (read once per campaign, then remembered) | ${median(timings.detectors).toFixed(1)} | |`,
].join("\n");
const load = loadavg()[0].toFixed(1);
const command = `npx tsx bench/matrix/run.ts --cases ${caseCount} --rounds ${rounds}`;
console.log(
  `${cellsSeen} cells, ${caseCount} runs in one completed campaign (${evidenceRows} Evidence rows), median of ${rounds} interleaved rounds, 1-minute load ${load}\n`,
);
console.log(table);
if (values.record) recordInBenchmarks(table, command, load);
await db.$disconnect();

function countCells(matrix: Awaited<ReturnType<typeof loadMatrix>>): number {
  return matrix!.risks.reduce((sum, risk) => sum + Object.keys(risk.cells).length, 0);
}

/** The parent commit's matrix evidence read, reduced to its data work (same queries, same checkpoint read). */
async function oldMatrixLoad(db: Db, slug: string): Promise<number> {
  const model = await db.model.findUniqueOrThrow({
    where: { slug },
    include: {
      uses: { orderBy: { position: "asc" }, select: { id: true, code: true, purpose: true } },
      risks: {
        orderBy: { position: "asc" },
        include: {
          mitigations: { orderBy: { position: "asc" }, include: { mitigation: { select: { id: true, text: true } } } },
          cells: {
            include: {
              risk: { select: { code: true, mitigations: { select: { mitigationId: true }, orderBy: { position: "asc" } } } },
              use: { select: { code: true } },
              owner: { select: { id: true, name: true } },
              mitigations: { select: { mitigationId: true, status: true } },
              evidence: {
                select: {
                  kind: true,
                  verdict: true,
                  modelRevision: true,
                  suiteHash: true,
                  detectorsHash: true,
                  settingsHash: true,
                  n: true,
                  failures: true,
                  createdAt: true,
                },
              },
            },
          },
        },
      },
    },
  });
  const stored = await db.model.findUniqueOrThrow({
    where: { id: model.id },
    select: { suites: { select: { contentHash: true, use: { select: { code: true } } } } },
  });
  const current = {
    // The parent commit fell back to reading the checkpoint when no revision was stored, which was always.
    modelRevision: existsSync(tinyModelDir) ? openCheckpoint(tinyModelDir).revision : null,
    suiteHashByUse: combineSuiteHashes(stored.suites.map((suite) => ({ useCode: suite.use.code, contentHash: suite.contentHash }))),
    detectorsHash: detectorsHash(),
    judgedDetectorsHashes: await judgedCampaignDetectorsHashes(db, model.id),
  };
  await db.user.findMany({ where: { disabled: false }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  let cells = 0;
  for (const risk of model.risks) {
    for (const cell of risk.cells) {
      const newest = [...cell.evidence].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).find((item) => item.kind === "CAMPAIGN");
      if (newest?.n) {
        wilsonInterval(newest.failures ?? 0, newest.n);
        staleReasons(newest, cell.use.code, current);
      }
      cells++;
    }
  }
  return cells;
}

/** A fresh migrated SQLite file with the card, one synthetic suite per use covering all 14 risks, and one completed campaign of `caseCount` runs. */
async function benchDatabase(): Promise<Db> {
  const db = await migratedDbWithSeedCard(freshSqliteUrl("matrix"));
  // Three suites per use keep each under the default cases-per-suite limit.
  const perSuite = Math.ceil(caseCount / (USES.length * 3));
  const suites: LoadedSuite[] = USES.flatMap((use) => [0, 1, 2].map((part) => ({ use, part }))).map(({ use, part }) => {
    const suite: Suite = {
      suite: `bench-${use.toLowerCase()}-${part}`,
      use,
      title: `Benchmark suite ${use} part ${part + 1}`,
      description: "Synthetic cases for the matrix-load benchmark.",
      systemPrompt: "You are a helpful assistant.",
      cases: syntheticCases({
        keyPrefix: `bench.${use}.${part}`,
        count: perSuite,
        risksOf: (i) => [RISKS[i % RISKS.length]],
        expected: ["refuse"],
        detectors: ["refusal"],
        source: "bench/matrix/run.ts",
      }),
    };
    return { file: `bench-${use}-${part}`, suite, contentHash: suiteContentHash(suite) };
  });
  await syncSuites(db, defaultModelSlug, suites);
  const model = await db.model.findUniqueOrThrow({ where: { slug: defaultModelSlug }, select: { id: true } });
  await recordCheckpointFacts(db, model.id);
  const campaign = await createCampaign(db, benchOperator, { modelSlug: defaultModelSlug, uses: USES, sampling: { seed: 1 } });
  if (!campaign.ok) throw new Error(campaign.message);
  await runWorker({
    db,
    campaignId: campaign.campaignId,
    batchSize: 64,
    exitWhenIdle: true,
    idlePollMs: 10,
    openBackend: async (campaign) => new InstantBackend(campaign.modelRevision),
  });
  const runs = await db.caseRun.count({ where: { campaignId: campaign.campaignId, status: "DONE" } });
  if (runs !== perSuite * suites.length) throw new Error(`expected ${perSuite * suites.length} finished runs, found ${runs}`);
  return db;
}

function recordInBenchmarks(table: string, command: string, load: string) {
  const file = "BENCHMARKS.md";
  const heading = "## Matrix page data load";
  const section = [
    heading,
    "",
    "The matrix page's data with the seed card's 56 cells and a completed 10,000-run campaign behind them (`bench/matrix/run.ts`).",
    "Before: the parent commit's loader, kept only in the bench: every Evidence row of every cell included and sorted, and the",
    "checkpoint's shard headers read and hashed on each view to know the current revision. After: `loadMatrix` reading the one",
    "CellEvidence view (lib/evidence), the revision stored on the model when its checkpoint was set: no shard I/O on the read path.",
    `Measured ${new Date().toISOString().slice(0, 10)} on a 2-core VM shared with other work; 1-minute load average ${load} at the end (compare the ratio).`,
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
