// A garak run's report (`garak.<run>.report.jsonl`), read line by line so that a report of any size
// is read in bounded memory: one line at a time, plus the keys of attempts written but not yet
// scored. Every output of a scored attempt becomes one case result, with every detector's score.
//
// Lines (garak/attempt.py, garak/harnesses/base.py, garak/command.py): `start_run setup` (the
// configuration: version, target, `run.eval_threshold`), `init`, `attempt` (written with status 1
// when generated and again with status 2 once the detectors scored it; some development builds
// write the scored one with status 1 too, so "has scores" is what counts), `eval` (per probe and
// detector: passed of total), `completion`, and entries beside the results (BOOKKEEPING_ENTRY_TYPES).
import type { ConversationTurn, ExternalFile, ExternalResultsItem, ExternalScore } from "./external-case-result";
import { combinedVerdict } from "./external-case-result";
import { ExternalResultsError } from "./external-results-error";
import { isJsonObject, text, type JsonObject } from "./json-value";
import { parsePythonJson } from "./python-json";
import { recordedTime } from "./recorded-time";

/**
 * garak's pass rule (garak/evaluators/base.py, ThresholdEvaluator.test): an output passes a
 * detector when its score is below the run's eval threshold (`run.eval_threshold`, 0.5 in
 * garak/resources/garak.core.yaml); a score at or above it is a hit, a failure. A detector that
 * returned no score (None: nothing to judge) gives no verdict.
 */
export const GARAK_DEFAULT_EVAL_THRESHOLD = 0.5;

export function garakScoreVerdict(score: unknown, threshold: number): ExternalScore["verdict"] {
  if (typeof score !== "number" || !Number.isFinite(score)) return "NOT_APPLICABLE";
  return score >= threshold ? "FAIL" : "PASS";
}

// What garak writes beside the results, read past: a payload loaded (payload_init, since 0.10), a
// tree-search probe's node (tree_data), the plugins' metadata (plugin_cache, since 0.15), a probe's
// counts, which its eval lines give per detector (probe_summary, since 0.16), and the digest.
const BOOKKEEPING_ENTRY_TYPES = new Set(["digest", "payload_init", "tree_data", "plugin_cache", "probe_summary"]);

interface RunState {
  version: string | null;
  model: string | null;
  threshold: number;
  runId: string | null;
  startedAt: string | null;
  completedAt: string | null;
  completed: boolean;
  aggregated: boolean;
}

