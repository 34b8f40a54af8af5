// What another tool's result file says, in one shape whatever the tool: each verdict it gave on one
// output of the tested model (a case result), what it skipped and why, and the run as a whole.
// The readers (garak-report.ts, promptfoo-results.ts, inspect-log.ts) produce it; the importer
// maps it to risks and counts it per cell. Verdicts use the case-run vocabulary of
// lib/domain/verdicts.ts: ERROR and NOT_APPLICABLE are not part of n, exactly as for campaign runs.
import { z } from "zod";
import { VERDICTS } from "../domain/verdicts";

export const EXTERNAL_TOOLS = ["garak", "promptfoo", "inspect"] as const;
export type ExternalTool = (typeof EXTERNAL_TOOLS)[number];

/** The file the results were read from: its name as given, and the sha256 of its bytes. */
export const externalFileSchema = z.object({
  name: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ExternalFile = z.infer<typeof externalFileSchema>;

export const conversationTurnSchema = z.object({ role: z.string(), content: z.string() });
export type ConversationTurn = z.infer<typeof conversationTurnSchema>;

/** One detector's, assertion's or scorer's word on the output, and the verdict the tool's rule gives it. */
export const externalScoreSchema = z.object({
  scorer: z.string(),
  value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  verdict: z.enum(VERDICTS),
});
export type ExternalScore = z.infer<typeof externalScoreSchema>;

export const externalCaseResultSchema = z.object({
  tool: z.enum(EXTERNAL_TOOLS),
  toolVersion: z.string().nullable(),
  file: externalFileSchema,
  runId: z.string().nullable(),
  /** The tested model as the tool named it: "openai.OpenAICompatible qwen2", "openai:gpt-5", "openai/gpt-4o-mini". */
  model: z.string().nullable(),
  /** The model that answered, when the tool recorded it apart from the one requested (Inspect's output.model). */
  servedModel: z.string().nullable(),
  /** garak probe, promptfoo red-team plugin (else the assertion metric or prompt label), Inspect task. */
  test: z.string(),
  /** promptfoo red-team strategy ("basic" when a plugin ran alone); garak and Inspect have none. */
  strategy: z.string().nullable(),
  /** Tells the cases of one run apart: garak attempt and output, promptfoo test and prompt, Inspect sample and epoch. */
  caseKey: z.string(),
  /** Where in the file, for messages and for a reader going back to the source. */
  location: z.string(),
  scores: z.array(externalScoreSchema),
  verdict: z.enum(VERDICTS),
  /** The rule that gave the verdict, applied, in words. */
  reason: z.string(),
  /** The last prompt the model was sent. */
  prompt: z.string(),
  output: z.string().nullable(),
  /** Everything exchanged with the model, in order (multi-turn runs, red-team iterations). */
  conversation: z.array(conversationTurnSchema),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type ExternalCaseResult = z.infer<typeof externalCaseResultSchema>;

/** Something in the file that is not a case result, listed so that nothing is dropped silently. */
export const skippedEntrySchema = z.object({ location: z.string(), reason: z.string() });
export type SkippedEntry = z.infer<typeof skippedEntrySchema>;

/** The run as a whole, known once the whole file has been read. */
export const externalRunSchema = z.object({
  tool: z.enum(EXTERNAL_TOOLS),
  toolVersion: z.string().nullable(),
  file: externalFileSchema,
  runId: z.string().nullable(),
  model: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** False when the tool says the run did not finish (Inspect cancelled, garak without its completion line). */
  complete: z.boolean(),
  notes: z.array(z.string()),
});
export type ExternalRun = z.infer<typeof externalRunSchema>;

/** What a reader yields, in file order; the run comes last. */
export type ExternalResultsItem =
  | { kind: "result"; result: ExternalCaseResult }
  | { kind: "skipped"; skipped: SkippedEntry }
  | { kind: "run"; run: ExternalRun };

/**
 * The verdict of several scorers on one output: a failure if any scorer failed it, else a pass if
 * any passed it, else an error if any errored; not applicable when none judged it. The same rule
 * as a campaign run judged by several detectors: one failing detector fails the output.
 */
export function combinedVerdict(scores: readonly ExternalScore[]): (typeof VERDICTS)[number] {
  for (const verdict of ["FAIL", "PASS", "ERROR"] as const) if (scores.some((score) => score.verdict === verdict)) return verdict;
  return "NOT_APPLICABLE";
}
