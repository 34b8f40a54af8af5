// `npm run worker [-- --batch 32 --engine-batch 8 --lease-ms 30000 --campaign ID --exit-when-idle]`: one campaign
// worker against DATABASE_URL. Start as many as the machine (or the machines) can run. SIGTERM
// or Ctrl-C hands the batch in hand back to the queue before the process exits.
import { parseArgs } from "node:util";
import { closeDb } from "../lib/db/client";
import { startWorker } from "../lib/campaigns/runner/start-worker";
import { parseWorkerSettings } from "../lib/campaigns/runner/worker-settings";

const usage = "usage: worker [--batch 32] [--engine-batch 8] [--lease-ms 30000] [--campaign ID] [--exit-when-idle]";

// A malformed flag prints the usage and exits 2, not a stack trace.
const { values } = (() => {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: {
        batch: { type: "string" },
        "engine-batch": { type: "string" },
        "lease-ms": { type: "string" },
        campaign: { type: "string" },
        "exit-when-idle": { type: "boolean", default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`worker: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    process.exit(2);
  }
})();

const parsed = parseWorkerSettings(values);
if (!parsed.ok) {
  process.stderr.write(`worker: ${parsed.message}\n${usage}\n`);
  process.exit(2);
}
const { settings } = parsed;

const log = (message: string) => process.stderr.write(`${new Date().toISOString()} worker ${worker.workerId}: ${message}\n`);
const worker = startWorker({
  batchSize: settings.batch,
  engineBatch: settings["engine-batch"],
  leaseMs: settings["lease-ms"],
  campaignId: values.campaign,
  exitWhenIdle: values["exit-when-idle"],
  onLog: (message) => log(message),
});
log(
  `started (lease ${settings.batch} runs for ${settings["lease-ms"]} ms, engine batch ${settings["engine-batch"]}${values.campaign ? `, campaign ${values.campaign}` : ""})`,
);

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
