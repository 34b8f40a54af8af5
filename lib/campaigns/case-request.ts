// A stored case as the engine is asked it: the deployment's system prompt, the conversation, and
// the campaign's sampling with this case x repeat's own seed.
import type { ChatMessage, GenerationRequest } from "../../engine/backend";
import type { CampaignSampling } from "./campaign-settings";
import { caseSeed } from "./case-seed";

export interface StoredTurn {
  role: "user" | "assistant";
  content: string;
}

export interface RequestableRun {
  id: string;
  repeat: number;
  case: { key: string; systemPrompt: string | null; turns: unknown };
}

export function caseRequest(run: RequestableRun, sampling: CampaignSampling): GenerationRequest {
  const messages: ChatMessage[] = [];
  if (run.case.systemPrompt) messages.push({ role: "system", content: run.case.systemPrompt });
  for (const turn of run.case.turns as StoredTurn[]) messages.push({ role: turn.role, content: turn.content });
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
