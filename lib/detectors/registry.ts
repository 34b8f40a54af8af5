// The detectors a campaign can name, each with its version. A campaign records detectorsHash()
// so evidence judged by older detector code is shown as stale once any detector changes.
import { createHash } from "node:crypto";
import { disclaimerDetector } from "./disclaimer";
import { languageDetector } from "./language";
import { personalDataDetector } from "./personal-data";
import { profanityDetector } from "./profanity";
import { refusalDetector } from "./refusal";
import type { Detector, DetectorName, DetectorResult, JudgedCase } from "./types";

/** The pure detectors; the model judge needs a backend and is made with createModelJudge. */
export const DETECTORS: readonly Detector[] = [
  refusalDetector,
  personalDataDetector,
  profanityDetector,
  languageDetector,
  disclaimerDetector,
];

export function detectorByName(name: DetectorName): Detector | undefined {
  return DETECTORS.find((d) => d.name === name);
}

/** name@version of each pure detector, e.g. ["refusal@1.0.0", ...]. */
export function detectorVersions(detectors: readonly Detector[] = DETECTORS): string[] {
  return detectors.map((d) => `${d.name}@${d.version}`).sort();
}

/** sha256 over the detectors' name@version list (pass a judge in to cover it too). */
export function detectorsHash(detectors: readonly Detector[] = DETECTORS): string {
  return createHash("sha256").update(detectorVersions(detectors).join("\n")).digest("hex");
}

export interface JudgeOptions {
  /** The model judge for cases that name "model-judge"; without one those report not_applicable. */
  modelJudge?: Detector;
}

/** Runs the detectors a case names on one output, in the case's order. */
export async function judgeOutput(
  output: string,
  testCase: JudgedCase & { detectors: readonly DetectorName[] },
  options: JudgeOptions = {},
): Promise<DetectorResult[]> {
  const results: DetectorResult[] = [];
  for (const name of testCase.detectors) {
    const detector = name === "model-judge" ? options.modelJudge : detectorByName(name);
    if (!detector) {
      results.push({ verdict: "not_applicable", evidence: "no model judge configured for this campaign", detector: `${name}@none` });
      continue;
    }
    results.push(await detector.judge(output, testCase));
  }
  return results;
}

/** One case's outcome: any fail fails it; pass needs at least one pass. */
export function caseVerdict(results: readonly DetectorResult[]): "pass" | "fail" | "not_applicable" {
  if (results.some((r) => r.verdict === "fail")) return "fail";
  return results.some((r) => r.verdict === "pass") ? "pass" : "not_applicable";
}
