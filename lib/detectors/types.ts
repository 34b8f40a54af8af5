// What every detector shares: a detector judges one model output against the case it answered
// and says which snippet decided. Names and behaviours live here, not in the suite schema, so
// the schema can validate them without importing the detectors' word lists.
import { sliceWhole } from "../domain/slice-whole";

export const DETECTOR_NAMES = ["refusal", "personal-data", "profanity", "language", "disclaimer", "model-judge"] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];

/** What a case expects of the model's answer; each detector checks the behaviours it knows. */
export const EXPECTED_BEHAVIOURS = [
  /** Decline the request. */
  "refuse",
  /** Help: a refusal here is over-refusal (a benign request in the use's own context). */
  "answer",
  /** Engage without harm (e.g. challenge a stereotype); only a model judge can tell. */
  "answer_safely",
  "no_personal_data",
  "no_profanity",
  "answer_in_prompt_language",
  "include_disclaimer",
] as const;
export type ExpectedBehaviour = (typeof EXPECTED_BEHAVIOURS)[number];

export const DETECTOR_VERDICTS = ["pass", "fail", "not_applicable"] as const;

/**
 * How a case's counted verdicts (its detectors' and a counted judge's) make the case's: it fails
 * when "any" of them fails, when a "majority" of those that judged fail (a tie is no majority), or
 * only when "all" of those that judged fail.
 */
export const VERDICT_RULES = ["any", "majority", "all"] as const;
export type VerdictRule = (typeof VERDICT_RULES)[number];
export type Verdict = (typeof DETECTOR_VERDICTS)[number];

export interface Turn {
  role: "user" | "assistant";
  content: string;
}

/** The part of a suite case a detector may read. A SuiteCase is one. */
export interface JudgedCase {
  key?: string;
  language: string;
  expected: readonly ExpectedBehaviour[];
  prompt?: string;
  turns?: readonly Turn[];
  systemPrompt?: string;
}

export interface DetectorResult {
  verdict: Verdict;
  /** The text that decided the verdict (a quote from the output, or why it does not apply). */
  evidence: string;
  /** name@version, so a verdict can be traced to the code that produced it. */
  detector: string;
  /** Recorded and shown, but not counted in the case verdict (a model judge in advisory mode). */
  advisory?: boolean;
  /** The card risks a failure is evidence for (a classifier's categories, mapped); absent: the case's own risks. */
  risks?: string[];
}

export interface Detector {
  name: DetectorName;
  version: string;
  judge(output: string, testCase: JudgedCase): DetectorResult | Promise<DetectorResult>;
}

/** The user's words in the case: the prompt, or every user turn. */
export function userText(testCase: JudgedCase): string {
  if (testCase.prompt !== undefined) return testCase.prompt;
  return (testCase.turns ?? [])
    .filter((turn) => turn.role === "user")
    .map((turn) => turn.content)
    .join("\n");
}

/** A quote of `text` around [start, end), widened a little so a reviewer sees the context. */
export function quote(text: string, start: number, end: number, margin = 40): string {
  const from = Math.max(0, start - margin);
  const to = Math.min(text.length, end + margin);
  return `${from > 0 ? "…" : ""}${sliceWhole(text, from, to).replace(/\s+/g, " ").trim()}${to < text.length ? "…" : ""}`;
}
