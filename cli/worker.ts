// `npm run worker [-- --batch 32 --engine-batch 8 --lease-ms 30000 --max-outage 600 --request-timeout 120 --detector-deadline 30 --campaign ID --exit-when-idle]`: one campaign
// worker against DATABASE_URL. Start as many as the machine (or the machines) can run. SIGTERM
// or Ctrl-C hands the batch in hand back to the queue before the process exits.
// The command line is checked before the worker's modules load: a refusal or --help is answered in
// a fraction of the time they take.
import { databaseProblemLine, exitOnDatabaseProblem, openDatabase } from "./database-problem";
import { parseCliArguments, USAGE_EXIT_CODE } from "./parse-cli-arguments";
import { terminalText } from "../lib/domain/terminal-text";

const usage = `usage: worker [--batch 32] [--engine-batch 8] [--lease-ms 30000] [--max-outage 600] [--request-timeout 120] [--detector-deadline 30] [--campaign ID] [--exit-when-idle]
--campaign: work on this campaign alone (an id no campaign has, or a cancelled campaign, is refused)
--max-outage: seconds a serving endpoint may stay unreachable (restarting, or not answering) before its runs fail instead of waiting (0: at once)
--request-timeout: seconds a serving endpoint may stay silent on one request, before its answer begins or between two parts of a streamed one (at most 300; a whole answer may take 30 minutes); one that sends nothing in that time and answers nothing else (GET /v1/models) either counts as unreachable, one that does answer has that request time out, and 3 cases in a row timing out with no answer between them pause the campaign
--detector-deadline: seconds the detectors may take over one output (a usual one takes milliseconds); past it they are stopped and the run's attempt fails`;

const { values } = parseCliArguments("worker", usage, {
  args: process.argv.slice(2),
  options: {
    batch: { type: "string" },
    "engine-batch": { type: "string" },
    "lease-ms": { type: "string" },
    "max-outage": { type: "string" },
    "request-timeout": { type: "string" },
    "detector-deadline": { type: "string" },
    campaign: { type: "string" },
    "exit-when-idle": { type: "boolean", default: false },
  },
});

const { parseWorkerSettings, workerCampaignProblem } = await import("../lib/campaigns/runner/worker-settings");
const parsed = parseWorkerSettings(values);
if (!parsed.ok) {
  process.stderr.write(`worker: ${parsed.message}\n${usage}\n`);
  process.exit(USAGE_EXIT_CODE);
}
const { settings } = parsed;

const db = await openDatabase("worker");
const { closeDb } = await import("../lib/db/client");
const { startWorker } = await import("../lib/campaigns/runner/start-worker");
// Checked before the worker starts: one given a campaign that cannot run would wait for ever, leasing nothing.
const campaignProblem = settings.campaign ? await workerCampaignProblem(db, settings.campaign).catch((error) => exitOnDatabaseProblem("worker", error)) : null;
if (campaignProblem) {
  process.stderr.write(`worker: --campaign: ${terminalText(campaignProblem)}\n${usage}\n`);
  await closeDb();
  process.exit(USAGE_EXIT_CODE);
}
// A message may quote an endpoint's words: each control character in it is named, not applied to the log's line.
const log = (message: string) => process.stderr.write(`${new Date().toISOString()} worker ${worker.workerId}: ${terminalText(message)}\n`);
const worker = startWorker({
  db,
  batchSize: settings.batch,
  engineBatch: settings["engine-batch"],
  leaseMs: settings["lease-ms"],
  maxOutageMs: settings["max-outage"] * 1000,
  requestTimeoutMs: settings["request-timeout"] * 1000,
  detectorDeadlineMs: settings["detector-deadline"] * 1000,
  campaignId: settings.campaign,
  exitWhenIdle: values["exit-when-idle"],
  onLog: (message) => log(message),
});
log(
  `started (lease ${settings.batch} runs for ${settings["lease-ms"]} ms, engine batch ${settings["engine-batch"]}${settings.campaign ? `, campaign ${settings.campaign}` : ""})`,
);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log(`${signal}: handing back unfinished work`);
    void worker.stop();
  });
}

try {
  const summary = await worker.done;
  log(`stopped: ${summary.committed} results written, ${summary.failed} attempts failed (retried, or errors at the last), ${summary.discarded} discarded`);
  await closeDb();
} catch (error) {
  // A database it cannot use is the operator's to fix, in one line; anything else is a bug, with its stack.
  const problem = databaseProblemLine("stopped", error);
  log(problem ?? `crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await closeDb();
  process.exit(1);
}
