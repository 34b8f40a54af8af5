// The scorer of a campaign: the detectors a stored case names judge its output (see
// lib/detectors/registry.ts), and each of the campaign's model judges, when it has any, judges
// every output beside them; the campaign's verdict rule makes the case's verdict of the counted ones. A case whose counted findings all found nothing to judge is NOT_APPLICABLE
// and is no sample of any cell.
import type { Backend } from "../../../engine/backend";
import type { Verdict } from "../../domain/verdicts";
import { judgeInDetectorThread } from "../../detectors/detector-thread";
import { caseVerdict, runCaseDetectors } from "../../detectors/registry";
import { DETECTOR_NAMES, type Detector, type DetectorResult, type ExpectedBehaviour, type JudgedCase, type VerdictRule } from "../../detectors/types";
import { readJsonColumn } from "../../db/json-columns";
import { z } from "zod";
import { readStoredTurns } from "../runner/case-request";

/** A case as its run keeps it (CaseRun's copy of what it asks and expects), with its case's key. */
export interface StoredCase {
  key: string;
  systemPrompt: string | null;
  turns: unknown;
  language: string;
  expected: string;
  detectors: unknown;
}

export interface Judgement {
  /** NOT_APPLICABLE: no counted detector had anything to judge; such a run is not part of n. */
  verdict: Exclude<Verdict, "ERROR">;
  findings: DetectorResult[];
}

/** One of a campaign's model judges as a worker holds it (see openCampaignJudges in campaign-backend.ts). */
export interface CampaignModelJudge {
  /** createJudge over the judge's backend. */
  detector: Detector;
  /** Its finding is recorded and shown but not counted (the judge's mode "advisory"). */
  advisory: boolean;
  /** Closed when the campaign's work in this worker ends. */
  backend: Backend;
  /** The serving target it asks; null for this engine. */
  target: string | null;
  /** The revision the campaign fixed for it: what its endpoint must serve. */
  revision: string;
}

/** The pure detectors judge in their own thread, stopped past `detectorDeadlineMs` (default: lib/detectors/detector-thread.ts's). */
export async function judgeOutput(
  output: string,
  stored: StoredCase,
  judges: readonly CampaignModelJudge[] = [],
  rule: VerdictRule = "any",
  detectorDeadlineMs?: number,
): Promise<Judgement> {
  const findings = await runCaseDetectors(
    output,
    { ...judgedCase(stored), detectors: readJsonColumn(z.array(z.enum(DETECTOR_NAMES)), stored.detectors, "CaseRun.detectors") },
    judges,
    (text, testCase, names) => judgeInDetectorThread(text, testCase, names, detectorDeadlineMs),
  );
  const verdict = caseVerdict(findings, rule);
  return { verdict: verdict === "pass" ? "PASS" : verdict === "fail" ? "FAIL" : "NOT_APPLICABLE", findings };
}

/** The stored row back in the shape detectors read (the suite file's shape). */
export function judgedCase(stored: StoredCase): JudgedCase {
  const turns = readStoredTurns(stored.turns);
  return {
    key: stored.key,
    language: stored.language,
    expected: stored.expected.split(",") as ExpectedBehaviour[],
    ...(turns.length === 1 ? { prompt: turns[0].content } : { turns }),
    ...(stored.systemPrompt ? { systemPrompt: stored.systemPrompt } : {}),
  };
}
