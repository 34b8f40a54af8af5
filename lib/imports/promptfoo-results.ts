// A promptfoo results file (`promptfoo eval -o results.json`, or `promptfoo export`): one result per
// test case x prompt x provider. Two shapes occur: version 3 and later,
// `{evalId, results: {version, timestamp, prompts, results[], stats}, config, metadata?}`, and
// the older version 2, `{version: 2, timestamp, results[], stats, table}` with no wrapper. With
// `-o results.jsonl` promptfoo writes the results alone, one a line.
import type { ConversationTurn, ExternalCaseResult, ExternalFile, ExternalResultsItem, ExternalScore } from "./external-case-result";
import { ExternalResultsError } from "./external-results-error";
import { isJsonObject, text, type JsonObject } from "./json-value";
import { parsePythonJson } from "./python-json";
import { recordedTime } from "./recorded-time";

/**
 * promptfoo's rule (src/types/index.ts ResultFailureReason; src/assertions/assertionsResult.ts):
 * a result passes when `success` (= gradingResult.pass) is true; `failureReason` 2 (ERROR: the
 * provider or the run failed) is no verdict on the model, an error, not a failure; 1 (ASSERT) is a
 * failure. A result with no assertions is reported as a pass with the reason "No assertions": it
 * proves nothing, so it is not applicable here. Files without failureReason (version 2, early 3)
 * have an error with no grading result when the run failed.
 */
export function promptfooVerdict(result: JsonObject): { verdict: ExternalCaseResult["verdict"]; reason: string } {
  const grading = isJsonObject(result.gradingResult) ? result.gradingResult : null;
  const error = text(result.error) ?? text(isJsonObject(result.response) ? result.response.error : null);
  if (result.failureReason === 2 || (result.failureReason === undefined && error && !grading))
    return { verdict: "ERROR", reason: `promptfoo error: ${error ?? "the run failed"}` };
  const components = grading && Array.isArray(grading.componentResults) ? grading.componentResults : [];
  if (grading && components.length === 0 && grading.reason === "No assertions")
    return { verdict: "NOT_APPLICABLE", reason: "no assertions: promptfoo counts it a pass, which proves nothing" };
  const passed = typeof result.success === "boolean" ? result.success : grading?.pass;
  if (typeof passed !== "boolean") return { verdict: "NOT_APPLICABLE", reason: "neither success nor gradingResult.pass recorded" };
  const reason = text(grading?.reason) ?? (passed ? "passed" : "failed");
  return { verdict: passed ? "PASS" : "FAIL", reason: `promptfoo ${passed ? "pass" : "fail"}: ${reason}` };
}

interface RunContext {
  file: ExternalFile;
  version: string | null;
  runId: string | null;
  startedAt: string | null;
}

/** A results file written with `-o results.json`. */
export function* readPromptfooResults(document: unknown, file: ExternalFile): Generator<ExternalResultsItem> {
  if (!isJsonObject(document)) throw new ExternalResultsError(file.name, null, "not a promptfoo results file (not a JSON object)");
  const wrapped = isJsonObject(document.results);
  const summary = wrapped ? (document.results as JsonObject) : document;
  const results = summary.results;
  if (!Array.isArray(results)) throw new ExternalResultsError(file.name, wrapped ? "results.results" : "results", "not a list of results");
  if (results.length === 0) throw new ExternalResultsError(file.name, wrapped ? "results.results" : "results", "empty: no promptfoo results");
  const metadata = isJsonObject(document.metadata) ? document.metadata : {};
  const context: RunContext = {
    file,
    version: text(metadata.promptfooVersion),
    runId: text(document.evalId),
    startedAt:
      recordedTime(metadata.evaluationCreatedAt, file.name, null, "metadata.evaluationCreatedAt") ??
      recordedTime(summary.timestamp, file.name, null, wrapped ? "results.timestamp" : "timestamp"),
  };
  const prefix = wrapped ? "results.results" : "results";
  const models = new Set<string>();
  for (let i = 0; i < results.length; i++) yield caseResult(results[i], i, `${prefix}[${i}]`, context, models);
  // metadata.exportedAt is when the file was written, which `promptfoo export` may do months after the run: not its end.
  yield runOf(context, models);
}

/**
 * A results file written with `-o results.jsonl`: one result a line (promptfoo's EvalResult, which
 * names its eval), with no version or date of the run. promptfoo once appended each run's results to
 * the file instead of replacing them, so the results of several evals are refused, not counted as one run.
 */
export async function* readPromptfooJsonLines(lines: AsyncIterable<string>, file: ExternalFile): AsyncGenerator<ExternalResultsItem> {
  const context: RunContext = { file, version: null, runId: null, startedAt: null };
  const models = new Set<string>();
  let lineNumber = 0;
  let index = 0;
  let firstEval: { id: string; line: number } | null = null;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    const where = `line ${lineNumber}`;
    const result = parsePythonJson(line, file.name, where);
    const evalId = isJsonObject(result) ? text(result.evalId) : null;
    if (evalId && !firstEval) {
      firstEval = { id: evalId, line: lineNumber };
      context.runId = evalId;
    } else if (evalId && firstEval && evalId !== firstEval.id)
      throw new ExternalResultsError(
        file.name,
        where,
        `a result of promptfoo eval ${evalId}, where line ${firstEval.line} began with eval ${firstEval.id}: a results file holds one run, so these would count as one; import each eval's results on their own`,
      );
    yield caseResult(result, index++, where, context, models);
  }
  if (index === 0) throw new ExternalResultsError(file.name, null, "empty: no promptfoo results");
  yield runOf(context, models);
}

