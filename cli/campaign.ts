// `npm run campaign -- run --uses U1,U2 --repeats 1 --seed 7 [--json]`: a campaign headless, for a
// person at a terminal or a CI job. Syncs the suites, creates the campaign, works on it with an
// in-process worker (any `npm run worker` running against the same database helps), shows a
// progress bar on stderr (and, while a --target endpoint or the database is down, that it waits for it, why and since when; while a worker loads the model, that it does and since when), prints a table per cell (marked when the smoke-test model answered), and
// exits 1 when any cell fails its threshold (by the verdict the pages show: corrected for the detectors' measured accuracy where it is known).
// The command line is checked before the modules that run a campaign load (the settings' schema
// once its flags are read, the rest once the settings pass): a refusal or --help is answered in a
// fraction of the time they take.
import type { CampaignProgress } from "../lib/campaigns/reads/campaign-progress";
import {
  campaignSummary,
  cellInJson,
  databaseWaitLine,
  formatCellTable,
  modelLoadingChange,
  notTestedLine,
  pausedLine,
  renderProgressBar,
  progressLine,
  runErrorLines,
  servingOutageChange,
} from "./campaign-report";
import { defaultModelSlug } from "../lib/content/paths";
import { retryTransient } from "../lib/db/retry-transient";
import { DatabaseWaitWatch } from "../lib/db/database-wait";
import { isTransientDatabaseError } from "../lib/db/transient-database-error";
import { exitOnDatabaseProblem, openDatabase } from "./database-problem";
import { parseCliArguments, refuseUnknownCommand } from "./parse-cli-arguments";
import { judgeSettingsFromFlags, judgesFromFlags } from "./judge-flags";

/** The flag each field of the campaign's settings is typed with. */
const FLAG_OF_FIELD: Record<string, string> = {
  modelSlug: "--model",
  name: "--name",
  uses: "--uses",
  risks: "--risks",
  repeats: "--repeats",
  casesPerSuite: "--cases-per-suite",
  "sampling.seed": "--seed",
  "sampling.temperature": "--temperature",
  "sampling.maxNewTokens": "--max-new-tokens",
  backend: "--target",
  "backend.target": "--target",
  verdictRule: "--rule",
  judge: "--judge",
  judges: "--judge",
  kind: "--judge",
  target: "--judge-target",
  adapter: "--judge-adapter",
  mode: "--judge-counts",
};

/**
 * A refusal in the words of the command line: "--seed: the seed must be at least 0", not the
 * settings' "sampling.seed"; a problem of one judge of several says which --judge it follows.
 */
function refusalByFlag(issues: readonly { path: string; message: string }[]): string {
  return issues
    .map(({ path, message }) => {
      const judge = /^(judges?)\.(?:(\d+)\.?)?(\w*)$/.exec(path);
      if (judge) {
        const flag = FLAG_OF_FIELD[judge[3] || judge[1]];
        return `${flag}${judge[2] === undefined ? "" : ` (of --judge number ${Number(judge[2]) + 1})`}: ${message}`;
      }
      const flag = FLAG_OF_FIELD[path];
      return flag ? `${flag}: ${message}` : path ? `${path}: ${message}` : message;
    })
    .join("; ");
}

const EXIT = { passed: 0, cellFailed: 1, usage: 2, incomplete: 3, runErrors: 4, cellsNotTested: 5 } as const;

