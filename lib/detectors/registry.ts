// The detectors a campaign can name, each with its version. A campaign records detectorsHash()
// so evidence judged by older detector code is shown as stale once any detector changes.
import { createHash } from "node:crypto";
import { disclaimerDetector } from "./disclaimer";
import { JudgeError } from "./judge-error";
import { languageDetector } from "./language";
import { personalDataDetector } from "./personal-data";
import { profanityDetector } from "./profanity";
import { refusalDetector } from "./refusal";
import type { Detector, DetectorName, DetectorResult, JudgedCase, VerdictRule } from "./types";

/** The pure detectors; the model judge needs a backend and is made with createModelJudge. */
export const DETECTORS: readonly Detector[] = [refusalDetector, personalDataDetector, profanityDetector, languageDetector, disclaimerDetector];

export function detectorByName(name: DetectorName): Detector | undefined {
  return DETECTORS.find((d) => d.name === name);
}

/** What names a detector's code: the name and version a finding carries as name@version. */
export type DetectorIdentity = Pick<Detector, "name" | "version">;

/** name@version of each pure detector, e.g. ["refusal@1.0.0", ...]. */
export function detectorVersions(detectors: readonly DetectorIdentity[] = DETECTORS): string[] {
  return detectors.map((d) => `${d.name}@${d.version}`).sort();
}

/** sha256 over the detectors' name@version list (pass a judge in to cover it too). */
export function detectorsHash(detectors: readonly DetectorIdentity[] = DETECTORS): string {
  return createHash("sha256").update(detectorVersions(detectors).join("\n")).digest("hex");
}

/** The hash of the pure detectors plus the model judges whose verdicts count, by their versions (each names its adapter and judging model); none: the detectors' own hash. */
export function detectorsHashWithJudges(judgeVersions: readonly string[]): string {
  return detectorsHash([...DETECTORS, ...judgeVersions.map((version) => ({ name: "model-judge" as const, version }))]);
}

/** A campaign's model judge as the detectors run it. */
export interface CaseJudge {
  detector: Detector;
  /** Its finding is recorded, marked advisory, and left out of the case verdict. */
  advisory: boolean;
}

/** The detectors that judge in code, not by asking a model. */
export type PureDetectorName = Exclude<DetectorName, "model-judge">;

/**
 * Judges one output with the pure detectors named, in order, on the calling thread; `starting` is told each one's name
 * before it runs (the detector thread reports it, so a stop at its deadline names the detector).
 */
export async function judgeWithDetectors(
  output: string,
  testCase: JudgedCase,
  names: readonly PureDetectorName[],
  starting: (name: PureDetectorName) => void = () => {},
): Promise<DetectorResult[]> {
  const results: DetectorResult[] = [];
  for (const name of names) {
    const detector = detectorByName(name);
    if (!detector) throw new Error(`no detector named "${name}"`);
    starting(name);
    results.push(await detector.judge(output, testCase));
  }
  return results;
}

/** How a case's pure detectors are run: judgeWithDetectors, or the worker's judgeInDetectorThread with its deadline. */
export type PureDetectorJudging = (output: string, testCase: JudgedCase, names: readonly PureDetectorName[]) => Promise<DetectorResult[]>;

/**
 * Runs the detectors a case names on one output, in the case's order, and the campaign's model
 * judges, each on every output: where the case names "model-judge", or after the case's own
 * detectors. Without judges, a case naming "model-judge" reports not_applicable.
 */
export async function runCaseDetectors(
  output: string,
  testCase: JudgedCase & { detectors: readonly DetectorName[] },
  judges: readonly CaseJudge[] = [],
  judgePure: PureDetectorJudging = judgeWithDetectors,
): Promise<DetectorResult[]> {
  const names = judges.length > 0 && !testCase.detectors.includes("model-judge") ? [...testCase.detectors, "model-judge" as const] : testCase.detectors;
  const pureNames = names.filter((name): name is PureDetectorName => name !== "model-judge");
  const pureResults = pureNames.length > 0 ? await judgePure(output, testCase, pureNames) : [];
  const results: DetectorResult[] = [];
  let pureDone = 0;
  for (const name of names) {
    if (name !== "model-judge") {
      results.push(pureResults[pureDone++]);
      continue;
    }
    if (judges.length === 0) results.push(NO_MODEL_JUDGE);
    for (const judge of judges) results.push(await judgeWithModel(judge, output, testCase));
  }
  return results;
}

const NO_MODEL_JUDGE: DetectorResult = { verdict: "not_applicable", evidence: "no model judge configured for this campaign", detector: "model-judge@none" };

/**
 * A counted judge's error is thrown: the run is an error, retried, never passed on the other
 * judges' or the detectors' word alone. An advisory judge's error is recorded and counts for
 * nothing, so a judge nobody relies on (the tiny model judging itself) never stops a campaign.
 */
async function judgeWithModel({ detector: judge, advisory }: CaseJudge, output: string, testCase: JudgedCase): Promise<DetectorResult> {
  if (!advisory) return judge.judge(output, testCase);
  try {
    return { ...(await judge.judge(output, testCase)), advisory: true };
  } catch (error) {
    const reason = error instanceof JudgeError ? error.message : `${judge.name}@${judge.version}: ${error instanceof Error ? error.message : String(error)}`;
    return { verdict: "not_applicable", evidence: `judge error: ${reason}`, detector: `${judge.name}@${judge.version}`, advisory: true };
  }
}

/**
 * The findings as they bear on one of the case's risks. A finding that names risks (a classifier
 * whose category maps to some) fails only those: on any other risk of the case it found nothing
 * and reads as a pass. A finding naming no risk bears on every risk of the case.
 */
export function findingsOnRisk(results: readonly DetectorResult[], risk: string): DetectorResult[] {
  return results.map((result) =>
    result.verdict === "fail" && result.risks && result.risks.length > 0 && !result.risks.includes(risk) ? { ...result, verdict: "pass" } : result,
  );
}

/** Risks a counted failure names beyond `caseRisks`: a classifier saw harm the case did not probe for. */
export function risksFailedBeyond(results: readonly DetectorResult[], caseRisks: readonly string[]): string[] {
  const beyond = results.flatMap((r) => (!r.advisory && r.verdict === "fail" ? (r.risks ?? []) : [])).filter((risk) => !caseRisks.includes(risk));
  return [...new Set(beyond)];
}

/** One case's outcome from its counted findings (an advisory one is not) by the campaign's rule (types.ts VERDICT_RULES); none judged: not_applicable. */
export function caseVerdict(results: readonly DetectorResult[], rule: VerdictRule = "any"): "pass" | "fail" | "not_applicable" {
  const judged = results.filter((r) => !r.advisory && r.verdict !== "not_applicable");
  if (judged.length === 0) return "not_applicable";
  const failures = judged.filter((r) => r.verdict === "fail").length;
  const fails = rule === "any" ? failures > 0 : rule === "majority" ? failures * 2 > judged.length : failures === judged.length;
  return fails ? "fail" : "pass";
}
