// A campaign as terminal text: the progress bar the CLI redraws on stderr, the line it logs when
// stderr is a file, the lines it writes when the serving endpoint or the database goes away or comes back, and the
// summary table per cell with its closing summary. Figures the generated
// smoke-test model made are marked on every row and explained in the summary, as in the card export.
import type { CorrectedCellAggregate } from "../lib/evidence/corrected-figures";
import type { CampaignProgress } from "../lib/campaigns/reads/campaign-progress";
import type { RunErrorReason } from "../lib/campaigns/reads/run-errors";
import { clockTime, servingOutageSentence, type ServingOutage } from "../lib/campaigns/reads/serving-outage-text";
import type { DatabaseWaitChange } from "../lib/db/database-wait";
import { SMOKE_TEST_MODEL, smokeTestMeaning } from "../lib/matrix/evidence-status";
import { terminalText } from "../lib/domain/terminal-text";
import { modelLoadingSentence, type ModelLoading } from "../lib/campaigns/runner/model-loading";

export function progressLine(progress: CampaignProgress): string {
  const finished = progress.done + progress.errors;
  const percent = progress.total > 0 ? Math.floor((finished / progress.total) * 100) : 0;
  // While a model loads no run moves: the bar says why rather than show no rate.
  const rate = progress.loadingModel
    ? `loading the model since ${clockTime(progress.loadingModel.since)}`
    : progress.casesPerSecond
      ? `${progress.casesPerSecond.toFixed(1)} cases/s`
      : "-- cases/s";
  const eta = progress.etaSeconds !== null ? `ETA ${formatDuration(progress.etaSeconds)}` : "";
  const notRun = progress.notRun > 0 ? ` · ${progress.notRun} not run (cancelled)` : "";
  return `${finished}/${progress.total} ${percent}% · ${progress.failures} fail · ${progress.errors} error${notRun} · ${rate} ${eta}`.trim();
}

/**
 * What to tell a person watching when the campaign's outage changed since they were last told
 * (`previous`): the outage and why, or that the endpoint answers again; null when nothing changed.
 */
export function servingOutageChange(previous: ServingOutage | null, progress: Pick<CampaignProgress, "status" | "outage">, now: Date): string | null {
  const { outage } = progress;
  if (outage) return previous?.since === outage.since && previous.reason === outage.reason ? null : terminalText(servingOutageSentence(outage, now));
  // Cleared by the campaign ending is not an answer.
  const running = progress.status === "RUNNING" || progress.status === "QUEUED";
  return previous && running ? `serving target ${previous.target} answers again` : null;
}

/** What to tell a person watching when a worker began or ended loading the campaign's model since they were last told; null when nothing changed. */
export function modelLoadingChange(previous: ModelLoading | null, progress: Pick<CampaignProgress, "loadingModel">): string | null {
  const { loadingModel } = progress;
  if (loadingModel) return previous?.since === loadingModel.since && previous.worker === loadingModel.worker ? null : modelLoadingSentence(loadingModel);
  return previous ? "the model is loaded; the campaign runs" : null;
}

/** The line for a change in whether the database answers: that the campaign waits for it and since when, or that it goes on. */
export function databaseWaitLine(change: DatabaseWaitChange): string {
  if ("waiting" in change) {
    const { reason, since } = change.waiting;
    return `Waiting for the database: ${reason.replace(/\.$/, "")}. Not answering since ${clockTime(since.toISOString())}; the campaign goes on when it answers.`;
  }
  const seconds = Math.round((change.at.getTime() - change.answered.since.getTime()) / 1000);
  return `the database answers again after ${seconds} s; the campaign goes on`;
}

