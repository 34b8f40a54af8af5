// A stored case as the engine is asked it: the deployment's system prompt, the conversation, and
// the campaign's sampling with this case x repeat's own seed.
import { z } from "zod";
import type { ChatMessage, GenerationRequest } from "../../../engine/backend";
import { readJsonColumn } from "../../db/json-columns";
import type { CampaignSampling } from "../settings/campaign-settings";
import { caseSeed } from "./case-seed";

const storedTurnsSchema = z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string() }));

export type StoredTurn = z.infer<typeof storedTurnsSchema>[number];

/** A case's conversation as Case.turns stores it (sync-suites.ts writes it), and CaseRun.turns copies it. */
export function readStoredTurns(value: unknown): StoredTurn[] {
  return readJsonColumn(storedTurnsSchema, value, "Case.turns");
}

/** The run's own copy of what it asks, never its case's text now: a case reworded since the campaign was created asks what it said then. */
export interface RequestableRun {
  id: string;
  repeat: number;
  systemPrompt: string | null;
  turns: unknown;
  case: { key: string };
}

export function caseRequest(run: RequestableRun, sampling: CampaignSampling): GenerationRequest {
  const messages: ChatMessage[] = [];
  if (run.systemPrompt) messages.push({ role: "system", content: run.systemPrompt });
  for (const turn of readStoredTurns(run.turns)) messages.push({ role: turn.role, content: turn.content });
  return {
    id: run.id,
    messages,
    sampling: {
      temperature: sampling.temperature,
      topK: sampling.topK,
      topP: sampling.topP,
      repetitionPenalty: sampling.repetitionPenalty,
      maxNewTokens: sampling.maxNewTokens,
      seed: caseSeed(sampling.seed, run.case.key, run.repeat),
      stop: [],
    },
  };
}
