// One entry point for every tool's result file: hash it, tell its format from its content, and
// hand it to that tool's reader. The hash comes before the reading, from a pass over the bytes of its
// own, so that every result carries it and an importer can tell a file it has seen before reading on.
import { constants } from "node:buffer";
import { createHash } from "node:crypto";
import { closeSync, createReadStream, openSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { keptStrings } from "../domain/kept-text";
import { namesOnOneLine } from "./names-on-one-line";
import { formatFromHead, formatOfText, type ExternalFormat } from "./detect-format";
import type { ExternalFile, ExternalResultsItem } from "./external-case-result";
import { ExternalResultsError } from "./external-results-error";
import { readGarakReport } from "./garak-report";
import { readInspectEvalArchive, readInspectJsonLog, type SafeValueFor } from "./inspect-log";
import { DEFAULT_INSPECT_SAFE_VALUE } from "./inspect-safe-value";
import { readPromptfooJsonLines, readPromptfooResults } from "./promptfoo-results";
import { checkUtf8File } from "./utf8-text";
import { zipFileSource } from "./zip-entries";

export interface ReadOptions {
  /** Which Inspect score value means safe, per task; correct is safe when not given. */
  safeValueFor?: SafeValueFor;
  /** The name to record and to name in messages, when the path is a temporary file's (and not already opened). */
  fileName?: string;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * A result file ready to read: its name and sha256, its format and, for a JSON document (a promptfoo
 * results file, an Inspect .json log), the document, parsed once: a 118 MB one takes a second to
 * parse, in which nothing else runs, so the format's detection, the reading and any reading again
 * share one parse.
 */
export interface ResultsFile {
  path: string;
  file: ExternalFile;
  format: ExternalFormat;
  /** The parsed document of the JSON formats; undefined for those read a line or an entry at a time. */
  document?: unknown;
}

/** Hashes the file and tells its format from its first 64 KiB and, for a JSON document, the document. */
export async function openResultsFile(path: string, name = basename(path)): Promise<ResultsFile> {
  const handle = await open(path, "r");
  let head: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length === 0) throw new ExternalResultsError(name, null, "the file is empty");
  if (
    size === head.length &&
    head
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim() === ""
  )
    throw new ExternalResultsError(name, null, "the file is empty: it holds only blank lines");
  if (head.every((byte) => byte === 0))
    throw new ExternalResultsError(
      name,
      null,
      "the file begins with NUL bytes where its text should be: space set aside but never written (a crash or a full disk)",
    );
  const fromHead = formatFromHead(head, name);
  if (fromHead === null)
    throw new ExternalResultsError(name, null, "not a garak report, promptfoo results file or Inspect log (neither JSON nor a ZIP archive)");
  // A JSON document is parsed from one string, which has a longest length; JSON Lines and archives are read a piece at a time.
  if (fromHead === "json" && size > constants.MAX_STRING_LENGTH)
    throw new ExternalResultsError(
      name,
      null,
      `${size} bytes, more than the ${constants.MAX_STRING_LENGTH} a JSON document can be read in: ` +
        "convert an Inspect log to .eval (inspect log convert FILE --to eval --output-dir DIR), or write promptfoo's results as results.jsonl",
    );
  const file: ExternalFile = { name, sha256: await sha256OfFile(path) };
  if (fromHead === "inspect-eval") return { path, file, format: fromHead };
  await checkUtf8File(path, name);
  if (fromHead !== "json") return { path, file, format: fromHead };
  return { path, file, ...formatOfText(await readFile(path, "utf8"), name) };
}

/**
 * Every case result, skipped entry and finally the run, as the file's tool wrote them, with NUL kept
 * as ␀ (lib/domain/kept-text.ts), the same on SQLite and PostgreSQL.
 */
export async function* readExternalResults(source: string | ResultsFile, options: ReadOptions = {}): AsyncGenerator<ExternalResultsItem> {
  const opened = typeof source === "string" ? await openResultsFile(source, options.fileName) : source;
  for await (const item of readAsWritten(opened, options)) yield namesOnOneLine(keptStrings(item));
}

async function* readAsWritten({ path, file, format, document }: ResultsFile, options: ReadOptions): AsyncGenerator<ExternalResultsItem> {
  const safeValueFor = options.safeValueFor ?? (() => DEFAULT_INSPECT_SAFE_VALUE);
  switch (format) {
    case "garak-report":
      yield* readGarakReport(createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity }), file);
      return;
    case "inspect-eval": {
      const fd = openSync(path, "r");
      try {
        yield* readInspectEvalArchive(zipFileSource(fd), file, safeValueFor);
      } finally {
        closeSync(fd);
      }
      return;
    }
    case "inspect-json":
      yield* readInspectJsonLog(document, file, safeValueFor);
      return;
    case "promptfoo-jsonl":
      yield* readPromptfooJsonLines(createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity }), file);
      return;
    case "promptfoo-results":
      yield* readPromptfooResults(document, file);
      return;
  }
}
