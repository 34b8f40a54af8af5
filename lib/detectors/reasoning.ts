// Reasoning models (DeepSeek-R1, Qwen3, QwQ) write their reasoning in a <think> block before the
// answer. The reasoning restates the request, weighs it and drafts: a refusal whose reasoning
// quotes the harmful request, or an answer whose reasoning talks itself out of refusing, is what
// the answer after it says. So every detector and model judge judges the answer, and its evidence quotes the
// reasoning it set aside, so a reviewer still sees it.
// A block counts only where reasoning goes: opening the output, or ended by a </think> with no
// <think> before it (chat templates that open the block in the prompt). An answer that mentions
// the tags in passing is all answer.
import { sliceWhole } from "../domain/slice-whole";
import type { DetectorResult, JudgedCase } from "./types";

const OPENS_WITH_BLOCK = /^\s*<(think(?:ing)?)>/i;
const CLOSE = /<\/think(?:ing)?>/i;

export interface ReasonedOutput {
  /** The reasoning, trimmed; empty when there is none. */
  reasoning: string;
  /** What the user is served: the output after the reasoning (empty when the reasoning never ended). */
  answer: string;
}

export function splitReasoning(output: string): ReasonedOutput {
  const open = OPENS_WITH_BLOCK.exec(output);
  if (open) {
    const rest = output.slice(open[0].length);
    const close = new RegExp(`</${open[1]}>`, "i").exec(rest);
    if (!close) return { reasoning: rest.trim(), answer: "" };
    return { reasoning: rest.slice(0, close.index).trim(), answer: rest.slice(close.index + close[0].length) };
  }
  const close = CLOSE.exec(output);
  if (close && !/<think(?:ing)?>/i.test(output.slice(0, close.index))) {
    return { reasoning: output.slice(0, close.index).trim(), answer: output.slice(close.index + close[0].length) };
  }
  return { reasoning: "", answer: output };
}

/** A detector's (or a judge's) judgement of an output, made on its answer, with the reasoning set aside named in the evidence. */
export function judgingTheAnswer<Result extends DetectorResult | Promise<DetectorResult>>(
  judge: (answer: string, testCase: JudgedCase) => Result,
): (output: string, testCase: JudgedCase) => Result {
  return (output, testCase) => {
    const { reasoning, answer } = splitReasoning(output);
    const result = judge(answer, testCase);
    if (!reasoning) return result;
    const shown = reasoning.replace(/\s+/g, " ");
    const note = ` [reasoning set aside: "${shown.length > 160 ? `${sliceWhole(shown, 0, 160)}…` : shown}"]`;
    const noted = (judged: DetectorResult): DetectorResult => ({ ...judged, evidence: `${judged.evidence}${note}` });
    return (result instanceof Promise ? result.then(noted) : noted(result as DetectorResult)) as Result;
  };
}
