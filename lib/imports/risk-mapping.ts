// Which risks another tool's results are evidence for: the mapping kept as YAML in
// content/mappings/ (default.yaml says how to read it), from garak probes, promptfoo plugins and
// strategies, and Inspect tasks to risk codes, plus the uses the results count in and, for
// Inspect, which score value means safe per task.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { contentDir } from "../content/paths";
import type { ExternalCaseResult } from "./external-case-result";
import type { SafeValueFor } from "./inspect-log";
import { DEFAULT_INSPECT_SAFE_VALUE, inspectSafeValueSchema } from "./inspect-safe-value";

export const DEFAULT_MAPPING_FILE = path.join(contentDir, "mappings", "default.yaml");

const riskCodes = z.array(z.string().regex(/^R\d+$/, "a risk code such as R3"));

export const riskMappingSchema = z
  .object({
    uses: z.union([z.literal("all"), z.array(z.string().regex(/^U\d+$/, "a use code such as U2")).min(1)]).default("all"),
    garak: z.object({ probes: z.record(z.string(), riskCodes).default({}) }).strict().default({ probes: {} }),
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

export function parseRiskMapping(text: string, file: string): RiskMapping {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new RiskMappingError(file, [`YAML: ${(error as Error).message.split("\n")[0]}`]);
  }
  const parsed = riskMappingSchema.safeParse(document ?? {});
  if (!parsed.success) throw new RiskMappingError(file, parsed.error.issues.map((issue) => `${issue.path.join(".") || "(mapping)"}: ${issue.message}`));
  return parsed.data;
}

export function loadRiskMapping(file = DEFAULT_MAPPING_FILE): RiskMapping {
  return parseRiskMapping(readFileSync(file, "utf8"), file);
}

/** The risks a result is evidence for, and the keys of the mapping that said so; none matched: unmapped. */
export interface MappedRisks {
  risks: string[];
  /** "lmrc.* -> R1": empty when no key matched. */
  matchedBy: string[];
}

export function risksFor(mapping: RiskMapping, result: Pick<ExternalCaseResult, "tool" | "test" | "strategy">): MappedRisks {
  const found: { key: string; risks: string[] }[] = [];
  const add = (table: Record<string, string[]>, name: string | null) => {
    const key = name === null ? null : matchingKey(Object.keys(table), name);
    if (key !== null) found.push({ key, risks: table[key] });
  };
  if (result.tool === "garak") add(mapping.garak.probes, result.test.replace(/^garak\.probes\./, ""));
  if (result.tool === "promptfoo") {
    add(mapping.promptfoo.plugins, result.test);
    add(mapping.promptfoo.strategies, result.strategy);
  }
  if (result.tool === "inspect") {
    const tasks = Object.fromEntries(Object.entries(mapping.inspect.tasks).map(([task, entry]) => [task, entry.risks]));
    add(tasks, result.test);
  }
  const risks = [...new Set(found.flatMap((entry) => entry.risks))].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return { risks, matchedBy: found.map((entry) => `${entry.key} -> ${entry.risks.length > 0 ? entry.risks.join(", ") : "no risk"}`) };
}

/** Which Inspect score value means safe for a task: the mapping's `safe` for it, else correct is safe. */
export function safeValueFor(mapping: RiskMapping): SafeValueFor {
  return (task) => {
    const key = matchingKey(Object.keys(mapping.inspect.tasks), task);
    return (key !== null && mapping.inspect.tasks[key].safe) || DEFAULT_INSPECT_SAFE_VALUE;
  };
}

/** The key naming `name` exactly, else the longest pattern (`*`: any characters) matching it. */
function matchingKey(keys: string[], name: string): string | null {
  if (keys.includes(name)) return name;
  const patterns = keys.filter((key) => key.includes("*") && globPattern(key).test(name));
  return patterns.sort((a, b) => b.length - a.length)[0] ?? null;
}

function globPattern(key: string): RegExp {
  return new RegExp(`^${key.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}
