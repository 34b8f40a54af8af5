// One run for its page: the conversation as sent, the output, what each detector found and said,
// and the verdict with any reviewer's override.
import { countedVerdict } from "../../domain/verdicts";
import type { Actor } from "../../auth/actor";
import type { DetectorResult } from "../../detectors/types";
import { mayReadServingTargetConfig } from "../../serving-targets/load-serving-targets";
import type { Db } from "../../db/types";
import { readStoredTurns, type StoredTurn } from "../runner/case-request";
import { readNameList } from "../../db/json-columns";
import { readStoredFindings } from "../../detectors/stored-findings";
import { runState, type RunState } from "./run-state";

export interface CaseRunView {
  id: string;
  campaignId: string;
  campaignName: string;
  /** The model the campaign tested: its pages live under this model's address only. */
  modelSlug: string;
  caseKey: string;
  suiteKey: string;
  useCode: string;
  risks: string[];
  repeat: number;
  status: RunState;
  systemPrompt: string | null;
  turns: StoredTurn[];
  language: string;
  expected: string[];
  source: string;
  license: string;
  output: string | null;
  error: string | null;
  /** What the endpoint said and where it was: admins only (see CaseRun.errorDetail). */
  errorDetail: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number | null;
  verdict: string | null;
  findings: DetectorResult[];
  overrideVerdict: string | null;
  overrideReason: string | null;
  /** Who proposed the override and who confirmed it; an unconfirmed override does not count. */
  overrideById: string | null;
  overrideBy: string | null;
  overrideConfirmed: boolean;
  overrideConfirmedBy: string | null;
  /** The verdict the cell's evidence counts (lib/domain/verdicts.ts countedVerdict). */
  counted: string | null;
  attempts: number;
  worker: string | null;
}

/** `reader`: who reads it; the endpoint's error detail is left out unless they may read the target's configuration. */
export async function loadCaseRun(db: Db, runId: string, reader?: Actor): Promise<CaseRunView | null> {
  const run = await db.caseRun.findUnique({
    where: { id: runId },
    include: {
      campaign: { select: { name: true, status: true, model: { select: { slug: true } } } },
      case: { include: { suite: { select: { key: true, use: { select: { code: true } } } } } },
    },
  });
  if (!run) return null;
  const people = await db.user.findMany({
    where: { id: { in: [run.overrideById, run.overrideConfirmedById].filter((id): id is string => id !== null) } },
    select: { id: true, name: true },
  });
  const nameOf = (id: string | null) => (id ? (people.find((person) => person.id === id)?.name ?? "someone") : null);
  return {
    id: run.id,
    campaignId: run.campaignId,
    campaignName: run.campaign.name,
    modelSlug: run.campaign.model.slug,
    caseKey: run.case.key,
    suiteKey: run.case.suite.key,
    useCode: run.case.suite.use.code,
    // What the run measured and asked, not its case now: a case reworded or reassigned since keeps the earlier runs as they were.
    risks: readNameList(run.risks, "CaseRun.risks"),
    repeat: run.repeat,
    status: runState(run.campaign.status, run.status, run.leaseExpiresAt),
    systemPrompt: run.systemPrompt,
    turns: readStoredTurns(run.turns),
    language: run.language,
    expected: run.expected.split(","),
    source: run.case.source,
    license: run.case.license,
    output: run.output,
    error: run.error,
    errorDetail: mayReadServingTargetConfig(reader) ? run.errorDetail : null,
    promptTokens: run.promptTokens,
    completionTokens: run.completionTokens,
    latencyMs: run.latencyMs,
    verdict: run.verdict,
    findings: readStoredFindings(run.findings),
    overrideVerdict: run.overrideVerdict,
    overrideReason: run.overrideReason,
    overrideById: run.overrideById,
    overrideBy: nameOf(run.overrideById),
    overrideConfirmed: run.overrideConfirmedAt !== null,
    overrideConfirmedBy: nameOf(run.overrideConfirmedById),
    counted: countedVerdict(run),
    attempts: run.attempts,
    worker: run.leaseOwner,
  };
}
