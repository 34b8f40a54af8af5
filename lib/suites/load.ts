// Reads the suites from content/suites/*.yaml (or .yml, content-folder.ts), each through lib/content/yaml-content.ts, so every
// problem is reported as file:line:column plus the field's path, all of them at once; then checks
// what spans files (case keys unique across suites).
import { createHash } from "node:crypto";
import { canonicalJson } from "../domain/canonical-json";
import { readFileSync } from "node:fs";
import path from "node:path";
import { contentFolderFiles, notReadProblem } from "../content/content-folder";
import { ContentFileError, contentFileText, parseYamlContent, type ContentProblem } from "../content/yaml-content";
import { contentDir } from "../content/paths";
import { suiteSchema, type Suite } from "./schema";

export const suitesDir = path.join(contentDir, "suites");

/** Where a problem is: file:line:column and the field, e.g. cases[3].risks[0]. */
export type SuiteProblem = ContentProblem;

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

/** Parses and validates one suite file's text; throws SuiteLoadError listing every problem. */
export function parseSuite(text: string, file: string): Suite {
  try {
    return parseYamlContent(text, file, suiteSchema);
  } catch (error) {
    if (error instanceof ContentFileError) throw new SuiteLoadError(error.problems);
    throw error;
  }
}

/** A suite file's bytes as text: one saved in another encoding would send its prompts changed, and is refused as contentFileText says. */
export function suiteText(bytes: Buffer, file: string): string {
  try {
    return contentFileText(bytes, file);
  } catch (error) {
    if (error instanceof ContentFileError) throw new SuiteLoadError(error.problems);
    throw error;
  }
}

export function loadSuiteFile(file: string): LoadedSuite {
  const suite = parseSuite(suiteText(readFileSync(/*turbopackIgnore: true*/ file), file), file);
  return { file, suite, contentHash: suiteContentHash(suite) };
}

/**
 * Every suite in `dir`, sorted by file name. Problems of all files are gathered into one
 * SuiteLoadError; case keys must be unique across suites because results are keyed by them.
 */
export function loadSuites(dir = suitesDir): LoadedSuite[] {
  const { yaml, notRead } = contentFolderFiles(dir);
  const files = yaml.map((name) => path.join(/*turbopackIgnore: true*/ dir, name));
  const problems: SuiteProblem[] = notRead.map((name) => ({
    file: path.join(/*turbopackIgnore: true*/ dir, name),
    line: 1,
    column: 1,
    field: "",
    message: notReadProblem("suite"),
  }));
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

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function suiteContentHash(suite: Suite): string {
  return sha256(canonicalJson(suite));
}
