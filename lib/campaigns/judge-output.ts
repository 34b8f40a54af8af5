// The scorer of a campaign: the detectors a stored case names judge its output (see
// lib/detectors/registry.ts). A case whose detectors all found nothing to judge has no verdict
// and is no sample of any cell.
import { caseVerdict, judgeOutput as runDetectors } from "../detectors/registry";
import type { DetectorName, DetectorResult, ExpectedBehaviour, JudgedCase } from "../detectors/types";
import type { StoredTurn } from "./case-request";

export interface StoredCase {
  key: string;
  systemPrompt: string | null;
  turns: unknown;
  language: string;
  expected: string;
  detectors: unknown;
}

export interface Judgement {
  verdict: "PASS" | "FAIL" | null;
  findings: DetectorResult[];
}

export async function judgeOutput(output: string, stored: StoredCase): Promise<Judgement> {
  const findings = await runDetectors(output, { ...judgedCase(stored), detectors: stored.detectors as DetectorName[] });
  const verdict = caseVerdict(findings);
  return { verdict: verdict === "pass" ? "PASS" : verdict === "fail" ? "FAIL" : null, findings };
}

/** The stored row back in the shape detectors read (the suite file's shape). */
export function judgedCase(stored: StoredCase): JudgedCase {
  const turns = stored.turns as StoredTurn[];
  return {
    key: stored.key,
    language: stored.language,
    expected: stored.expected.split(",") as ExpectedBehaviour[],
    ...(turns.length === 1 ? { prompt: turns[0].content } : { turns }),
    ...(stored.systemPrompt ? { systemPrompt: stored.systemPrompt } : {}),
  };
}
