// Generation through the `local` backend: sampling that repeats with its seed, stop sequences,
// EOS, token limits, streaming and cancelling, on the tiny model.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { GenerationRequest, GenerationResult, SamplingSettings } from "../../engine/backend";
import { openLocalBackend, type LocalBackend } from "../../engine/local-backend";
import { argmax, Sampler } from "../../engine/sampler";
import { freshTinyModel } from "../fixtures/engine/tiny-model";
import { programArgs } from "../support/program-bundle";

const GREEDY: SamplingSettings = { temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, seed: 0, maxNewTokens: 24, stop: [] };
const QUESTION = [{ role: "user" as const, content: "What is the capital of France?" }];

async function collect(backend: LocalBackend, requests: GenerationRequest[], onToken?: (id: string, text: string) => void): Promise<GenerationResult[]> {
  const results: GenerationResult[] = [];
  for await (const result of backend.generate(requests, { onToken })) results.push(result);
  return results.sort((a, b) => a.id.localeCompare(b.id));
}

describe("the local backend", () => {
  let dir: string;
  let backend: LocalBackend;

  beforeAll(async () => {
    dir = freshTinyModel();
    backend = await openLocalBackend(dir, { maxBatch: 4, maxSequenceLength: 256 });
  });
  afterAll(async () => {
    await backend?.close();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  it("names the checkpoint revision it answers with and labels the tiny model a smoke test", () => {
    expect(backend.name).toBe("local");
    expect(backend.modelRevision).toMatch(/^[0-9a-f]{64}$/);
    expect(backend.info.smokeTest).toMatch(/smoke-test model/);
  });

  it("repeats a sampled run exactly with the same seed and changes with another", async () => {
    const sampled = (id: string, seed: number): GenerationRequest => ({
      id,
      messages: QUESTION,
      sampling: { ...GREEDY, temperature: 0.8, topK: 40, topP: 0.95, repetitionPenalty: 1.1, seed },
    });
    const [a, b, c] = await collect(backend, [sampled("a", 7), sampled("b", 7), sampled("c", 8)]);
    expect(a.text).toBe(b.text);
    expect(a.text).not.toBe(c.text);
  });

  it("stops before a stop sequence, streams none of it, and streams pieces that add up to the text", async () => {
    const [full] = await collect(backend, [{ id: "full", messages: QUESTION, sampling: GREEDY }]);
    const words = full.text.trim().split(/\s+/);
    const stop = words[Math.floor(words.length / 2)];
    const streamed: string[] = [];
    const [cut] = await collect(backend, [{ id: "cut", messages: QUESTION, sampling: { ...GREEDY, stop: ["@@never@@", stop] } }], (_, text) =>
      streamed.push(text),
    );
    expect(cut.finishReason).toBe("stop");
    expect(cut.text).toBe(full.text.slice(0, full.text.indexOf(stop)));
    expect(streamed.join("")).toBe(cut.text);
    expect(streamed.length).toBeGreaterThan(1);
  });

  it("stops at max new tokens with finish reason length and reports its timings", async () => {
    const [result] = await collect(backend, [{ id: "x", messages: QUESTION, sampling: { ...GREEDY, maxNewTokens: 5 } }]);
    expect(result).toMatchObject({ id: "x", finishReason: "length", completionTokens: 5 });
    expect(result.promptTokens).toBe(backend.promptTokens({ messages: QUESTION }).length);
    expect(result.timeToFirstTokenMs).not.toBeNull();
    expect(result.latencyMs).toBeGreaterThanOrEqual(result.timeToFirstTokenMs!);
  });

  it("continues a raw completion prompt as is, without the chat template", async () => {
    const [result] = await collect(backend, [{ id: "raw", messages: [], prompt: "Once upon a time", sampling: { ...GREEDY, maxNewTokens: 3 } }]);
    expect(result.promptTokens).toBe(backend.tokenizer.encode("Once upon a time").length);
    expect(result.completionTokens).toBe(3);
  });

  it("ends every sequence of a cancelled run with an error result instead of hanging", async () => {
    const controller = new AbortController();
    const requests = ["a", "b", "c", "d", "e", "f"].map((id) => ({ id, messages: QUESTION, sampling: { ...GREEDY, maxNewTokens: 200 } }));
    const results: GenerationResult[] = [];
    for await (const result of backend.generate(requests, { signal: controller.signal, onToken: () => controller.abort() })) results.push(result);
    expect(results).toHaveLength(6);
    expect(results.every((r) => r.finishReason === "error" && r.error === "aborted")).toBe(true);
  });

  it("gives a sequence the generator could not take as a failed result to its caller, while the others answer", async () => {
    // No request reaches this now: the seam is forced, so that one that does later fails its run instead of the worker.
    const seam = vi.spyOn(backend.tokenizer, "streamDecoder").mockImplementationOnce(() => {
      throw new Error("the stream decoder broke");
    });
    try {
      const [broken, answered] = await collect(backend, [
        { id: "a-broken", messages: QUESTION, sampling: GREEDY },
        { id: "b-answered", messages: QUESTION, sampling: GREEDY },
      ]);
      expect(broken).toMatchObject({ id: "a-broken", text: "", finishReason: "error", error: "inference failed: the stream decoder broke" });
      expect(answered.finishReason).toBe("length");
      expect(answered.text.length).toBeGreaterThan(0);
    } finally {
      seam.mockRestore();
    }
  });

  it("refuses a prompt longer than the sequence limit with an error result", async () => {
    const [result] = await collect(backend, [{ id: "long", messages: [{ role: "user", content: "word ".repeat(400) }], sampling: GREEDY }]);
    expect(result.finishReason).toBe("error");
    expect(result.error).toMatch(/leaves no room in the maximum sequence length 256/);
  });
});

describe("the end-of-sequence token", () => {
  it("ends generation when the model produces one of the config's eos_token_id", async () => {
    const dir = freshTinyModel();
    try {
      const before = await openLocalBackend(dir, { maxBatch: 1, maxSequenceLength: 128 });
      const prompt = before.promptTokens({ messages: QUESTION });
      const logits = await before.runtime.prefill(0, prompt);
      const first = argmax(logits);
      const second = argmax(await before.runtime.decode([first]));
      await before.close();
      // Make the model's second greedy token the end-of-sequence token.
      const configFile = join(dir, "config.json");
      writeFileSync(configFile, JSON.stringify({ ...JSON.parse(readFileSync(configFile, "utf8")), eos_token_id: [2, second] }));
      const backend = await openLocalBackend(dir, { maxBatch: 1, maxSequenceLength: 128 });
      const [result] = await collect(backend, [{ id: "e", messages: QUESTION, sampling: GREEDY }]);
      await backend.close();
      expect(result).toMatchObject({ finishReason: "eos", completionTokens: 2 });
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });
});

describe("a tokenizer with tokens past the model's vocab_size", () => {
  it("fails alone a prompt holding one, naming it, while the sequences batched with it answer", async () => {
    const dir = freshTinyModel();
    try {
      // As fine-tunes ship it: a <pad> added to tokenizer.json (id 32000) without an embedding row for it.
      const tokenizerFile = join(dir, "tokenizer.json");
      const tokenizer = JSON.parse(readFileSync(tokenizerFile, "utf8"));
      tokenizer.added_tokens.push({ id: 32000, content: "<pad>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
      writeFileSync(tokenizerFile, JSON.stringify(tokenizer));
      const backend = await openLocalBackend(dir, { maxBatch: 2, maxSequenceLength: 128 });
      const alone = await collect(backend, [{ id: "a", messages: QUESTION, sampling: GREEDY }]);
      const [answered, padded] = await collect(backend, [
        { id: "a", messages: QUESTION, sampling: GREEDY },
        { id: "b", messages: [{ role: "user", content: "Say <pad> twice" }], sampling: GREEDY },
      ]);
      await backend.close();
      expect(padded).toMatchObject({
        finishReason: "error",
        error: "the prompt holds token 32000, past the model's vocab_size 32000 (config.json): tokenizer.json has tokens the model has no embedding for",
      });
      expect(answered).toMatchObject({ finishReason: "length", text: alone[0].text });
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });
});

describe("a caller that stops reading results", () => {
  it("stops the rest of its batch instead of generating answers nobody reads", async () => {
    const dir = freshTinyModel();
    try {
      const backend = await openLocalBackend(dir, { maxBatch: 4, maxSequenceLength: 256 });
      const long = { ...GREEDY, maxNewTokens: 200 };
      const requests = [
        { id: "quick", messages: QUESTION, sampling: { ...GREEDY, maxNewTokens: 1 } },
        ...["a", "b", "c"].map((id) => ({ id, messages: QUESTION, sampling: long })),
      ];
      const streamed = new Map<string, number>();
      let first: GenerationResult | undefined;
      for await (const result of backend.generate(requests, { onToken: (id) => streamed.set(id, (streamed.get(id) ?? 0) + 1) })) {
        first = result;
        break;
      }
      await backend.close(); // returns once nothing is in flight
      expect(first?.id).toBe("quick");
      for (const id of ["a", "b", "c"]) expect(streamed.get(id) ?? 0).toBeLessThan(long.maxNewTokens / 10);
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });
});

describe("the sampler", () => {
  const logits = Float32Array.of(1, 3, 2.9, -1, 0.5);
  const settings = { temperature: 1, topK: 0, topP: 1, repetitionPenalty: 1, seed: 1 };
  const draws = (s: Partial<typeof settings>, history: number[] = []) => {
    const sampler = new Sampler({ ...settings, ...s });
    return Array.from({ length: 400 }, () => sampler.sample(logits, history));
  };

  it("is greedy at temperature 0 and with top-k 1", () => {
    expect(new Set(draws({ temperature: 0 }))).toEqual(new Set([1]));
    expect(new Set(draws({ topK: 1 }))).toEqual(new Set([1]));
  });

  it("draws only from the top k tokens and from the smallest set reaching top-p", () => {
    expect(new Set(draws({ topK: 2 }))).toEqual(new Set([1, 2]));
    // Tokens 1 and 2 hold about 0.78 of the probability: top-p 0.7 keeps both, 0.3 keeps one.
    expect(new Set(draws({ topP: 0.7 }))).toEqual(new Set([1, 2]));
    expect(new Set(draws({ topP: 0.3 }))).toEqual(new Set([1]));
  });

  it("draws each token about as often as its probability says", () => {
    const counts: Record<number, number> = {};
    for (const token of draws({})) counts[token] = (counts[token] ?? 0) + 1;
    const z = [1, 3, 2.9, -1, 0.5].map(Math.exp);
    const p1 = z[1] / z.reduce((a, b) => a + b, 0);
    expect(Math.abs(counts[1] / 400 - p1)).toBeLessThan(0.08);
  });

  it("lowers the tokens already in the sequence with a repetition penalty", () => {
    expect(new Sampler({ ...settings, temperature: 0, repetitionPenalty: 1.2 }).sample(logits, [1])).toBe(2);
  });
});

describe("the engine command line", () => {
  let dir: string;
  beforeAll(() => (dir = freshTinyModel()));
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));
  const engine = (...args: string[]) =>
    execFileSync(process.execPath, [...programArgs("engine/cli.ts"), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

  it("inspects a checkpoint: its shape, shards, what a span needs and its revision", () => {
    const out = engine("inspect", dir, "--blocks", "1:3");
    expect(out).toMatch(/4 blocks, hidden 128, intermediate 384, heads 4 \(kv 2, head dim 32\), vocab 32000/);
    expect(out).toMatch(
      /blocks 1:3: 393,728 \(0\.39 million\) parameters, .* needs 2 shard\(s\), .*: model_00002-of-00005.safetensors, model_00003-of-00005.safetensors/,
    );
    expect(out).toMatch(/revision [0-9a-f]{64}/);
  });
});
