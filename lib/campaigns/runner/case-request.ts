// A stored case as the engine is asked it: the deployment's system prompt, the conversation, and
// the campaign's sampling with this case x repeat's own seed.
import { z } from "zod";
import type { ChatMessage, GenerationRequest } from "../../../engine/backend";
import { readJsonColumn } from "../../db/json-columns";
import type { CampaignSampling } from "../settings/campaign-settings";
import { caseSeed } from "./case-seed";

const storedTurnsSchema = z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string() }));

export type StoredTurn = z.infer<typeof storedTurnsSchema>[number];

/** A case's conversation as Case.turns stores it (sync-suites.ts writes it). */
export function readStoredTurns(value: unknown): StoredTurn[] {
  return readJsonColumn(storedTurnsSchema, value, "Case.turns");
}

export interface RequestableRun {
  id: string;
  repeat: number;
  case: { key: string; systemPrompt: string | null; turns: unknown };
}

export function caseRequest(run: RequestableRun, sampling: CampaignSampling): GenerationRequest {
  const messages: ChatMessage[] = [];
  if (run.case.systemPrompt) messages.push({ role: "system", content: run.case.systemPrompt });
  for (const turn of readStoredTurns(run.case.turns)) messages.push({ role: turn.role, content: turn.content });
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
