// Which risks another tool's results are evidence for: the mapping kept as YAML in
// content/mappings/ (default.yaml says how to read it), from garak probes, promptfoo plugins and
// strategies, and Inspect tasks to risk codes, plus the uses the results count in and, for
// Inspect, which score value means safe per task.
import { readFileSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { contentDir } from "../content/paths";
import { fieldPath, withLfLineEnds } from "../content/yaml-content";
import { yamlNestedTooDeep } from "../content/yaml-nesting";
import { firstNotPlainValue } from "../content/yaml-plain";
import type { ExternalCaseResult } from "./external-case-result";
import type { SafeValueFor } from "./inspect-log";
import { DEFAULT_INSPECT_SAFE_VALUE, inspectSafeValueSchema } from "./inspect-safe-value";
import { isJsonObject } from "./json-value";
import { utf8FileText } from "./utf8-text";
import { byCodeNumber } from "../domain/cell-key";

/** Where mapping files live: content/mappings/, or RISKLEDGER_MAPPINGS_DIR (tests edit a copy, never the repository's). */
export function mappingsDir(): string {
  return process.env.RISKLEDGER_MAPPINGS_DIR ?? path.join(contentDir, "mappings");
}

/** The mapping imports use unless told another: the one edited in the browser. */
export function defaultMappingFile(): string {
  return path.join(mappingsDir(), "default.yaml");
}

const riskCodes = z.array(z.string().regex(/^R\d+$/, "a risk code such as R3"));

export const riskMappingSchema = z
  .object({
    uses: z.union([z.literal("all"), z.array(z.string().regex(/^U\d+$/, "a use code such as U2")).min(1)]).default("all"),
    garak: z
      .object({ probes: z.record(z.string(), riskCodes).default({}) })
      .strict()
      .default({ probes: {} }),
    promptfoo: z
      .object({ plugins: z.record(z.string(), riskCodes).default({}), strategies: z.record(z.string(), riskCodes).default({}) })
      .strict()
      .default({ plugins: {}, strategies: {} }),
    inspect: z
      .object({ tasks: z.record(z.string(), z.object({ risks: riskCodes.default([]), safe: inspectSafeValueSchema.optional() }).strict()).default({}) })
      .strict()
      .default({ tasks: {} }),
  })
  .strict();
export type RiskMapping = z.infer<typeof riskMappingSchema>;

export class RiskMappingError extends Error {
  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.join("; ")}`);
    this.name = "RiskMappingError";
  }
}

const MAPPING_KEYS = Object.keys(riskMappingSchema.shape);

export function parseRiskMapping(written: string, file: string): RiskMapping {
  const text = withLfLineEnds(written);
  const tooDeep = yamlNestedTooDeep(text);
  if (tooDeep) throw new RiskMappingError(file, [`line ${tooDeep.line}: ${tooDeep.problem}`]);
  const lineCounter = new LineCounter();
  const yaml = parseDocument(text, { lineCounter });
  let document: unknown;
  try {
    if (yaml.errors.length > 0) throw yaml.errors[0];
    document = yaml.toJS();
  } catch (error) {
    throw new RiskMappingError(file, [`YAML: ${(error as Error).message.split("\n")[0]}`]);
  }
  // Another kind of file (settings, a result file) given as the mapping: its keys may be secrets, and
  // are not what is wrong with it; what a mapping holds is.
  if (document !== null && (!isJsonObject(document) || !MAPPING_KEYS.some((key) => Object.hasOwn(document, key))))
    throw new RiskMappingError(file, [
      `not a risk mapping: expected YAML with ${MAPPING_KEYS.slice(0, -1).join(", ")} or ${MAPPING_KEYS.at(-1)} at the top, as in content/mappings/default.yaml`,
    ]);
  const notPlain = firstNotPlainValue(yaml);
  if (notPlain) {
    const field = fieldPath(notPlain.field);
    throw new RiskMappingError(file, [`line ${lineCounter.linePos(notPlain.offset).line}: ${field ? `${field}: ` : ""}${notPlain.problem}`]);
  }
  const parsed = riskMappingSchema.safeParse(document ?? {});
  if (!parsed.success)
    throw new RiskMappingError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "(mapping)"}: ${issue.message}`),
    );
  return parsed.data;
}

