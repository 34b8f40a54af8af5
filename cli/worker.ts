// `npm run worker [-- --batch 32 --engine-batch 8 --lease-ms 30000 --campaign ID --exit-when-idle]`: one campaign
// worker against DATABASE_URL. Start as many as the machine (or the machines) can run. SIGTERM
// or Ctrl-C hands the batch in hand back to the queue before the process exits.
import { parseArgs } from "node:util";
import { closeDb } from "../lib/db/client";
import { DEFAULT_ENGINE_BATCH, startWorker } from "../lib/campaigns/start-worker";
import { DEFAULT_LEASE_SIZE } from "../lib/campaigns/worker";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    batch: { type: "string", default: String(DEFAULT_LEASE_SIZE) },
    "engine-batch": { type: "string", default: String(DEFAULT_ENGINE_BATCH) },
    "lease-ms": { type: "string", default: "30000" },
    campaign: { type: "string" },
    "exit-when-idle": { type: "boolean", default: false },
  },
});

const log = (message: string) => process.stderr.write(`${new Date().toISOString()} worker ${worker.workerId}: ${message}\n`);
const worker = startWorker({
  batchSize: Number(values.batch),
  engineBatch: Number(values["engine-batch"]),
  leaseMs: Number(values["lease-ms"]),
  campaignId: values.campaign,
  exitWhenIdle: values["exit-when-idle"],
  onLog: (message) => log(message),
});
log(`started (lease ${values.batch} runs, engine batch ${values["engine-batch"]}, lease ${values["lease-ms"]} ms${values.campaign ? `, campaign ${values.campaign}` : ""})`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log(`${signal}: handing back unfinished work`);
    void worker.stop();
  });
}

try {
  const summary = await worker.done;
  log(`stopped: ${summary.committed} results written, ${summary.failed} failed, ${summary.discarded} discarded`);
  await closeDb();
} catch (error) {
  log(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await closeDb();
  process.exit(1);
}
