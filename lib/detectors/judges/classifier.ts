// What a safety classifier used as a judge is: the questions it is asked about one output (each a
// request in the classifier's own published prompt format) and a parser for its answers. Each
// classifier lives in its own file beside this one; createClassifierJudge (classifier-judge.ts)
// turns one into a detector over any Backend.
import type { ChatMessage } from "../../../engine/backend";
import type { ExpectedBehaviour, JudgedCase } from "../types";
import { sliceWhole } from "../../domain/slice-whole";

/** What the classifier is sent: a raw prompt (its template applied here) or chat messages. */
export type ClassifierRequest = { prompt: string } | { messages: ChatMessage[] };

export interface ClassifierQuestion {
  request: ClassifierRequest;
  /** The category this question asks about, where the classifier is asked once per category. */
  category?: string;
}

/** The classifier's answer: its text, and the first token's top log-probabilities when the endpoint gave them. */
export interface ClassifierAnswer {
  text: string;
  firstTokenLogprobs?: Readonly<Record<string, number>>;
}

export interface ClassifierVerdict {
  unsafe: boolean;
  /** The classifier's categories the output falls in (its codes, e.g. "S7"); empty when safe. */
  categories: string[];
  /** The classifier's own score where it gives one (StrongREJECT's, ShieldGemma's P(Yes)). */
  score?: number;
}

export interface Classifier {
  /** Names it in findings and in content/judges/category-risks.yaml. */
  name: string;
  /** Of this adapter (prompt and parser): a verdict made by another one is other evidence. */
  version: string;
  /** Every category the classifier can answer with, code -> its published name. */
  categories: Readonly<Record<string, string>>;
  /** The expected behaviours whose breach this classifier can see; on other cases it has nothing to say. */
  judges: readonly ExpectedBehaviour[];
  maxNewTokens: number;
  /** Ask for the first token's top log-probabilities, this many, where its score is read from them (ShieldGemma). */
  topLogprobs?: number;
  questions(output: string, testCase: JudgedCase): ClassifierQuestion[];
  /** The verdict in one answer; throws UnreadableJudgeAnswer when the answer is not in the classifier's format. */
  parse(answer: ClassifierAnswer, question: ClassifierQuestion): ClassifierVerdict;
}

/** The answer is not in the classifier's format: a judge error (the run is retried), never a pass. */
export class UnreadableJudgeAnswer extends Error {
  constructor(classifier: string, expected: string, got: string) {
    super(`${classifier} answered ${JSON.stringify(got.length > 120 ? `${sliceWhole(got, 0, 120)}…` : got)}, not ${expected}`);
    this.name = "UnreadableJudgeAnswer";
  }
}
