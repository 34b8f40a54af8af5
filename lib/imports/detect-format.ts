// Which tool wrote a file, from its content, never its name: a ZIP archive is an Inspect .eval log;
// JSON Lines whose first entry has an entry_type is a garak report, whose first line is a result
// (success and a provider or grading result) promptfoo's `-o results.jsonl`; a JSON object is an
// Inspect .json log when it has eval.task, a promptfoo results file when it has a results list
// (wrapped in results.results from version 3 on). A garak hit log is recognised to be refused: it
// lists only the failures, so it cannot give a rate.
import { ExternalResultsError } from "./external-results-error";
import { isJsonObject, type JsonObject } from "./json-value";
import { parsePythonJson } from "./python-json";
import { isZip } from "./zip-entries";

export const EXTERNAL_FORMATS = ["garak-report", "promptfoo-results", "promptfoo-jsonl", "inspect-json", "inspect-eval"] as const;
export type ExternalFormat = (typeof EXTERNAL_FORMATS)[number];

/** From the first bytes: the format, "json" when only the whole document can tell, null when none of these. */
export function formatFromHead(head: Buffer, fileName: string): "garak-report" | "promptfoo-jsonl" | "inspect-eval" | "json" | null {
  if (isZip(head)) return "inspect-eval";
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    throw new ExternalResultsError(fileName, null, "UTF-16 text, where garak, promptfoo and Inspect write UTF-8: save it as UTF-8");
  const start = head
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (start.startsWith("["))
    throw new ExternalResultsError(
      fileName,
      null,
      "a JSON list, where garak writes one JSON object a line and promptfoo and Inspect one JSON object: import the file the tool wrote",
    );
  if (!start.startsWith("{")) return null;
  // A report's first line may be longer than the head: its first key says enough. Its first line a
  // lone "{" is a report re-written with each entry over several lines, which no line of it reads as.
  if (/^\{[ \t]*[\r\n]\s*"entry_type"\s*:/.test(start))
    throw new ExternalResultsError(
      fileName,
      "line 1",
      "a garak report with its entries spread over several lines (pretty-printed, as jq . writes it), where garak writes one entry a line: " +
        "import the report garak wrote, or put each entry back on one line (jq -c . FILE)",
    );
  if (/^\{\s*"entry_type"\s*:/.test(start)) return "garak-report";
  const newline = firstLineEnd(start);
  const first = newline > 0 ? firstLineObject(start.slice(0, newline)) : null;
  return (first && formatOfFirstLine(first, fileName)) ?? "json";
}

/**
 * Where the first line ends: at LF, CRLF or CR alone (an editor set to classic Mac OS line ends), as
 * the line readers (readline) end lines; -1 when the text is one line.
 */
function firstLineEnd(text: string): number {
  return text.search(/[\r\n]/);
}

/** The first line as a JSON object; null when it is not one (a pretty-printed document's "{"). */
function firstLineObject(line: string): JsonObject | null {
  try {
    const value = JSON.parse(line);
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}

function formatOfFirstLine(first: JsonObject, fileName: string): "garak-report" | "promptfoo-jsonl" | null {
  if (typeof first.entry_type === "string") return "garak-report";
  if ("attempt_id" in first && "detector" in first && "probe" in first) {
    throw new ExternalResultsError(
      fileName,
      "line 1",
      "a garak hit log, which lists only the outputs that failed: import the run's report (.report.jsonl) to count passes too",
    );
  }
  if (typeof first.success === "boolean" && ("provider" in first || "gradingResult" in first)) return "promptfoo-jsonl";
  return null;
}

/**
 * From the whole text, when its head did not tell: JSON Lines whose first line did not fit in the head
 * (a promptfoo result with a long output) or is the only line with no line end after it (as promptfoo
 * wrote its last line before it ended each with os.EOL), else a JSON document and its format.
 */
export function formatOfText(textWithMark: string, fileName: string): { format: ExternalFormat; document?: unknown } {
  const text = textWithMark.replace(/^\uFEFF/, "").trimStart();
  const newline = firstLineEnd(text);
  const first = firstLineObject(newline < 0 ? text : text.slice(0, newline));
  const fromLine = first && formatOfFirstLine(first, fileName);
  if (fromLine) return { format: fromLine };
  // A document on one line is already read.
  const document = first && (newline < 0 || text.slice(newline).trim() === "") ? first : parsePythonJson(text, fileName);
  const format = formatOfJson(document);
  if (!format) throw new ExternalResultsError(fileName, null, "JSON, but neither a promptfoo results file (no results list) nor an Inspect log (no eval.task)");
  return { format, document };
}

/** A whole JSON document's format, or null when it is neither tool's. */
function formatOfJson(document: unknown): "promptfoo-results" | "inspect-json" | null {
  if (!isJsonObject(document)) return null;
  if (isJsonObject(document.eval) && typeof document.eval.task === "string") return "inspect-json";
  if (isJsonObject(document.results) && Array.isArray(document.results.results)) return "promptfoo-results";
  if (Array.isArray(document.results) && typeof document.version === "number") return "promptfoo-results";
  return null;
}
