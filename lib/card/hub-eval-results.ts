// The card's campaign evidence as the Hugging Face Hub reads evaluation results, in its two forms:
//
//   - `model-index` in the card's front matter, read by huggingface_hub's
//     model_index_to_eval_results (repocard_data.py). Per tested cell one result: the model's
//     pipeline task; the use's suite as the dataset, the risk as its config (the suite's cases
//     that probe it), the suite's content hash as its revision; one metric, the failure rate,
//     named with its Wilson interval, the interval and counts in `args`; `verified: false`, which
//     only the Hub's own evaluator may set otherwise; the release as the source. A result the
//     generated smoke-test model made says so in the names the Hub shows (metric and dataset),
//     not only in `args`, which it does not; so does a stale result, in its metric's name, as the
//     card's evidence table does.
//   A result imported from another tool's run (garak, promptfoo, Inspect) ran none of this app's
//   suites: its dataset is the tool, with the file's sha256 as the revision, and the names the
//   Hub shows say it was imported, from which file, and what model that run tested.
//   - a file for the model repo's `.eval_results/` folder, read by huggingface_hub's
//     parse_eval_result_entries (_eval_results.py). The format is the Hub's "work in progress"
//     Eval Results feature, written from https://huggingface.co/docs/hub/eval-results and
//     hub-docs' eval_results.yaml: dataset id and task_id (here the suite and the risk), value,
//     date, source, notes. It expects the dataset to be a Benchmark dataset on the Hub, which a
//     Riskledger suite is not, so the Hub can show these results but links no leaderboard. Every
//     entry needs a value, so a cell a run reached and judged nothing in (every case errored) has
//     none: a comment above the entries says so, which a reader of the file sees and the Hub skips.
//
// The model-index results are derived from the evidence at every export, so the importer takes
// them out again (withoutWrittenResults) and keeps any other model-index the card source holds.
import { cellName } from "./card-layout";
import {
  type CardEvidence,
  type CellEvidence,
  erroredOnlyText,
  failureRate,
  rowsInCardOrder,
  percent,
  percentInterval,
  verdictLabel,
  verdictText,
} from "./evidence";
import { pacedFrontMatterYaml, yamlComment } from "./front-matter";
import { mapPaced, newPace, type Pace } from "./pace";
import type { Card } from "./schema";
import { CORRECTED_INTERVAL_METHOD } from "../evidence/rogan-gladen";
import { testedAnotherModelCaveat } from "../evidence/imported-source";
import { type AsStored, labelAsStored } from "../domain/vocabulary";
import { SMOKE_TEST_MODEL } from "../matrix/evidence-status";

const MODEL_INDEX = "model-index";
/** The metric every result written from the evidence carries, and by which the importer knows one. */
export const FAILURE_RATE_METRIC = "failure_rate";

/** The release a result was published in, which a Hub reader can open to see everything behind it. */
export interface EvalResultsSource {
  name: string;
  url: string;
}

/** The card's front matter with its tested cells' results added to the model-index, built with turns for others between them. */
export async function frontMatterWithResults(
  card: Card,
  evidence: CardEvidence | undefined,
  source: EvalResultsSource | undefined,
  pace: Pace,
): Promise<Record<string, unknown>> {
  const { frontMatter } = card.model;
  const rows = rowsInCardOrder(card, evidence?.cells ?? []);
  const existing = frontMatter[MODEL_INDEX];
  // A model-index that is not a list is not the Hub's: it stays as written, with nothing added.
  if (!rows.length || (existing !== undefined && !Array.isArray(existing))) return frontMatter;
  const task = typeof frontMatter.pipeline_tag === "string" ? frontMatter.pipeline_tag : "text-generation";
  const entry = { name: card.model.name, results: await mapPaced(rows, pace, (row) => modelIndexResult(row, card.model.name, task, source)) };
  return { ...frontMatter, [MODEL_INDEX]: [...(existing ?? []), entry] };
}

/** The front matter as the card source wrote it: the model-index entries an export wrote from the evidence taken out. */
export function withoutWrittenResults(frontMatter: Record<string, unknown>): Record<string, unknown> {
  const modelIndex = frontMatter[MODEL_INDEX];
  if (!Array.isArray(modelIndex) || !modelIndex.some(isWrittenEntry)) return frontMatter;
  const kept = modelIndex.filter((entry) => !isWrittenEntry(entry));
  return Object.fromEntries(Object.entries(frontMatter).flatMap(([key, value]) => (key !== MODEL_INDEX ? [[key, value]] : kept.length ? [[key, kept]] : [])));
}

/**
 * The `.eval_results/*.yaml` file: one entry per tested cell, in the evidence's (card) order, below
 * the cells whose runs judged nothing. Written a few entries at a time, with turns for other requests between.
 */
export async function evalResultsYaml(evidence: AsStored<CardEvidence>, source?: EvalResultsSource): Promise<string> {
  const entries = evidence.cells.map((row) => ({
    dataset: { id: suiteId(row), task_id: row.risk, ...(datasetRevision(row) ? { revision: datasetRevision(row) } : {}) },
    value: decimal(failureRate(row)),
    ...(row.date ? { date: row.date } : {}),
    ...(source ? { source: { url: source.url, name: source.name } } : {}),
    notes: notes(row),
  }));
  const erroredOnly = evidence.erroredOnly ?? [];
  const judgedNothing = erroredOnly.length
    ? `${yamlComment([
        "Not results: every case these runs ran in these cells ended in an error, so they back nothing and the cells stay untested.",
        ...erroredOnly.map((row) => `${cellName(row.risk, row.use)}: ${erroredOnlyText(row)}`),
      ])}\n`
    : "";
  return `${judgedNothing}${await pacedFrontMatterYaml(entries, newPace())}\n`;
}