const usage = `usage: campaign run [--model SLUG] [--uses U1,U2] [--risks R1,R4] [--repeats N] [--seed N]
                    [--cases-per-suite N] [--temperature T] [--max-new-tokens N]
                    [--target NAME]
                    [--judge local|openai [--judge-target NAME] [--judge-adapter NAME] [--judge-counts]]...
                    [--rule any|majority|all]
                    [--batch N] [--max-outage SECONDS] [--request-timeout SECONDS] [--detector-deadline SECONDS]
                    [--name TEXT] [--top-up] [--json]
--target: a serving target an admin configured answers instead of this engine (endpoints are never given by URL)
--judge: a model judge on every case, recorded beside the detectors; --judge-counts lets its verdict count;
         give --judge again for an ensemble (the --judge-* flags after each --judge are that judge's)
--rule: a case fails when any (default), a majority or all of its counted detectors and judges fail it
--cases-per-suite: a sample of each suite: the risks asked for take turns, so that each gets its share; every --seed draws the same cases (default: every case)
--max-outage: seconds the --target endpoint may stay unreachable (restarting, or not answering) before its runs fail instead of waiting (default 600; 0: at once)
--request-timeout: seconds the --target endpoint may stay silent on one request, before its answer begins or between two parts of a streamed one (default 120, at most 300; a whole answer may take 30 minutes); one that sends nothing in that time and answers nothing else (GET /v1/models) either counts as unreachable, one that does answer has that request time out, and 3 cases in a row timing out with no answer between them pause the campaign
--detector-deadline: seconds the detectors may take over one output (default 30; a usual one takes milliseconds); past it they are stopped and the run's attempt fails
--judge-adapter: rubric (default, any chat model), llama-guard-3, harmbench-classifier, strongreject-rubric or shieldgemma
--top-up: run exactly the cases of every inconclusive or untested cell, as many times as would decide it (--uses, --risks, --repeats and --cases-per-suite are then chosen by the plan)
exit status: 0 every run answered, every cell asked for had a case and none fails its threshold, 1 a cell fails (its verdict as the pages show it: corrected for the detectors' measured accuracy where it is known), 2 bad arguments, 3 the campaign did not complete (paused by its worker: why, on stderr),
             4 runs ended in error (each reason is listed on stderr): what they would have tested is unknown,
             5 a cell asked for (--uses by --risks) has no case in the campaign (named after the table): it was not tested`;

