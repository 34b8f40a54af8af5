// `npm run worker [-- --batch 8 --lease-ms 30000 --campaign ID --exit-when-idle]`: one campaign
// worker against DATABASE_URL. Start as many as the machine (or the machines) can run. SIGTERM
// or Ctrl-C hands the batch in hand back to the queue before the process exits.
import { parseArgs } from "node:util";
import { closeDb } from "../lib/db/client";
import { startWorker } from "../lib/campaigns/start-worker";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    batch: { type: "string", default: "8" },
    "lease-ms": { type: "string", default: "30000" },
    campaign: { type: "string" },
    "exit-when-idle": { type: "boolean", default: false },
  },
});

const log = (message: string) => process.stderr.write(`${new Date().toISOString()} worker ${worker.workerId}: ${message}\n`);
const worker = startWorker({
  batchSize: Number(values.batch),
  leaseMs: Number(values["lease-ms"]),
  campaignId: values.campaign,
  exitWhenIdle: values["exit-when-idle"],
  onLog: (message) => log(message),
});
log(`started (batch ${values.batch}, lease ${values["lease-ms"]} ms${values.campaign ? `, campaign ${values.campaign}` : ""})`);

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
