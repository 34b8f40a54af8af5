// What run.ts and worker.ts say to each other, and the settings both engines share.

export const DEFAULT_THREADS = 2;
export const MAX_BATCH = 16;
export const MAX_SEQUENCE = 256;

export type Command =
  | { op: "prefill"; prompt: number[] }
  | { op: "decode"; prompts: number[][]; steps: number }
  | { op: "probabilities"; prompt: number[] }
  | { op: "memory" };

export interface DecodeAnswer {
  ms: number;
  /** Per sequence: the token chosen after the prompt, then one per step (greedy). */
  tokens: number[][];
}