function caseResult(result: unknown, index: number, location: string, context: RunContext, models: Set<string>): ExternalResultsItem {
  if (!isJsonObject(result)) throw new ExternalResultsError(context.file.name, location, "not a result object");
  const provider = result.provider;
  const model = typeof provider === "string" ? provider : isJsonObject(provider) ? (text(provider.label) ?? text(provider.id)) : null;
  if (model) models.add(model);
  const testCase = isJsonObject(result.testCase) ? result.testCase : {};
  const caseMetadata = { ...(isJsonObject(testCase.metadata) ? testCase.metadata : {}), ...(isJsonObject(result.metadata) ? result.metadata : {}) };
  const plugin = text(caseMetadata.pluginId);
  const response = isJsonObject(result.response) ? result.response : {};
  const prompt = isJsonObject(result.prompt) ? result.prompt : {};
  const output = outputText(response.output, context.file.name, `${location}.response.output`);
  const sentPrompt = text(caseMetadata.redteamFinalPrompt) ?? text(prompt.raw) ?? "";
  const { verdict, reason } = promptfooVerdict(result);
  return {
    kind: "result",
    result: {
      tool: "promptfoo",
      toolVersion: context.version,
      file: context.file,
      runId: context.runId,
      model,
      servedModel: null,
      test: plugin ?? firstMetric(result) ?? promptName(prompt),
      strategy: text(caseMetadata.strategyId) ?? (plugin ? "basic" : null),
      caseKey: text(result.id) ?? `test ${result.testIdx ?? index} / prompt ${result.promptIdx ?? 0} / ${model ?? "?"}`,
      location,
      scores: componentScores(result),
      verdict,
      reason,
      prompt: sentPrompt,
      output,
      conversation: conversationOf(
        caseMetadata.redteamHistory ?? (isJsonObject(response.metadata) ? response.metadata.redteamHistory : undefined),
        sentPrompt,
        output,
        context.file.name,
        location,
      ),
      startedAt: context.startedAt,
      completedAt: null,
    },
  };
}

function runOf(context: RunContext, models: Set<string>): ExternalResultsItem {
  return {
    kind: "run",
    run: {
      tool: "promptfoo",
      toolVersion: context.version,
      file: context.file,
      runId: context.runId,
      model: models.size > 0 ? [...models].join(", ") : null,
      startedAt: context.startedAt,
      completedAt: null,
      complete: true,
      notes: context.version ? [] : ["the file does not record promptfoo's version"],
    },
  };
}

/** One score per assertion, with promptfoo's own pass or fail for it. */
function componentScores(result: JsonObject): ExternalScore[] {
  const grading = isJsonObject(result.gradingResult) ? result.gradingResult : null;
  const components = grading && Array.isArray(grading.componentResults) ? grading.componentResults.filter(isJsonObject) : [];
  return components.map((component) => {
    const assertion = isJsonObject(component.assertion) ? component.assertion : {};
    return {
      scorer: text(assertion.type) ?? "assertion",
      value: typeof component.score === "number" ? component.score : null,
      verdict: component.pass === true ? "PASS" : component.pass === false ? "FAIL" : "NOT_APPLICABLE",
    };
  });
}

/** A plain eval's prompt, named by the first line of its label (which may be a whole function's source). */
function promptName(prompt: JsonObject): string {
  const label = text(prompt.label) ?? text(prompt.raw) ?? "(unnamed prompt)";
  const firstLine = label.split("\n")[0];
  return firstLine.length > 80 || firstLine !== label ? `${firstLine.slice(0, 79)}…` : firstLine;
}

function firstMetric(result: JsonObject): string | null {
  const named = isJsonObject(result.namedScores) ? Object.keys(result.namedScores) : [];
  return named[0] ?? null;
}

/** The red-team attacker's exchanges with the target, in order, else the one prompt and its answer. */
function conversationOf(history: unknown, prompt: string, output: string | null, fileName: string, location: string): ConversationTurn[] {
  if (Array.isArray(history) && history.length > 0) {
    return history.flatMap((turn, i) =>
      isJsonObject(turn)
        ? [
            { role: "user", content: text(turn.prompt) ?? "" },
            { role: "assistant", content: outputText(turn.output, fileName, `${location}, redteamHistory[${i}].output`) ?? "" },
          ]
        : [],
    );
  }
  return [{ role: "user", content: prompt }, ...(output === null ? [] : [{ role: "assistant", content: output }])];
}

/** The output as text: a structured one (a provider's JSON, tool calls) as its JSON. */
function outputText(output: unknown, fileName: string, where: string): string | null {
  if (output === undefined || output === null) return null;
  if (typeof output === "string") return output;
  try {
    return JSON.stringify(output);
  } catch (error) {
    // JSON.parse reads any depth; JSON.stringify recurses and runs out of stack.
    if (error instanceof RangeError) throw new ExternalResultsError(fileName, where, "JSON nested too deeply to keep as the output's text");
    throw error;
  }
}
