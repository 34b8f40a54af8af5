// Python's json module writes NaN, Infinity and -Infinity, which JSON.parse refuses, and garak and
// Inspect write their files with it. Outside strings those words are read here as the strings
// "NaN", "Infinity", "-Infinity": a reader then sees a value that is not a number and gives it no
// verdict, instead of the whole file being refused.
import { ExternalResultsError } from "./external-results-error";

/**
 * Parses `text` as JSON that Python may have written; a syntax error names the file, where, and line
 * and column. A byte order mark before it (which Windows editors and PowerShell write, and which
 * JSON.parse refuses) is not part of it.
 */
export function parsePythonJson(textWithMark: string, fileName: string, where: string | null = null): unknown {
  const text = textWithMark.replace(/^\uFEFF/, "");
  try {
    return JSON.parse(text);
  } catch (firstError) {
    const quoted = quoteNonFiniteNumbers(text);
    try {
      if (quoted !== text) return JSON.parse(quoted);
    } catch {
      // The rewritten text fails too: the first error, on the bytes as written, is the one to show.
    }
    throw new ExternalResultsError(fileName, where, `not valid JSON: ${describeSyntaxError(text, firstError as Error)}`);
  }
}

const NON_FINITE = ["-Infinity", "Infinity", "NaN"];

function quoteNonFiniteNumbers(text: string): string {
  const parts: string[] = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    if (char !== "N" && char !== "I" && char !== "-") continue;
    const word = NON_FINITE.find((candidate) => text.startsWith(candidate, i));
    if (!word) continue;
    parts.push(text.slice(start, i), `"${word}"`);
    i += word.length - 1;
    start = i + 1;
  }
  return parts.length === 0 ? text : parts.join("") + text.slice(start);
}

function describeSyntaxError(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  const offset = position ? Number(position[1]) : /end of JSON input/.test(error.message) ? text.length : null;
  if (offset === null) return error.message;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  const what =
    offset >= text.length
      ? "the text ends too soon (truncated?)"
      : error.message.replace(/ in JSON at position \d+.*$/, "").replace(/, ".*" is not valid JSON$/, "");
  return `line ${line}, column ${column}: ${what}`;
}
