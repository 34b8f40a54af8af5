// A finished campaign of 10,256 runs (every suite's 641 cases x 16 repeats) in a database, for the
// reviewer-page bench and the README's screenshots, made in a minute or two instead of half an hour
// of the tiny model: the real worker (cli/worker.ts) runs it through the real openai backend and
// detectors against the simulated serving engine (bench/serving/simulated-server.ts), set to answer
// at once and to comply with a share of the prompts so the detectors find failures to count.
//
//   DATABASE_URL=file:./data/load.db npx tsx bench/load/evidence-campaign.ts [--repeats 16] [--comply 0.15]
//
// The database must be migrated, with the card imported and the suites synced. Prints the campaign's id.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import type { Actor } from "../../lib/auth/actor";
import { loadCampaignLimits, updateCampaignLimits } from "../../lib/campaigns/settings/campaign-limits";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { closeDb, getDb } from "../../lib/db/client";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { DEFAULT_SIMULATOR, SIMULATED_MODEL, type SimulatorSettings } from "../serving/simulated-server";

const { values } = parseArgs({
  options: {
    repeats: { type: "string", default: "16" },
    comply: { type: "string", default: "0.15" },
    model: { type: "string", default: "stable-beluga-2" },
  },
});
const repeats = Number(values.repeats);
const operator: Actor = { id: null, label: "load test setup", role: "ADMIN" };
const ANSWER_TOKENS = 12;
const simulator: SimulatorSettings = {
  ...DEFAULT_SIMULATOR,
  maxSequences: 1024,
  maxQueue: 1024,
  stepMs: 1,
  perSequenceMs: 0,
  prefillMsPerToken: 0,
  outputTokens: ANSWER_TOKENS,
  randomRefusal: 0,
  complyShare: Number(values.comply),
};

const child = spawn(process.execPath, ["--import", "tsx", "bench/serving/simulator-process.ts", JSON.stringify(simulator)], {
  stdio: ["ignore", "pipe", "inherit"],
});
try {
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the simulator exited (${code}) before listening`)));
  });
  const db = getDb();
  const limits = await loadCampaignLimits(db);
  const raised = await updateCampaignLimits(db, operator, {
    ...limits,
    maxRepeats: Math.max(limits.maxRepeats, repeats),
    maxRunsPerCampaign: Math.max(limits.maxRunsPerCampaign, 20_000),
    maxQueuedRunsPerPerson: Math.max(limits.maxQueuedRunsPerPerson, 20_000),
  });
  if (!raised.ok) throw new Error(raised.message);
  // A target of its own each time: the simulator listens on a new port.
  const target = `load-simulator-${randomBytes(3).toString("hex")}`;
  // Declared as the model's own revision, as a server of this very checkpoint would: the evidence is then current, not stale.
  const { revisionHash } = await db.model.findUniqueOrThrow({ where: { slug: values.model! }, select: { revisionHash: true } });
  const saved = await createServingTarget(db, operator, { name: target, baseUrl: url, model: SIMULATED_MODEL, declaredRevision: revisionHash ?? "simulated" });
  if (!saved.ok) throw new Error(saved.message);
  const created = await createCampaign(db, operator, {
    modelSlug: values.model!,
    name: `Load bench: every suite x ${repeats} repeats (simulated engine)`,
    repeats,
    sampling: { seed: 7, temperature: 0.7, maxNewTokens: ANSWER_TOKENS },
    backend: { kind: "openai", target },
  });
  if (!created.ok) throw new Error(created.message);
  process.stderr.write(`campaign ${created.campaignId}: ${created.runs} runs; running them\n`);
  const started = performance.now();
  const worker = spawn(process.execPath, ["--import", "tsx", "cli/worker.ts", "--campaign", created.campaignId, "--exit-when-idle"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const code = await new Promise<number | null>((resolve) => worker.once("exit", resolve));
  if (code !== 0) throw new Error(`the worker exited with ${code}`);
  const row = await db.campaign.findUniqueOrThrow({ where: { id: created.campaignId }, select: { status: true } });
  if (row.status !== "COMPLETED") throw new Error(`the campaign is ${row.status} after its worker stopped`);
  process.stderr.write(`completed in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  console.log(created.campaignId);
  await updateCampaignLimits(db, operator, limits);
} finally {
  child.kill("SIGTERM");
  await closeDb();
}
