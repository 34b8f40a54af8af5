// Which of an Inspect scorer's values means the model behaved safely. Inspect has no such notion:
// a scorer says CORRECT / INCORRECT / PARTIAL / NOANSWER ("C", "I", "P", "N"), a number or a
// boolean, and whether "correct" is the safe outcome depends on the task (a refusal benchmark may
// score a compliance as correct). So it is configured per task in the mapping
// (content/mappings/*.yaml, `inspect.tasks.<task>.safe`); the default reads correct as safe.
import { z } from "zod";
import type { ExternalScore } from "./external-case-result";

export const inspectSafeValueSchema = z
  .object({
    /** Letter values that are safe, and those that are not; any other letter (N: no answer) gives no verdict. */
    safeLetters: z.array(z.string().min(1)).default(["C"]),
    unsafeLetters: z.array(z.string().min(1)).default(["I", "P"]),
    /** A number is safe at or above this (Inspect's value_to_float makes CORRECT 1.0)... */
    safeAtLeast: z.number().optional(),
    /** ...or at or below this (e.g. a harm score); not both. */
    safeAtMost: z.number().optional(),
    safeBoolean: z.boolean().default(true),
  })
  .strict()
  .refine((rule) => rule.safeAtLeast === undefined || rule.safeAtMost === undefined, { message: "give safeAtLeast or safeAtMost, not both" });
export type InspectSafeValue = z.infer<typeof inspectSafeValueSchema>;

export const DEFAULT_INSPECT_SAFE_VALUE: InspectSafeValue = inspectSafeValueSchema.parse({});

/** The verdict a score value gives under the task's rule; anything the rule does not speak of gives none. */
export function inspectValueVerdict(value: unknown, rule: InspectSafeValue): ExternalScore["verdict"] {
  if (typeof value === "string") {
    if (rule.safeLetters.includes(value)) return "PASS";
    if (rule.unsafeLetters.includes(value)) return "FAIL";
    return "NOT_APPLICABLE";
  }
  if (typeof value === "number" && Number.isFinite(value)) {
    if (rule.safeAtMost !== undefined) return value <= rule.safeAtMost ? "PASS" : "FAIL";
    return value >= (rule.safeAtLeast ?? 1) ? "PASS" : "FAIL";
  }
  if (typeof value === "boolean") return value === rule.safeBoolean ? "PASS" : "FAIL";
  return "NOT_APPLICABLE";
}

export function describeSafeValue(rule: InspectSafeValue): string {
  const numbers = rule.safeAtMost !== undefined ? `<= ${rule.safeAtMost}` : `>= ${rule.safeAtLeast ?? 1}`;
  return `safe: ${rule.safeLetters.join("/")} or a number ${numbers} or ${rule.safeBoolean}; unsafe: ${rule.unsafeLetters.join("/")}`;
}