/**
 * A mapping file's bytes as text. Decoding bytes that are not UTF-8 puts U+FFFD in their place without
 * a word, so a key saved in another encoding would match no probe, and the import would cite the hash
 * of text the file does not hold: such a file is refused at its first such byte, as a card file is.
 */
export function riskMappingText(bytes: Buffer, file: string): string {
  const read = utf8FileText(bytes);
  if ("notUtf8" in read) throw new RiskMappingError(file, [`line ${read.notUtf8.line}: ${read.notUtf8.problem}`]);
  return read.text;
}

export function loadRiskMapping(file = defaultMappingFile()): RiskMapping {
  return parseRiskMapping(riskMappingText(readFileSync(/*turbopackIgnore: true*/ file), file), file);
}

/** The risks a result is evidence for, and the keys of the mapping that said so; none matched: unmapped. */
export interface MappedRisks {
  risks: string[];
  /** "lmrc.* -> R1": empty when no key matched. */
  matchedBy: string[];
}

export function risksFor(mapping: RiskMapping, result: Pick<ExternalCaseResult, "tool" | "test" | "strategy">): MappedRisks {
  const found: { key: string; risks: string[] }[] = [];
  const add = <T>(table: Record<string, T>, name: string | null, risksOf: (entry: T) => string[]) => {
    const key = name === null ? null : matchingKey(table, name);
    if (key !== null) found.push({ key, risks: risksOf(table[key]) });
  };
  const listed = (risks: string[]) => risks;
  if (result.tool === "garak") add(mapping.garak.probes, result.test.replace(/^garak\.probes\./, ""), listed);
  if (result.tool === "promptfoo") {
    add(mapping.promptfoo.plugins, result.test, listed);
    add(mapping.promptfoo.strategies, result.strategy, listed);
  }
  if (result.tool === "inspect") add(mapping.inspect.tasks, result.test, (entry) => entry.risks);
  const risks = [...new Set(found.flatMap((entry) => entry.risks))].sort(byCodeNumber);
  return { risks, matchedBy: found.map((entry) => `${entry.key} -> ${entry.risks.length > 0 ? entry.risks.join(", ") : "no risk"}`) };
}

/** Which Inspect score value means safe for a task: the mapping's `safe` for it, else correct is safe. */
export function safeValueFor(mapping: RiskMapping): SafeValueFor {
  return (task) => {
    const key = matchingKey(mapping.inspect.tasks, task);
    return (key !== null && mapping.inspect.tasks[key].safe) || DEFAULT_INSPECT_SAFE_VALUE;
  };
}

/** The key naming `name` exactly, else the longest pattern (`*`: any characters) matching it. */
function matchingKey(table: Record<string, unknown>, name: string): string | null {
  if (Object.hasOwn(table, name)) return name;
  return patternKeys(table).find((key) => globMatches(key, name)) ?? null;
}

// Sorted once per table: an import asks for every result, a million times for a large report.
const sortedPatterns = new WeakMap<object, string[]>();

/** The table's patterns, longest first. */
function patternKeys(table: Record<string, unknown>): string[] {
  let keys = sortedPatterns.get(table);
  if (!keys) {
    keys = Object.keys(table)
      .filter((key) => key.includes("*"))
      .sort((a, b) => b.length - a.length);
    sortedPatterns.set(table, keys);
  }
  return keys;
}

/**
 * Whether `name` is `pattern` with each `*` standing for any characters, none included. Each `*`
 * takes as little as it can and gives up one character at a time, returning only to the last `*`:
 * at most name x pattern steps. A regular expression of `.*` parts tries every split among all the
 * stars instead, and a reviewer's key of a dozen stars held an import for minutes on one name.
 */
function globMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let lastStar = -1;
  let starTook = 0;
  while (n < name.length) {
    if (pattern[p] === "*") {
      lastStar = p++;
      starTook = n;
    } else if (p < pattern.length && pattern[p] === name[n]) {
      p++;
      n++;
    } else if (lastStar >= 0) {
      p = lastStar + 1;
      n = ++starTook;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}
