// Log-probabilities as OpenAI's API gives them: of the model's own next-token distribution, the
// log-softmax of its raw logits, before the sampler reshapes it (repetition penalty, temperature,
// top-k, top-p). So they say how likely the model finds each token, the same whatever a request's
// sampling (temperature 0 included), as vLLM also gives them by default.

import type { TokenLogprob, TokenText } from "./backend";

/** The most alternatives OpenAI's chat API gives per token (top_logprobs); its completions API gives 5. */
export const MAX_TOP_LOGPROBS = 20;

/** `chosen`'s log-probability in one row of logits, and the `top` likeliest tokens' (ties to the lower id), in float64. */
export function tokenLogprob(logits: Float32Array, chosen: number, top: number, textOf: (id: number) => TokenText): TokenLogprob {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  const logNormaliser = max + Math.log(sum);
  const logprobOf = (id: number) => logits[id] - logNormaliser;
  return {
    ...textOf(chosen),
    logprob: logprobOf(chosen),
    topLogprobs: likeliest(logits, top).map((id) => ({ ...textOf(id), logprob: logprobOf(id) })),
  };
}

/**
 * One place's likeliest tokens (the first `count`) as token text -> log-probability, as OpenAI's APIs give them:
 * the chat API the alternatives alone, the completions API the chosen token among them too (so up to count + 1).
 * Two tokens can read the same (bytes cut mid-character): the likelier keeps the key.
 */
export function alternativesByText(entry: TokenLogprob, count: number, withChosen: boolean): Record<string, number> {
  const alternatives = new Map<string, number>();
  for (const t of [...entry.topLogprobs.slice(0, count), ...(withChosen ? [entry] : [])]) {
    if (!alternatives.has(t.token) || alternatives.get(t.token)! < t.logprob) alternatives.set(t.token, t.logprob);
  }
  return Object.fromEntries(alternatives);
}

/** The ids of the `count` highest logits, highest first: one pass, each kept in a short sorted list. */
function likeliest(logits: Float32Array, count: number): number[] {
  const ids: number[] = [];
  if (count <= 0) return ids;
  for (let i = 0; i < logits.length; i++) {
    if (ids.length === count) {
      if (logits[i] <= logits[ids[count - 1]]) continue;
      ids.pop();
    }
    let at = ids.length;
    while (at > 0 && logits[ids[at - 1]] < logits[i]) at--;
    ids.splice(at, 0, i);
  }
  return ids;
}