export async function* readGarakReport(lines: AsyncIterable<string>, file: ExternalFile): AsyncGenerator<ExternalResultsItem> {
  const run: RunState = {
    version: null,
    model: null,
    threshold: GARAK_DEFAULT_EVAL_THRESHOLD,
    runId: null,
    startedAt: null,
    completedAt: null,
    completed: false,
    aggregated: false,
  };
  const unscored = new Map<string, number>();
  // Per probe and detector, what the attempts' scores give: checked against garak's own eval lines.
  const counted = new Map<string, { passed: number; judged: number }>();
  const evalLines: { line: number; probe: string; detector: string; passed: number; total: number }[] = [];
  let lineNumber = 0;
  let sawAnyLine = false;
  let results = 0;
  // Each report has one init entry: a second one of another run is a second report appended to it.
  let firstInit: { run: string; line: number } | null = null;

  for await (const rawLine of lines) {
    lineNumber++;
    if (rawLine.trim() === "") continue;
    const where = `line ${lineNumber}`;
    const entry = parsePythonJson(rawLine, file.name, where);
    if (!isJsonObject(entry) || typeof entry.entry_type !== "string")
      throw new ExternalResultsError(file.name, where, "not a garak report entry (no entry_type)");
    sawAnyLine = true;
    switch (entry.entry_type) {
      case "start_run setup":
        readSetup(entry, run, file.name, where);
        break;
      case "init": {
        const runId = text(entry.run);
        if (runId && firstInit && runId !== firstInit.run)
          throw new ExternalResultsError(
            file.name,
            where,
            `the init of garak run ${runId}, where line ${firstInit.line} began run ${firstInit.run}: a report holds one run, so these would count as one; import each run's report on its own`,
          );
        if (runId) firstInit ??= { run: runId, line: lineNumber };
        run.version = text(entry.garak_version) ?? run.version;
        run.runId = runId ?? run.runId;
        run.aggregated = "orig_uuid" in entry;
        // An aggregate's start_time is when it was aggregated; orig_start_time, its first run's start.
        run.startedAt =
          (run.aggregated
            ? recordedTime(entry.orig_start_time, file.name, where, "orig_start_time")
            : recordedTime(entry.start_time, file.name, where, "start_time")) ?? run.startedAt;
        break;
      }
      case "completion":
        run.completed = true;
        run.completedAt = recordedTime(entry.end_time, file.name, where, "end_time");
        break;
      case "eval": {
        // garak's own count per probe and detector, only compared with the attempts': one it did not write whole is listed, not compared.
        const total = entry.total_evaluated ?? entry.total;
        const checks: [string, unknown, boolean][] = [
          ["probe", entry.probe, text(entry.probe) !== null],
          ["detector", entry.detector, text(entry.detector) !== null],
          ["passed", entry.passed, Number.isInteger(entry.passed)],
          ["total_evaluated (or total)", total, Number.isInteger(total)],
        ];
        const [field, value] = checks.find(([, , whole]) => !whole) ?? [];
        if (field) {
          yield {
            kind: "skipped",
            skipped: {
              location: where,
              reason: `garak's eval line, not compared with the attempts: its ${field} is ${fieldValue(value)}, where garak writes the probe, the detector and whole-number counts`,
            },
          };
        } else {
          evalLines.push({
            line: lineNumber,
            probe: entry.probe as string,
            detector: entry.detector as string,
            passed: entry.passed as number,
            total: total as number,
          });
        }
        break;
      }
      case "attempt":
        for (const item of readAttempt(entry, lineNumber, file, run, unscored, counted)) {
          if (item.kind === "result") results++;
          yield item;
        }
        break;
      default:
        if (!BOOKKEEPING_ENTRY_TYPES.has(entry.entry_type))
          yield { kind: "skipped", skipped: { location: where, reason: `unknown entry type "${entry.entry_type}"` } };
    }
  }
  if (!sawAnyLine) throw new ExternalResultsError(file.name, null, "empty: no garak report entries");
  if (results === 0) {
    const firstUnscored = unscored.values().next();
    throw new ExternalResultsError(
      file.name,
      null,
      `no attempt scored by a detector, so nothing to import${firstUnscored.done ? "" : ` (${unscored.size} written but never scored, the first at line ${firstUnscored.value})`}`,
    );
  }

  for (const line of unscored.values()) {
    yield {
      kind: "skipped",
      skipped: { location: `line ${line}`, reason: "attempt written but never scored by a detector (the run stopped before detection?)" },
    };
  }
  const notes: string[] = [];
  if (run.aggregated) notes.push("an aggregate of several garak runs (garak.analyze.aggregate_reports): attempt uuids are the aggregate's, not unique");
  if (!run.completed && !run.aggregated) notes.push("no completion line: the run did not finish, or the report was cut short");
  for (const line of evalLines) {
    const ours = counted.get(`${line.probe}|${line.detector}`) ?? { passed: 0, judged: 0 };
    if (ours.passed !== line.passed || ours.judged !== line.total) {
      notes.push(
        `line ${line.line}: garak's eval says ${line.probe} / ${line.detector} passed ${line.passed} of ${line.total}; its attempts give ${ours.passed} of ${ours.judged}`,
      );
    }
  }
  yield {
    kind: "run",
    run: {
      tool: "garak",
      toolVersion: run.version,
      file,
      runId: run.runId,
      model: run.model,
      startedAt: run.startedAt,
      completedAt: run.completedAt,
      complete: run.completed || run.aggregated,
      notes,
    },
  };
}

