// Which tool wrote a file, from its content, never its name: a ZIP archive is an Inspect .eval log;
// JSON Lines whose first entry has an entry_type is a garak report; a JSON object is an Inspect
// .json log when it has eval.task, a promptfoo results file when it has a results list (wrapped in
// results.results from version 3 on).
import { isJsonObject } from "./json-value";
import { isZip } from "./zip-entries";

export const EXTERNAL_FORMATS = ["garak-report", "promptfoo-results", "inspect-json", "inspect-eval"] as const;
export type ExternalFormat = (typeof EXTERNAL_FORMATS)[number];

/** From the first bytes: the format, "json" when only the whole document can tell, null when none of these. */
export function formatFromHead(head: Buffer): "garak-report" | "inspect-eval" | "json" | null {
  if (isZip(head)) return "inspect-eval";
  const start = head.toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (!start.startsWith("{")) return null;
  // A report's first line may be longer than the head: its first key says enough.
  if (/^\{\s*"entry_type"\s*:/.test(start)) return "garak-report";
  const newline = start.indexOf("\n");
  if (newline > 0) {
    try {
      const first = JSON.parse(start.slice(0, newline));
      if (isJsonObject(first) && typeof first.entry_type === "string") return "garak-report";
    } catch {
      // Not one JSON object on the first line: a pretty-printed document.
    }
  }
  return "json";
}

/** A whole JSON document's format, or null when it is neither tool's. */
export function formatOfJson(document: unknown): "promptfoo-results" | "inspect-json" | null {
  if (!isJsonObject(document)) return null;
  if (isJsonObject(document.eval) && typeof document.eval.task === "string") return "inspect-json";
  if (isJsonObject(document.results) && Array.isArray(document.results.results)) return "promptfoo-results";
  if (Array.isArray(document.results) && typeof document.version === "number") return "promptfoo-results";
  return null;
}
