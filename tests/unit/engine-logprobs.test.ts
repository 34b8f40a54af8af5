// Log-probabilities from one row of logits: the model's log-softmax, and the likeliest tokens in order.
import { describe, expect, it } from "vitest";
import { alternativesByText, tokenLogprob } from "../../engine/logprobs";

const textOf = (id: number) => ({ token: `t${id}`, bytes: [id] });

describe("a token's log-probability", () => {
  it("is the log-softmax of the raw logits, and the likeliest alternatives come highest first, ties to the lower id", () => {
    const logits = Float32Array.from([1, 3, 3, 0, 2]);
    const normaliser = Math.log([...logits].reduce((sum, x) => sum + Math.exp(x), 0));
    const entry = tokenLogprob(logits, 4, 3, textOf);
    expect(entry).toMatchObject({ token: "t4", bytes: [4] });
    expect(entry.logprob).toBeCloseTo(2 - normaliser, 12);
    expect(entry.topLogprobs.map((t) => t.token)).toEqual(["t1", "t2", "t4"]);
    expect(entry.topLogprobs[0].logprob).toBeCloseTo(3 - normaliser, 12);
  });

  it("gives every token when more alternatives are asked for than the vocabulary holds, and none when none are", () => {
    const logits = Float32Array.from([0.5, -1, 4, 2]);
    const all = tokenLogprob(logits, 0, 10, textOf).topLogprobs;
    expect(all.map((t) => t.token)).toEqual(["t2", "t3", "t0", "t1"]);
    expect(all.reduce((sum, t) => sum + Math.exp(t.logprob), 0)).toBeCloseTo(1, 12);
    expect(tokenLogprob(logits, 0, 0, textOf).topLogprobs).toEqual([]);
  });

  it("stays finite on logits far past exp's range", () => {
    const entry = tokenLogprob(Float32Array.from([1e30, 1e30 - 1e24, -1e30]), 1, 1, textOf);
    expect(Number.isFinite(entry.logprob)).toBe(true);
    expect(entry.topLogprobs[0].logprob).toBeCloseTo(0, 12);
  });

  it("gives a place's alternatives by text as OpenAI's APIs do: the chosen token among them for completions, the likelier keeping a text two tokens share", () => {
    const cut = (id: number) => ({ token: id === 1 || id === 2 ? "\uFFFD" : `t${id}`, bytes: [id] });
    const entry = tokenLogprob(Float32Array.from([0, 3, 2, 1, 4]), 0, 3, cut);
    expect(Object.keys(alternativesByText(entry, 3, false))).toEqual(["t4", "\uFFFD"]);
    expect(alternativesByText(entry, 3, false)["\uFFFD"]).toBe(entry.topLogprobs[1].logprob);
    expect(alternativesByText(entry, 1, true)).toEqual({ t4: entry.topLogprobs[0].logprob, t0: entry.logprob });
  });
});