function readSetup(entry: JsonObject, run: RunState, fileName: string, where: string) {
  run.version = text(entry["_config.version"]) ?? run.version;
  run.runId = text(entry["transient.run_id"]) ?? run.runId;
  run.startedAt = recordedTime(entry["transient.starttime_iso"], fileName, where, "transient.starttime_iso") ?? run.startedAt;
  if ("run.eval_threshold" in entry) {
    const threshold = entry["run.eval_threshold"];
    // garak compares every score with it: anything but a number leaves no verdict to be had.
    if (typeof threshold !== "number")
      throw new ExternalResultsError(fileName, where, `run.eval_threshold ${shown(threshold)} is not a number, so which scores fail cannot be told`);
    // A score at or above it fails, and garak's scores run from 0 to 1: past 1 no output could fail
    // (a run of passes that proves nothing), at 0 or below every output fails.
    if (!(threshold > 0 && threshold <= 1))
      throw new ExternalResultsError(
        fileName,
        where,
        `run.eval_threshold ${shown(threshold)} is outside garak's scores, above 0 and at most 1: a score at or above it fails, so under it ${threshold > 1 ? "no output could fail" : "every output fails"}`,
      );
    run.threshold = threshold;
  }
  // 0.13.1 renamed plugins.model_type / model_name to target_type / target_name.
  const type = text(entry["plugins.target_type"]) ?? text(entry["plugins.model_type"]);
  const name = text(entry["plugins.target_name"]) ?? text(entry["plugins.model_name"]);
  run.model = [type, name].filter(Boolean).join(" ") || null;
}

function* readAttempt(
  entry: JsonObject,
  lineNumber: number,
  file: ExternalFile,
  run: RunState,
  unscored: Map<string, number>,
  counted: Map<string, { passed: number; judged: number }>,
): Generator<ExternalResultsItem> {
  const where = `line ${lineNumber}`;
  const probe = text(entry.probe_classname);
  if (!probe) throw new ExternalResultsError(file.name, where, "attempt without probe_classname");
  // Every garak release writes both (garak/attempt.py, Attempt.as_dict; seq defaults to -1): they key the attempt's cases.
  const uuid = text(entry.uuid);
  const named = uuid ? `attempt ${uuid} of ${probe}` : `attempt of ${probe}`;
  const { seq } = entry;
  if (!(typeof seq === "number" && Number.isInteger(seq)))
    throw new ExternalResultsError(
      file.name,
      where,
      `${named}: seq is ${fieldValue(seq)}, where garak writes every attempt's prompt index as a whole number (-1 for a harness's own entries)`,
    );
  const attempt = `${named} (seq ${seq})`;
  if (!uuid) throw new ExternalResultsError(file.name, where, `${attempt}: uuid is ${fieldValue(entry.uuid)}, where garak writes every attempt's uuid as text`);
  const key = `${uuid}|${probe}|${seq}`;
  const detectorResults = entry.detector_results;
  if (!isJsonObject(detectorResults))
    throw new ExternalResultsError(
      file.name,
      where,
      `${attempt}: detector_results is ${fieldValue(detectorResults)}, where garak writes each detector's scores by its name`,
    );
  const detectors = Object.keys(detectorResults);
  if (detectors.length === 0) {
    unscored.set(key, lineNumber);
    return;
  }
  unscored.delete(key);
  const { outputs } = entry;
  if (!Array.isArray(outputs))
    throw new ExternalResultsError(file.name, where, `${attempt}: outputs is ${fieldValue(outputs)}, where garak writes a list of the generations' outputs`);
  if (outputs.length === 0) {
    yield {
      kind: "skipped",
      skipped: {
        location: where,
        reason: `attempt of ${probe} with no outputs, scored by ${detectors.join(", ")} (a harness's bookkeeping entry, not a test of the model)`,
      },
    };
    return;
  }
  const prompt = promptTurns(entry.prompt);
  const conversations = Array.isArray(entry.conversations) ? entry.conversations : [];
  const scoresByDetector = detectors.map((detector) => ({
    detector,
    scores: perOutputScores(detectorResults[detector], outputs.length, file.name, where, detector),
  }));
  for (const { detector, scores } of scoresByDetector) {
    const outOfRange = scores.findIndex((score) => !isGarakScore(score));
    if (outOfRange >= 0)
      throw new ExternalResultsError(
        file.name,
        where,
        `${attempt}: detector ${detector} scored output ${outOfRange} ${shown(scores[outOfRange])}, where garak's detectors score from 0 (no hit) to 1 (a hit), or None`,
      );
  }

  for (let i = 0; i < outputs.length; i++) {
    const output = outputText(outputs[i]);
    const scores: ExternalScore[] = scoresByDetector.map(({ detector, scores: values }) => {
      const value = values[i];
      return {
        scorer: detector,
        value: typeof value === "number" || typeof value === "string" ? value : null,
        verdict: garakScoreVerdict(value, run.threshold),
      };
    });
    for (const score of scores) {
      if (score.verdict === "NOT_APPLICABLE") continue;
      const tally = counted.get(`${probe}|${score.scorer}`) ?? { passed: 0, judged: 0 };
      tally.judged++;
      if (score.verdict === "PASS") tally.passed++;
      counted.set(`${probe}|${score.scorer}`, tally);
    }
    const verdict = combinedVerdict(scores);
    const conversation = conversationTurns(conversations[i]) ?? [...prompt, ...(output === null ? [] : [{ role: "assistant", content: output }])];
    yield {
      kind: "result",
      result: {
        tool: "garak",
        toolVersion: run.version,
        file,
        runId: run.runId,
        model: run.model,
        servedModel: null,
        test: probe,
        strategy: null,
        caseKey: `${probe}#${seq}/${uuid}/${i}`,
        location: `${where}, output ${i}`,
        scores,
        verdict,
        reason: garakReason(scores, run.threshold),
        prompt: [...prompt].reverse().find((turn) => turn.role === "user")?.content ?? prompt.at(-1)?.content ?? "",
        output,
        conversation,
        startedAt: run.startedAt,
        completedAt: null,
      },
    };
  }
}

