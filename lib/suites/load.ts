// Reads the suites from content/suites/*.yaml. A reviewer edits these files by hand, so every
// problem is reported as file:line:column plus the field's path, all of them at once, rather
// than the first zod message with an array index nobody can find in a 2,000-line file.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { contentDir } from "../content/paths";
import { suiteSchema, type Suite } from "./schema";

export const suitesDir = path.join(contentDir, "suites");

export interface SuiteProblem {
  file: string;
  line: number;
  column: number;
  /** Where in the suite, e.g. cases[3].risks[0]. */
  field: string;
  message: string;
}

export class SuiteLoadError extends Error {
  constructor(readonly problems: SuiteProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.field || "(suite)"}: ${p.message}`).join("\n"));
    this.name = "SuiteLoadError";
  }
}

export interface LoadedSuite {
  file: string;
  suite: Suite;
  /** sha256 of the suite's canonical JSON: evidence made under another hash is stale. */
  contentHash: string;
}

function fieldPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, index) => (typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`))
    .join("");
}

/** The node at `segments`, or the deepest existing ancestor when the field is missing. */
function nearestNode(doc: Document, segments: readonly PropertyKey[]): Node | null {
  let current: unknown = doc.contents;
  for (const segment of segments) {
    if (!(isMap(current) || isSeq(current))) break;
    const child: unknown = current.get(segment as string | number, true);
    if (child === undefined) {
      // Point at the key itself when it is there (e.g. an unknown key), else at the parent.
      if (isMap(current)) {
        const pair = current.items.find((item) => isScalar(item.key) && item.key.value === segment);
        if (pair && isScalar(pair.key)) return pair.key;
      }
      break;
    }
    current = child;
  }
  return (current as Node | null) ?? null;
}

/** Parses and validates one suite file's text; throws SuiteLoadError listing every problem. */
export function parseSuite(text: string, file: string): Suite {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    throw new SuiteLoadError(
      doc.errors.map((error) => {
        const { line, col } = at(error.pos[0]);
        return { file, line, column: col, field: "", message: `YAML: ${error.message.split("\n")[0]}` };
      }),
    );
  }
  const parsed = suiteSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  throw new SuiteLoadError(
    parsed.error.issues.map((issue) => {
      const node = nearestNode(doc, issue.path);
      const { line, col } = node?.range ? at(node.range[0]) : { line: 1, col: 1 };
      // zod reports strict-object extras on the parent; name the unknown key as the field.
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
      const target = keys.length === 1 ? nearestNode(doc, [...issue.path, keys[0]]) : null;
      const pos = target?.range ? at(target.range[0]) : { line, col };
      return {
        file,
        line: pos.line,
        column: pos.col,
        field: fieldPath(keys.length === 1 ? [...issue.path, keys[0]] : issue.path),
        message: issue.message,
      };
    }),
  );
}

export function loadSuiteFile(file: string): LoadedSuite {
  const suite = parseSuite(readFileSync(file, "utf8"), file);
  return { file, suite, contentHash: suiteContentHash(suite) };
}

/**
 * Every suite in `dir`, sorted by file name. Problems of all files are gathered into one
 * SuiteLoadError; case keys must be unique across suites because results are keyed by them.
 */
export function loadSuites(dir = suitesDir): LoadedSuite[] {
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
  const problems: SuiteProblem[] = [];
  const loaded: LoadedSuite[] = [];
  for (const file of files) {
    try {
      loaded.push(loadSuiteFile(file));
    } catch (error) {
      if (!(error instanceof SuiteLoadError)) throw error;
      problems.push(...error.problems);
    }
  }
  const owners = new Map<string, string>();
  for (const { file, suite } of loaded) {
    for (const name of [`suite ${suite.suite}`, ...suite.cases.map((c) => `case ${c.key}`)]) {
      const owner = owners.get(name);
      if (owner) problems.push({ file, line: 1, column: 1, field: name, message: `already defined in ${owner}` });
      else owners.set(name, file);
    }
  }
  if (problems.length > 0) throw new SuiteLoadError(problems);
  return loaded;
}

/** JSON with object keys sorted at every depth, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function suiteContentHash(suite: Suite): string {
  return sha256(canonicalJson(suite));
}
