// An Inspect evaluation log: one JSON object (`.json`), or the `.eval` ZIP archive holding
// `header.json` (the log without its samples; `_journal/start.json` while the run is going or if
// it died), one `samples/<id>_epoch_<n>.json` per sample and epoch, `summaries.json` and
// `reductions.json`. Every sample x epoch becomes one case result with all its scorers' values;
// the epoch-reduced values are not read, so each epoch counts as the sample it is.
import type { ConversationTurn, ExternalFile, ExternalResultsItem, ExternalScore } from "./external-case-result";
import { combinedVerdict } from "./external-case-result";
import { ExternalResultsError } from "./external-results-error";
import { describeSafeValue, inspectValueVerdict, type InspectSafeValue } from "./inspect-safe-value";
import { isJsonObject, text, type JsonObject } from "./json-value";
import { parsePythonJson } from "./python-json";
import { recordedTime } from "./recorded-time";
import { utf8Text } from "./utf8-text";
import { listZipEntries, readZipEntry, type ZipSource } from "./zip-entries";

/** The rule for a task's scores: which value means safe (inspect-safe-value.ts). */
export type SafeValueFor = (task: string) => InspectSafeValue;

interface LogSample {
  location: string;
  sample: JsonObject;
}

/** A `.json` log, already parsed. */
export function* readInspectJsonLog(document: unknown, file: ExternalFile, safeValueFor: SafeValueFor): Generator<ExternalResultsItem> {
  const header = inspectHeader(document, file.name, null);
  // A log written before its samples has none; one whose samples are something else is damaged.
  const listed = (document as JsonObject).samples ?? [];
  if (!Array.isArray(listed))
    throw new ExternalResultsError(file.name, "samples", `not a list of samples (${isJsonObject(listed) ? "an object" : `a ${typeof listed}`})`);
  const samples: unknown[] = listed;
  yield* readLog(
    header,
    samples.map((sample, i) => ({ location: `samples[${i}]`, sample: sampleObject(sample, file.name, `samples[${i}]`) })),
    file,
    safeValueFor,
  );
}

/** A `.eval` archive, read a member at a time. */
export function* readInspectEvalArchive(archive: ZipSource, file: ExternalFile, safeValueFor: SafeValueFor): Generator<ExternalResultsItem> {
  const entries = listZipEntries(archive, file.name);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const headerEntry = byName.get("header.json") ?? byName.get("_journal/start.json");
  if (!headerEntry)
    throw new ExternalResultsError(
      file.name,
      null,
      `a ZIP archive that is not an Inspect log: no header.json or _journal/start.json among its ${entries.length} entries`,
    );
  const headerWhere = `zip entry ${headerEntry.name}`;
  const header = inspectHeader(
    parsePythonJson(utf8Text(readZipEntry(archive, headerEntry, file.name), file.name, headerWhere), file.name, headerWhere),
    file.name,
    headerWhere,
  );
  const sampleEntries = entries.filter((entry) => /^samples\/[^/]+\.json$/.test(entry.name)).sort((a, b) => SAMPLE_ORDER.compare(a.name, b.name));
  // One sample file at a time: a log of many samples is not held whole.
  function* samples(): Generator<LogSample> {
    for (const entry of sampleEntries) {
      const where = `zip entry ${entry.name}`;
      yield {
        location: entry.name,
        sample: sampleObject(parsePythonJson(utf8Text(readZipEntry(archive, entry, file.name), file.name, where), file.name, where), file.name, where),
      };
    }
  }
  yield* readLog(header, samples(), file, safeValueFor);
}

/**
 * Sample files in the order of their ids and epochs (2 before 10). One collator: localeCompare with
 * options makes one for each comparison, and sorting a million samples took a minute.
 */
const SAMPLE_ORDER = new Intl.Collator("en", { numeric: true });

interface Header {
  status: string | null;
  version: number | null;
  eval: JsonObject;
  /** The one scorer a log before inspect_ai 0.3.18 names, in results.scorer; its samples hold `score`, not `scores`. */
  legacyScorer: string | null;
  /** By scorer, the names of the results Inspect computed metrics for (results.scores[].name): of a scorer of named values, the keys it read. */
  scoredNames: Map<string, Set<string>>;
  /** When the run started (stats.started_at, else eval.created) and ended, as written. */
  startedAt: string | null;
  completedAt: string | null;
}

function inspectHeader(document: unknown, fileName: string, where: string | null): Header {
  if (!isJsonObject(document) || !isJsonObject(document.eval) || typeof document.eval.task !== "string") {
    throw new ExternalResultsError(fileName, where, "not an Inspect log: no eval.task");
  }
  const stats = isJsonObject(document.stats) ? document.stats : {};
  const results = isJsonObject(document.results) ? document.results : {};
  return {
    status: text(document.status),
    version: typeof document.version === "number" ? document.version : null,
    eval: document.eval,
    legacyScorer: isJsonObject(results.scorer) ? text(results.scorer.name) : null,
    scoredNames: scoredNames(results.scores),
    startedAt: recordedTime(stats.started_at, fileName, where, "stats.started_at") ?? recordedTime(document.eval.created, fileName, where, "eval.created"),
    completedAt: recordedTime(stats.completed_at, fileName, where, "stats.completed_at"),
  };
}