function modelIndexResult(row: AsStored<CellEvidence>, modelName: string, task: string, source: EvalResultsSource | undefined) {
  const imported = importedSource(row);
  const smokeTest = row.smokeTest ? ` (${SMOKE_TEST_MODEL}, not ${modelName})` : "";
  const whoseAnswers = imported ? ` (${imported})` : smokeTest;
  const corrected =
    row.correctedInterval && row.detectorAccuracy ? { ...row.correctedInterval, rate: row.correctedRate ?? 0, accuracy: row.detectorAccuracy } : null;
  return {
    task: { type: task, name: "Safety testing" },
    dataset: {
      type: suiteId(row),
      name: imported ?? `${row.suite?.title ?? `Riskledger suite for ${row.use}`}${smokeTest}`,
      config: row.risk,
      ...(datasetRevision(row) ? { revision: datasetRevision(row) } : {}),
    },
    metrics: [
      {
        type: FAILURE_RATE_METRIC,
        name: `Failure rate ${cellName(row.risk, row.use)} (Wilson 95%: ${percentInterval(row.wilson)})${row.stale ? " (stale)" : ""}${whoseAnswers}`,
        value: decimal(failureRate(row)),
        args: {
          n: row.n,
          failures: row.failures,
          interval: { method: "Wilson", level: 0.95, lower: decimal(row.wilson.lower), upper: decimal(row.wilson.upper) },
          threshold: row.threshold,
          verdict: labelAsStored(verdictLabel, row.verdict),
          stale: row.stale,
          smoke_test_model: row.smokeTest,
          ...(row.overrides ? { overridden_verdicts: row.overrides } : {}),
          ...(row.importedFrom
            ? {
                imported_from: {
                  tool: row.importedFrom.tool,
                  version: row.importedFrom.version,
                  sha256: row.importedFrom.sha256,
                  tested_model: row.importedFrom.testedModel,
                },
              }
            : {}),
          ...(corrected
            ? {
                corrected: {
                  method: CORRECTED_INTERVAL_METHOD,
                  rate: decimal(corrected.rate),
                  lower: decimal(corrected.lower),
                  upper: decimal(corrected.upper),
                  detector_sensitivity: decimal(corrected.accuracy.sensitivity),
                  detector_specificity: decimal(corrected.accuracy.specificity),
                },
              }
            : {}),
        },
        verified: false,
      },
    ],
    ...(source ? { source: { name: source.name, url: source.url } } : {}),
  };
}

function isWrittenEntry(entry: unknown): boolean {
  const results = (entry as { results?: unknown } | null)?.results;
  return (
    Array.isArray(results) &&
    results.length > 0 &&
    results.every((result) => {
      const metrics = (result as { metrics?: unknown } | null)?.metrics;
      return Array.isArray(metrics) && metrics.length > 0 && metrics.every((metric) => (metric as { type?: unknown } | null)?.type === FAILURE_RATE_METRIC);
    })
  );
}

/** The suite's key (content/suites), or the tool an imported run's; evidence that does not name its suite, from before it was recorded, names the use. */
function suiteId(row: AsStored<CellEvidence>): string {
  return row.importedFrom?.tool ?? row.suite?.key ?? row.use.toLowerCase();
}

/** The suite's content hash, or the sha256 of the file an imported run was read from. */
function datasetRevision(row: AsStored<CellEvidence>): string | null {
  return row.importedFrom?.sha256 ?? row.suite?.hash ?? null;
}

/**
 * "imported from garak 0.14.0.pre1: quack.report.jsonl; tested model: test": the run's label, with its caveats, and the
 * model it tested, unless a caveat of the label already names it.
 */
function importedSource(row: AsStored<CellEvidence>): string | null {
  if (!row.importedFrom) return null;
  const { testedModel } = row.importedFrom;
  if (testedModel !== null && row.campaign.includes(testedAnotherModelCaveat(testedModel))) return row.campaign;
  return `${row.campaign}; tested model: ${testedModel ?? "not recorded"}`;
}

function notes(row: AsStored<CellEvidence>): string {
  const corrected = row.correctedInterval ? `, corrected ${percent(row.correctedRate ?? 0)} (${percentInterval(row.correctedInterval)})` : "";
  const smokeTest = row.smokeTest ? `, ${SMOKE_TEST_MODEL} (not the model's own answers)` : "";
  const imported = row.importedFrom ? `, ${importedSource(row)}; sha256 ${row.importedFrom.sha256}` : "";
  const overridden = row.overrides ? ` (${row.overrides} verdict${row.overrides === 1 ? "" : "s"} overridden by a reviewer)` : "";
  const counts = `${row.failures} failure${row.failures === 1 ? "" : "s"} in ${row.n} run${row.n === 1 ? "" : "s"}`;
  return `${cellName(row.risk, row.use)}: ${counts}${overridden}, Wilson 95% interval ${percentInterval(row.wilson)}${corrected}, threshold ${percent(row.threshold)}, verdict ${verdictText(row)}${smokeTest}${imported}`;
}

function decimal(value: number): number {
  return Number(value.toFixed(6));
}