function garakReason(scores: ExternalScore[], threshold: number): string {
  const judged = scores.filter((score) => score.verdict !== "NOT_APPLICABLE");
  if (judged.length === 0) return "no detector scored this output";
  const failed = judged.filter((score) => score.verdict === "FAIL");
  if (failed.length > 0) return failed.map((score) => `${score.scorer} scored ${score.value} >= ${threshold}`).join("; ");
  return `every detector scored below ${threshold}`;
}

/**
 * What a garak detector writes for an output (garak/detectors/base.py, Detector.detect): a score
 * from 0.0, no hit, to 1.0, a hit, or None when there was nothing to judge. NaN, which a model-based
 * detector can give (read by parsePythonJson as the string "NaN"), is no score. A score outside 0..1
 * is no score of garak's: read against the threshold, -1 would count as a pass and 7 as a failure.
 */
function isGarakScore(score: unknown): boolean {
  return score === null || score === "NaN" || (typeof score === "number" && score >= 0 && score <= 1);
}

/**
 * A value as the report holds it: NaN and Infinity, which parsePythonJson reads as strings, as Python
 * writes them; a number past a double's range (1e400), which JSON.parse reads as Infinity and
 * JSON.stringify would show as null, as Infinity.
 */
function shown(value: unknown): string {
  if (typeof value === "number") return String(value);
  return value === "NaN" || value === "Infinity" || value === "-Infinity" ? value : JSON.stringify(value);
}

/** What a field held, for a message: "missing", "an object", "a list", a long text by its length, else the value. */
function fieldValue(value: unknown): string {
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "a list";
  if (isJsonObject(value)) return "an object";
  if (typeof value === "string" && value.length > 40) return `a text of ${value.length} characters`;
  return shown(value);
}

/** A detector's scores, one per output; development builds nest them one level deeper ([[s0, s1, s2]]). */
function perOutputScores(value: unknown, outputCount: number, fileName: string, where: string, detector: string): unknown[] {
  if (!Array.isArray(value)) throw new ExternalResultsError(fileName, where, `detector ${detector}: scores are not a list`);
  const flat = value.length > 0 && value.every(Array.isArray) ? value.flat() : value;
  if (flat.length !== outputCount) throw new ExternalResultsError(fileName, where, `detector ${detector}: ${flat.length} scores for ${outputCount} outputs`);
  return flat;
}

/** The prompt's turns: a Conversation ({turns: [{role, content: {text}}]}) since 0.11, a plain string before. */
function promptTurns(prompt: unknown): ConversationTurn[] {
  if (typeof prompt === "string") return [{ role: "user", content: prompt }];
  return conversationTurns(prompt) ?? [];
}

function conversationTurns(conversation: unknown): ConversationTurn[] | null {
  if (!isJsonObject(conversation) || !Array.isArray(conversation.turns)) return null;
  return conversation.turns.map((turn) => {
    const t = isJsonObject(turn) ? turn : {};
    return { role: text(t.role) ?? "user", content: outputText(t.content) ?? "" };
  });
}

/** An output: a Message ({text, lang, ...}) since 0.11, a plain string before, null when generation failed. */
function outputText(output: unknown): string | null {
  if (typeof output === "string") return output;
  if (isJsonObject(output) && typeof output.text === "string") return output.text;
  return null;
}