/** One line that fits `columns`: a bar, then progressLine. */
export function renderProgressBar(progress: CampaignProgress, columns: number): string {
  const text = ` ${progressLine(progress)}`;
  const width = Math.max(10, Math.min(40, columns - text.length - 3));
  const finished = progress.done + progress.errors;
  const filled = progress.total > 0 ? Math.round((finished / progress.total) * width) : 0;
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}]${text}`.slice(0, columns - 1).padEnd(columns - 1);
}

type CellCodes = { riskCode: string; useCode: string };

/** A cell as the command's table spells it ("R1 x U1"), and as its JSON does ("R1xU1"). */
const cellInTerminal = (cell: CellCodes) => `${cell.riskCode} x ${cell.useCode}`;
export const cellInJson = (cell: CellCodes) => `${cell.riskCode}x${cell.useCode}`;

/**
 * `smokeTest`: the campaign's answers came from the generated tiny model (isSmokeTestCampaign). The
 * verdict is read from the corrected interval beside the raw one, as the pages read it; "unknown"
 * where the detectors' accuracy is not measured, and the verdict is the raw interval's.
 */
export function formatCellTable(cells: CorrectedCellAggregate[], smokeTest: boolean): string {
  const header = ["cell", "n", "fail", "rate", "95% interval", "corrected 95%", "threshold", "min n", "overrides", "errors", "verdict"];
  const rows = cells.map((cell) => [
    cellInTerminal(cell),
    String(cell.n),
    String(cell.failures),
    cell.rate === null ? "-" : percent(cell.rate),
    `${percent(cell.intervalLow)}–${percent(cell.intervalHigh)}`,
    cell.correctedLow === null || cell.correctedHigh === null ? "unknown" : `${percent(cell.correctedLow)}–${percent(cell.correctedHigh)}`,
    percent(cell.failureThreshold),
    String(cell.minSampleSize),
    String(cell.overrides),
    String(cell.errors),
    smokeTest ? `${cell.verdict.toUpperCase()} (${SMOKE_TEST_MODEL})` : cell.verdict.toUpperCase(),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  // The last column, left-aligned, is not padded: a line ends with its text, never with spaces.
  const line = (row: string[]) =>
    row.map((text, column) => (column === row.length - 1 ? text : column === 0 ? text.padEnd(widths[column]) : text.padStart(widths[column]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The cells asked for that no case of the campaign tests: after the table, which lists only the cells it measured. */
export function notTestedLine(cells: CellCodes[]): string {
  return `asked for, and no case of this campaign tests them: ${cells.map(cellInTerminal).join(", ")}`;
}

export interface CampaignSummary {
  progress: Pick<CampaignProgress, "status" | "done" | "errors" | "notRun">;
  wallSeconds: number;
  cells: number;
  failedCells: number;
  smokeTest: boolean;
  modelName: string;
}

/** The lines after the table: how the run ended, and whose answers the figures are not when the smoke-test model gave them. */
export function campaignSummary({ progress, wallSeconds, cells, failedCells, smokeTest, modelName }: CampaignSummary): string {
  const ended =
    `${progress.status.toLowerCase()}: ${progress.done} judged, ${progress.errors} errors` +
    `${progress.notRun > 0 ? `, ${progress.notRun} not run (the campaign was cancelled)` : ""} in ${wallSeconds.toFixed(1)} s; ` +
    `${cells} cells, ${failedCells} failing their threshold`;
  return smokeTest ? `${ended}\nSmoke test only. ${smokeTestMeaning(terminalText(modelName))}` : ended;
}

/** "N runs ended in error:" and a line per reason, with one run's detail where the reader may see it. */
export function runErrorLines(errors: number, reasons: RunErrorReason[]): string {
  const lines = reasons.map((reason) => `  ${reason.runs} x ${terminalText(`${reason.error}${reason.detail ? `: ${reason.detail}` : ""}`)}`);
  return [`${errors} run${errors === 1 ? "" : "s"} ended in error:`, ...lines].join("\n");
}

/**
 * Why a worker paused the campaign. The reason quotes an endpoint's words (the model it serves), so
 * each control character in it is named, as the pages name bidirectional controls, not applied to the terminal's line.
 */
export function pausedLine(reason: string): string {
  return `paused: ${terminalText(reason)}`;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