function sampleObject(sample: unknown, fileName: string, where: string): JsonObject {
  if (!isJsonObject(sample) || sample.id === undefined) throw new ExternalResultsError(fileName, where, "not an Inspect sample: no id");
  // Inspect's ids are int | str; anything else would key every such sample alike.
  if (typeof sample.id !== "string" && typeof sample.id !== "number")
    throw new ExternalResultsError(fileName, where, "not an Inspect sample: its id is neither a string nor a number");
  // Epochs count from 1; with the id they key the case, so any other value would key cases no run made.
  const { epoch } = sample;
  if (epoch !== undefined && epoch !== null && !(typeof epoch === "number" && Number.isInteger(epoch) && epoch >= 1)) {
    const shown = typeof epoch === "number" ? String(epoch) : isJsonObject(epoch) ? "an object" : JSON.stringify(epoch);
    throw new ExternalResultsError(fileName, where, `not an Inspect sample: its epoch ${shown} is not a whole number from 1`);
  }
  return sample;
}

function* readLog(header: Header, samples: Iterable<LogSample>, file: ExternalFile, safeValueFor: SafeValueFor): Generator<ExternalResultsItem> {
  const task = header.eval.task as string;
  const rule = safeValueFor(task);
  const packages = isJsonObject(header.eval.packages) ? header.eval.packages : {};
  const toolVersion = text(packages.inspect_ai);
  // eval_id names one task's evaluation; run_id, all the tasks of one `inspect eval` (and logs before
  // eval_id existed name only that), so there the task joins it: one task's log must not replace another's.
  const evalId = text(header.eval.eval_id);
  const runOfTasks = text(header.eval.run_id);
  const runId = evalId ?? (runOfTasks === null ? null : `${runOfTasks} task ${task}`);
  const model = text(header.eval.model);
  let count = 0;
  for (const { location, sample } of samples) {
    count++;
    const attachments = isJsonObject(sample.attachments) ? sample.attachments : {};
    const output = isJsonObject(sample.output) ? sample.output : {};
    const outputText = text(output.completion) ?? firstChoiceText(output, attachments);
    const inputTurns =
      typeof sample.input === "string" ? [{ role: "user", content: resolve(sample.input, attachments) }] : messagesOf(sample.input, attachments);
    const messages = messagesOf(sample.messages, attachments);
    const values = scoresByScorer(sample, header, file.name, location).flatMap(([scorer, score]) =>
      scorerValues(scorer, isJsonObject(score) ? score.value : undefined, header, file.name, location, sample),
    );
    const unjudged = values.filter(({ judged }) => !judged).map(({ scorer }) => scorer);
    const scores: ExternalScore[] = values.map(({ scorer, value, judged }) => ({
      scorer,
      value: typeof value === "number" || typeof value === "string" || typeof value === "boolean" ? value : null,
      verdict: judged ? inspectValueVerdict(value, rule) : "NOT_APPLICABLE",
    }));
    const error =
      sample.error === undefined || sample.error === null ? null : (text(isJsonObject(sample.error) ? sample.error.message : sample.error) ?? "error");
    const verdict = error ? "ERROR" : combinedVerdict(scores);
    yield {
      kind: "result",
      result: {
        tool: "inspect",
        toolVersion,
        file,
        runId,
        model,
        servedModel: text(output.model),
        test: task,
        strategy: null,
        caseKey: `${sample.id}/epoch ${sample.epoch ?? 1}`,
        location,
        scores,
        verdict,
        reason: error ? `the sample errored: ${error}` : inspectReason(scores, rule, unjudged),
        prompt: [...inputTurns].reverse().find((turn) => turn.role === "user")?.content ?? "",
        output: outputText,
        conversation: messages.length > 0 ? messages : [...inputTurns, ...(outputText === null ? [] : [{ role: "assistant", content: outputText }])],
        startedAt: recordedTime(sample.started_at, file.name, location, "started_at") ?? header.startedAt,
        completedAt: recordedTime(sample.completed_at, file.name, location, "completed_at"),
      },
    };
  }
  if (count === 0) throw new ExternalResultsError(file.name, null, "the log holds no samples, so nothing to import");
  const notes: string[] = [];
  if (header.status !== "success")
    notes.push(`Inspect says the run's status is "${header.status ?? "unknown (no header.json)"}": its samples are read, the run is marked incomplete`);
  if (header.version !== null && header.version > 3) notes.push(`log format version ${header.version} is newer than those this reader knows (1-3)`);
  yield {
    kind: "run",
    run: {
      tool: "inspect",
      toolVersion,
      file,
      runId,
      model,
      startedAt: header.startedAt,
      completedAt: header.completedAt,
      complete: header.status === "success",
      notes,
    },
  };
}