const [command, ...rest] = process.argv.slice(2);
if (command === "--help" || command === "-h") {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (command !== "run") refuseUnknownCommand("campaign", usage, command);

const { values: flags, tokens } = parseCliArguments("campaign", usage, {
  args: rest,
  tokens: true,
  options: {
    model: { type: "string", default: defaultModelSlug },
    uses: { type: "string", default: "" },
    risks: { type: "string", default: "" },
    repeats: { type: "string", default: "1" },
    seed: { type: "string", default: "0" },
    "cases-per-suite": { type: "string" },
    temperature: { type: "string" },
    "max-new-tokens": { type: "string" },
    target: { type: "string" },
    judge: { type: "string", multiple: true },
    "judge-target": { type: "string", multiple: true },
    "judge-adapter": { type: "string", multiple: true },
    rule: { type: "string" },
    "judge-counts": { type: "boolean", multiple: true },
    batch: { type: "string" },
    "max-outage": { type: "string" },
    "request-timeout": { type: "string" },
    "detector-deadline": { type: "string" },
    name: { type: "string" },
    "top-up": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

const judgeFlags = judgesFromFlags(tokens);
if (!judgeFlags.ok) {
  process.stderr.write(`campaign: ${judgeFlags.message}\n${usage}\n`);
  process.exit(EXIT.usage);
}

const { parseWorkerSettings } = await import("../lib/campaigns/runner/worker-settings");
const workerSettings = parseWorkerSettings({
  batch: flags.batch,
  "max-outage": flags["max-outage"],
  "request-timeout": flags["request-timeout"],
  "detector-deadline": flags["detector-deadline"],
});
if (!workerSettings.ok) {
  process.stderr.write(`campaign: ${workerSettings.message}\n`);
  process.exit(EXIT.usage);
}

const settings = {
  modelSlug: flags.model,
  name: flags.name,
  uses: flags.uses,
  risks: flags.risks,
  repeats: flags.repeats,
  casesPerSuite: flags["cases-per-suite"],
  sampling: { seed: flags.seed, temperature: flags.temperature, maxNewTokens: flags["max-new-tokens"] },
  backend: flags.target === undefined ? { kind: "local" } : { kind: "openai", target: flags.target },
  verdictRule: flags.rule,
  ...judgeSettingsFromFlags(judgeFlags.judges),
};
// The settings are checked before the database is opened: a refused command writes nothing (the
// suites are synced only for a campaign that starts), and says what is wrong by its flag.
const { campaignSettingsSchema } = await import("../lib/campaigns/settings/campaign-settings");
const checked = campaignSettingsSchema.safeParse(settings);
if (!checked.success) {
  process.stderr.write(`campaign: ${refusalByFlag(checked.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })))}\n`);
  process.exit(EXIT.usage);
}

const db = await openDatabase("campaign");
const { closeDb } = await import("../lib/db/client");
const { campaignScopeProblem, createCampaign } = await import("../lib/campaigns/start/create-campaign");
const { startTopUpCampaign } = await import("../lib/campaigns/start/top-up");
const { syncNotes, syncSuiteFolder } = await import("../lib/suites/sync-suites");
const { startWorker } = await import("../lib/campaigns/runner/start-worker");
const { loadCampaignProgress } = await import("../lib/campaigns/reads/campaign-progress");
const { estimateCampaignTokens, tokenEstimateLine } = await import("../lib/campaigns/reads/token-estimate");
const { loadCampaignTokenUsage, tokenUsageLine } = await import("../lib/campaigns/reads/token-usage");
const { isSmokeTestCampaign } = await import("../lib/campaigns/reads/campaign-smoke-test");
const { loadRunErrors } = await import("../lib/campaigns/reads/run-errors");
const { aggregateCampaignCorrected } = await import("../lib/evidence/corrected-figures");
const { loadModelName } = await import("../lib/models/load-model-name");
const { cliActor } = await import("./cli-actor");
const started = Date.now();
// Codes the model lacks are refused before the suites are synced, so a refused command writes nothing.
// This first query is also where a database that cannot be used shows itself.
const scope = await campaignScopeProblem(db, flags.model, checked.data).catch((error) => exitOnDatabaseProblem("campaign", error));
if (scope) {
  process.stderr.write(`campaign: ${refusalByFlag([scope])}\n`);
  await closeDb();
  process.exit(EXIT.usage);
}
try {
  // What the sync retired or left as uploaded changes what the campaign runs: said on stderr, as progress is.
  for (const note of syncNotes(await syncSuiteFolder(db, flags.model))) process.stderr.write(`campaign: ${note}\n`);
} catch (error) {
  process.stderr.write(`campaign: ${error instanceof Error ? error.message : String(error)}\n`);
  await closeDb();
  process.exit(EXIT.usage);
}

const created = await (flags["top-up"] ? startTopUpCampaign : createCampaign)(db, cliActor(), settings);
if (!created.ok) {
  process.stderr.write(`campaign: ${"issues" in created && created.issues ? refusalByFlag(created.issues) : created.message}\n`);
  await closeDb();
  process.exit(EXIT.usage);
}
const { campaignId } = created;
process.stderr.write(`campaign ${campaignId}: ${created.runs} run${created.runs === 1 ? "" : "s"}\n`);
// Known once its runs are made: said now, so that a long campaign that cannot test a cell asked for can be stopped.
const cellsAskedNotTested = created.cellsNotTested;
if (cellsAskedNotTested.length > 0) process.stderr.write(`campaign: ${notTestedLine(cellsAskedNotTested)}\n`);
const estimate = await estimateCampaignTokens(db, campaignId);
if (estimate) process.stderr.write(`estimate: ${tokenEstimateLine(estimate)}\n`);

const tty = process.stderr.isTTY === true;
// A line of its own above the bar, which it would otherwise overwrite.
const writeLine = (line: string) => process.stderr.write(tty ? `\r${line.padEnd((process.stderr.columns ?? 80) - 1)}\n` : `${line}\n`);
// The worker and the display wait out a database that is restarting: the wait is said once, when
// it begins (since when, and why), and once when the database answers again; not a line per retry.
const databaseWatch = new DatabaseWaitWatch((change) => writeLine(databaseWaitLine(change)));
const workerStarted = Date.now();
const worker = startWorker({
  db,
  campaignId,
  databaseWatch,
  exitWhenIdle: true,
  batchSize: workerSettings.settings.batch,
  maxOutageMs: workerSettings.settings["max-outage"] * 1000,
  requestTimeoutMs: workerSettings.settings["request-timeout"] * 1000,
  detectorDeadlineMs: workerSettings.settings["detector-deadline"] * 1000,
  idlePollMs: 250,
});
process.once("SIGINT", () => {
  process.stderr.write("\ninterrupted: this worker hands its batch back; the campaign stays queued for other workers\n");
  void worker.stop();
});

let lastDecile = -1;
let lastOutage: CampaignProgress["outage"] = null;
let lastLoading: CampaignProgress["loadingModel"] = null;
const ticker = setInterval(() => void showProgress().catch(noteDatabaseAway), tty ? 200 : 1000);
function noteDatabaseAway(error: unknown) {
  if (!isTransientDatabaseError(error)) throw error;
  databaseWatch.failed(error);
}
// The watch says the wait once: no line per retry.
const retrying = <T>(what: string, read: () => Promise<T>) => retryTransient(read, { what, log: () => {}, watch: databaseWatch });
async function showProgress() {
  const progress = await loadCampaignProgress(db, campaignId);
  databaseWatch.answered();
  if (!progress) return;
  // The bar stands still while the endpoint is down: a line of its own says why.
  const outageChange = servingOutageChange(lastOutage, progress, new Date());
  lastOutage = progress.outage;
  if (outageChange) writeLine(outageChange);
  // A model's load holds the bar still for minutes on a real checkpoint: a line says so, and when it ends.
  const loadingChange = modelLoadingChange(lastLoading, progress);
  lastLoading = progress.loadingModel;
  if (loadingChange) writeLine(loadingChange);
  if (tty) {
    process.stderr.write(`\r${renderProgressBar(progress, process.stderr.columns ?? 80)}`);
    return;
  }
  // A log file gets a line every tenth, not a carriage-return animation.
  const decile = progress.total > 0 ? Math.floor(((progress.done + progress.errors) / progress.total) * 10) : 0;
  if (decile !== lastDecile) {
    lastDecile = decile;
    process.stderr.write(`${progressLine(progress)}\n`);
  }
}

const workerSummary = await worker.done;
// The worker's time less its opening of the campaign (the model's load): the time it spent generating and judging.
const loadSeconds = workerSummary.openingMs / 1000;
const generationSeconds = (Date.now() - workerStarted) / 1000 - loadSeconds;
clearInterval(ticker);
await retrying("reading the campaign's progress", showProgress);
if (tty) process.stderr.write("\n");

const progress = (await retrying("reading the campaign's progress", () => loadCampaignProgress(db, campaignId)))!;
// Each cell's verdict is the one the campaign's page and the matrix show: corrected for the detectors' measured accuracy where it is known.
const cells = await retrying("reading the campaign's cells", () => aggregateCampaignCorrected(db, campaignId));
const tokenUsage = await retrying("reading the campaign's token usage", () => loadCampaignTokenUsage(db, campaignId));
const smokeTest = await retrying("reading the campaign's model", () => isSmokeTestCampaign(db, campaignId));
const wallSeconds = (Date.now() - started) / 1000;
const failedCells = cells.filter((cell) => cell.verdict === "fail");
const runErrors = await retrying("reading the campaign's run errors", () => loadRunErrors(db, campaignId, cliActor()));
// A run in error tested nothing, nor did a cell asked for that no case tests: a gate must not pass on what it never asked the model.
const exitCode =
  progress.status !== "COMPLETED"
    ? EXIT.incomplete
    : failedCells.length > 0
      ? EXIT.cellFailed
      : progress.errors > 0
        ? EXIT.runErrors
        : cellsAskedNotTested.length > 0
          ? EXIT.cellsNotTested
          : EXIT.passed;
if (progress.errors > 0) process.stderr.write(`${runErrorLines(progress.errors, runErrors)}\n`);
if (progress.pausedBecause) process.stderr.write(`${pausedLine(progress.pausedBecause)}\n`);

if (flags.json) {
  const finished = progress.done + progress.errors;
  process.stdout.write(
    `${JSON.stringify(
      {
        campaignId,
        status: progress.status,
        runs: progress.total,
        done: progress.done,
        errors: progress.errors,
        notRun: progress.notRun,
        passes: progress.passes,
        failures: progress.failures,
        wallSeconds,
        loadSeconds,
        generationSeconds,
        casesPerSecond: generationSeconds > 0 ? finished / generationSeconds : null,
        tokens: tokenUsage,
        smokeTestModel: smokeTest,
        cells: cells.map((cell) => ({ ...cell, smokeTest })),
        failedCells: failedCells.map(cellInJson),
        cellsAskedNotTested: cellsAskedNotTested.map(cellInJson),
        runErrors,
        pausedBecause: progress.pausedBecause,
        loadingModel: progress.loadingModel,
        exitCode,
      },
      null,
      2,
    )}\n`,
  );
} else {
  const modelName = (await retrying("reading the model's name", () => loadModelName(db, flags.model))) ?? flags.model;
  process.stdout.write(`${formatCellTable(cells, smokeTest)}\n`);
  if (cellsAskedNotTested.length > 0) process.stdout.write(`${notTestedLine(cellsAskedNotTested)}\n`);
  process.stdout.write(`\n${campaignSummary({ progress, wallSeconds, cells: cells.length, failedCells: failedCells.length, smokeTest, modelName })}\n`);
  if (tokenUsage) process.stdout.write(`tokens: ${tokenUsageLine(tokenUsage)}\n`);
}
await closeDb();
process.exit(exitCode);