/**
 * A sample's scores by scorer. A log written before inspect_ai 0.3.18 (July 2024) holds one `score` a
 * sample, of the scorer results.scorer names; Inspect reads it as that scorer's (log/_log.py,
 * EvalSample.migrate_deprecated and EvalLog.populate_scorer_name_for_samples), and refuses a sample
 * with both.
 */
function scoresByScorer(sample: JsonObject, header: Header, fileName: string, where: string): [string, unknown][] {
  const has = (value: unknown) => value !== undefined && value !== null;
  if (!has(sample.score)) return Object.entries(isJsonObject(sample.scores) ? sample.scores : {});
  if (has(sample.scores))
    throw new ExternalResultsError(
      fileName,
      where,
      `sample ${sample.id} (epoch ${sample.epoch ?? 1}) has both score (one scorer's, as logs before inspect_ai 0.3.18 wrote it) and scores (each scorer's): which to read cannot be told`,
    );
  return [[header.legacyScorer ?? "score", sample.score]];
}

/**
 * A scorer's value as one or more scores. Inspect's Value (inspect_ai/scorer/_metric.py) is one
 * text, number or boolean, a list of them, or a mapping of named ones; a mapping is read as Inspect's
 * metrics read it (_eval/task/results.py, scorers_from_metric_dict), each key a score of its own,
 * named here scorer/key: only the keys the log's results name for that scorer are judged (a count
 * beside the grade is no verdict). Inspect reads a key only through a metric named for it: with none
 * (no results, or only metrics of the whole scorer, whose accuracy counts a mapping as 0) no key is judged.
 * A list says nothing of which item is the verdict, so it is refused.
 */
function scorerValues(
  scorer: string,
  value: unknown,
  header: Header,
  fileName: string,
  where: string,
  sample: JsonObject,
): { scorer: string; value: unknown; judged: boolean }[] {
  const named = `sample ${sample.id} (epoch ${sample.epoch ?? 1}): scorer ${scorer}`;
  if (Array.isArray(value))
    throw new ExternalResultsError(fileName, where, `${named} gave a list of ${value.length} values, which says nothing of which is the verdict`);
  if (!isJsonObject(value)) return [{ scorer, value, judged: true }];
  const judgedKeys = header.scoredNames.get(scorer) ?? new Set();
  return Object.entries(value).map(([key, keyed]) => {
    if (Array.isArray(keyed) || isJsonObject(keyed))
      throw new ExternalResultsError(
        fileName,
        where,
        `${named} gave ${key} as ${Array.isArray(keyed) ? "a list" : "an object"}, where Inspect's named values are each one text, number, true/false or null`,
      );
    return { scorer: `${scorer}/${key}`, value: keyed, judged: judgedKeys.has(key) };
  });
}

/** results.scores as scorer -> the names of its results (a scorer of named values: one result per key with metrics). */
function scoredNames(results: unknown): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const score of Array.isArray(results) ? results.filter(isJsonObject) : []) {
    const name = text(score.name);
    const scorer = text(score.scorer) ?? name;
    if (name && scorer) names.set(scorer, (names.get(scorer) ?? new Set()).add(name));
  }
  return names;
}

function inspectReason(scores: ExternalScore[], rule: InspectSafeValue, unjudged: string[]): string {
  if (scores.length === 0) return "no scorer gave a value (scoring deferred, or the task has no scorer)";
  const words = scores.map((score) => `${score.scorer} = ${JSON.stringify(score.value)}`).join(", ");
  const notJudged = unjudged.length > 0 ? `; ${unjudged.join(", ")} not judged: the log computes no metric of ${unjudged.length > 1 ? "them" : "it"}` : "";
  return `${words} (${describeSafeValue(rule)})${notJudged}`;
}

function firstChoiceText(output: JsonObject, attachments: JsonObject): string | null {
  const choice = Array.isArray(output.choices) ? output.choices[0] : null;
  return isJsonObject(choice) && isJsonObject(choice.message) ? contentText(choice.message.content, attachments) : null;
}

function messagesOf(messages: unknown, attachments: JsonObject): ConversationTurn[] {
  if (!Array.isArray(messages)) return [];
  return messages.filter(isJsonObject).map((message) => ({ role: text(message.role) ?? "user", content: contentText(message.content, attachments) ?? "" }));
}

/** A message's content: a string, or a list of parts of which the text ones are read (others named in brackets). */
function contentText(content: unknown, attachments: JsonObject): string | null {
  if (typeof content === "string") return resolve(content, attachments);
  if (!Array.isArray(content)) return null;
  return content
    .filter(isJsonObject)
    .map((part) =>
      typeof part.text === "string" ? resolve(part.text, attachments) : typeof part.reasoning === "string" ? "" : `[${text(part.type) ?? "content"}]`,
    )
    .filter((part) => part !== "")
    .join("\n");
}

/** Inspect moves long strings out of messages into the sample's attachments, leaving "attachment://<hash>". */
function resolve(value: string, attachments: JsonObject): string {
  if (!value.startsWith("attachment://")) return value;
  const attached = attachments[value.slice("attachment://".length)];
  return typeof attached === "string" ? attached : value;
}
