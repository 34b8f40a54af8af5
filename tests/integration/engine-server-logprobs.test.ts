// `engine serve` giving log-probabilities as OpenAI's API defines them (chat: logprobs + top_logprobs,
// choices[].logprobs.content[]; completions: logprobs N, tokens / token_logprobs / top_logprobs / text_offset),
// checked against a log-softmax of the logits this test takes from the model itself.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationRequest, GenerationResult } from "../../engine/backend";
import { formatStableBeluga } from "../../engine/chat-template";
import { LocalBackend } from "../../engine/local-backend";
import { OpenAIBackend } from "../../engine/openai-backend";
import { Runtime } from "../../engine/runtime";
import { Tokenizer } from "../../engine/tokenizer";
import { sseEvents, startServe, tinyModelDir, type ServeProcess } from "./engine-server-helpers";

const messages = [{ role: "user" as const, content: "Hello" }];
const chat = { model: "tiny-beluga", messages, temperature: 0, max_tokens: 6 };

interface ChatTokenLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] | null }>;
}

/** The first answer token's log-probabilities over the whole vocabulary, in float64, from the model's own logits. */
async function firstTokenLogSoftmax(runtime: Runtime, tokenizer: Tokenizer, prompt: string): Promise<Float64Array> {
  const logits = await runtime.prefill(0, tokenizer.encode(prompt));
  runtime.release(0, 1);
  let max = -Infinity;
  for (const x of logits) max = Math.max(max, x);
  let sum = 0;
  for (const x of logits) sum += Math.exp(x - max);
  return Float64Array.from(logits, (x) => x - max - Math.log(sum));
}

/** The model's first `count` greedy tokens after `prompt`. */
async function greedyTokens(runtime: Runtime, tokenizer: Tokenizer, prompt: string, count: number): Promise<number[]> {
  const tokens = [await runtime.prefillGreedy(0, tokenizer.encode(prompt))];
  while (tokens.length < count) tokens.push((await runtime.decodeGreedy([tokens.at(-1)!]))[0]);
  runtime.release(0, 1);
  return tokens;
}

// One tiny model, served once by `engine serve` for every test that asks the model as written, and loaded once
// in-process, where the tests read its logits and greedy tokens. The tests that need its answers to end or to be
// spelled otherwise serve a copy of their own (the same deterministic weights written again), changed: each
// `engine serve` costs a process and a model load, so there are three, not one per describe.
let model: ReturnType<typeof tinyModelDir>;
let server: ServeProcess;
let tokenizer: Tokenizer;
let runtime: Runtime;
beforeAll(async () => {
  model = tinyModelDir();
  tokenizer = Tokenizer.load(model.dir);
  runtime = await Runtime.load(model.dir, { maxBatch: 1, maxSequenceLength: 128 });
  server = await startServe(model.dir);
});
afterAll(async () => {
  await server?.kill();
  await runtime?.close();
  model?.remove();
});

/** POSTs JSON to a served engine: the one of the model as written unless another is named. */
const post = (path: string, body: unknown, to: ServeProcess = server) =>
  fetch(`${to.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

function descending(values: number[]): boolean {
  return values.every((v, i) => i === 0 || values[i - 1] >= v);
}

describe("engine serve's log-probabilities", () => {
  it("gives each chat answer token's log-probability and its likeliest alternatives, from the model's own logits", async () => {
    const response = await post("/v1/chat/completions", { ...chat, logprobs: true, top_logprobs: 5 });
    expect(response.status).toBe(200);
    const body = await response.json();
    const choice = body.choices[0];
    const content: ChatTokenLogprob[] = choice.logprobs?.content;
    expect(content, JSON.stringify(choice)).toHaveLength(body.usage.completion_tokens);
    // Tokens read as the vocabulary spells them: the first keeps the leading space Llama's decoder strips from an answer's start.
    expect(content.map((t) => t.token).join("")).toBe(` ${choice.message.content}`);
    for (const entry of content) {
      expect(entry.top_logprobs).toHaveLength(5);
      expect(descending(entry.top_logprobs.map((t) => t.logprob))).toBe(true);
      // Greedy: the chosen token is the likeliest one.
      expect(entry.top_logprobs[0]).toEqual({ token: entry.token, logprob: entry.logprob, bytes: entry.bytes });
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.bytes).toEqual([...Buffer.from(entry.token, "utf8")]);
    }

    const logprobs = await firstTokenLogSoftmax(runtime, tokenizer, formatStableBeluga(messages));
    const likeliest = [...logprobs.keys()].sort((a, b) => logprobs[b] - logprobs[a]).slice(0, 5);
    const first = content[0].top_logprobs;
    for (const [rank, id] of likeliest.entries()) {
      expect(first[rank].logprob).toBeCloseTo(logprobs[id], 4);
      // The token's text as it reads inside an answer, its leading space kept (as OpenAI spells " Yes"): decoded after
      // Llama-2's lone "▁" (29871), whose own space the decoder strips, it keeps its own.
      const spelled = tokenizer.decode([29871, id]);
      if (spelled !== "" && !spelled.includes("\uFFFD")) expect(first[rank].token).toBe(spelled);
    }
  });

  it("gives the same log-probabilities whatever the temperature: those of the model's distribution, not the sampler's", async () => {
    const at = async (temperature: number) => {
      const body = await (await post("/v1/chat/completions", { ...chat, temperature, seed: 3, max_tokens: 1, logprobs: true, top_logprobs: 3 })).json();
      return body.choices[0].logprobs.content[0] as ChatTokenLogprob;
    };
    const greedy = await at(0);
    const hot = await at(1.8);
    expect(hot.top_logprobs.map((t) => t.token)).toEqual(greedy.top_logprobs.map((t) => t.token));
    for (const [i, t] of hot.top_logprobs.entries()) expect(t.logprob).toBeCloseTo(greedy.top_logprobs[i].logprob, 5);
  });

  it("streams each token's log-probabilities in the chunk that carries its text", async () => {
    const whole = await (await post("/v1/chat/completions", { ...chat, logprobs: true, top_logprobs: 2 })).json();
    const events = sseEvents(await (await post("/v1/chat/completions", { ...chat, logprobs: true, top_logprobs: 2, stream: true })).text());
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    const streamed = chunks.flatMap((c) => c.choices[0]?.logprobs?.content ?? []);
    expect(streamed).toEqual(whole.choices[0].logprobs.content);
    const pieces = chunks.filter((c) => c.choices[0]?.delta?.content);
    pieces.forEach((c, i) => {
      const tokens = c.choices[0].logprobs.content.map((t: ChatTokenLogprob) => t.token).join("");
      expect(i === 0 ? tokens.replace(/^ /, "") : tokens).toBe(c.choices[0].delta.content);
    });
  });

  it("gives the same answers to requests with and without log-probabilities decoded together in one batch", async () => {
    const alone = await Promise.all([
      post("/v1/chat/completions", { ...chat, max_tokens: 10 }).then((r) => r.json()),
      post("/v1/chat/completions", { ...chat, messages: [{ role: "user", content: "Bye" }], max_tokens: 10, logprobs: true }).then((r) => r.json()),
    ]);
    const together = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        post(
          "/v1/chat/completions",
          i % 2 === 0 ? { ...chat, max_tokens: 10 } : { ...chat, messages: [{ role: "user", content: "Bye" }], max_tokens: 10, logprobs: true },
        ).then((r) => r.json()),
      ),
    );
    together.forEach((body, i) => {
      expect(body.choices[0].message.content).toBe(alone[i % 2].choices[0].message.content);
      expect(body.choices[0].logprobs?.content ?? null).toEqual(alone[i % 2].choices[0].logprobs?.content ?? null);
    });
  });

  it("streams the log-probabilities of tokens cut at a stop sequence with the last chunk, as the whole answer gives them", async () => {
    const text: string = (await (await post("/v1/chat/completions", { ...chat, max_tokens: 12 })).json()).choices[0].message.content;
    const stop = text.slice(Math.floor(text.length / 2), Math.floor(text.length / 2) + 2);
    const request = { ...chat, max_tokens: 12, stop: [stop], logprobs: true, top_logprobs: 1 };
    const whole = await (await post("/v1/chat/completions", request)).json();
    expect(whole.choices[0].finish_reason).toBe("stop");
    expect(whole.choices[0].logprobs.content).toHaveLength(whole.usage.completion_tokens);
    const chunks = sseEvents(await (await post("/v1/chat/completions", { ...request, stream: true })).text())
      .slice(0, -1)
      .map((e) => JSON.parse(e));
    expect(chunks.flatMap((c) => c.choices[0]?.logprobs?.content ?? [])).toEqual(whole.choices[0].logprobs.content);
  });

  it("gives log-probabilities with no alternatives when top_logprobs is left out, and none when logprobs is not asked for", async () => {
    const bare = await (await post("/v1/chat/completions", { ...chat, logprobs: true })).json();
    expect(bare.choices[0].logprobs.content).toHaveLength(6);
    expect(bare.choices[0].logprobs.content.every((t: ChatTokenLogprob) => t.top_logprobs.length === 0)).toBe(true);
    const none = await (await post("/v1/chat/completions", { ...chat, logprobs: false })).json();
    expect(none.choices[0].logprobs).toBeNull();
  });

  it("takes top_logprobs 0 without logprobs as vLLM does (its own default): the answer, with no log-probabilities", async () => {
    const plain = await (await post("/v1/chat/completions", chat)).json();
    for (const fields of [{ top_logprobs: 0 }, { logprobs: false, top_logprobs: 0 }, { logprobs: null, top_logprobs: 0 }]) {
      const response = await post("/v1/chat/completions", { ...chat, ...fields });
      expect(response.status, JSON.stringify(fields)).toBe(200);
      const body = await response.json();
      expect(body.choices[0].message.content).toBe(plain.choices[0].message.content);
      expect(body.choices[0].logprobs).toBeNull();
    }
  });

  it("gives a text completion's log-probabilities in the completions API's shape, whole and streamed", async () => {
    const request = { prompt: "Once upon a time", temperature: 0, max_tokens: 5, logprobs: 3 };
    const whole = await (await post("/v1/completions", request)).json();
    const logprobs = whole.choices[0].logprobs;
    expect(logprobs.tokens).toHaveLength(5);
    expect(logprobs.tokens.join("").replace(/^ /, "")).toBe(whole.choices[0].text);
    expect(logprobs.token_logprobs).toHaveLength(5);
    // Each offset is where its token's text begins in the completion's text.
    logprobs.tokens.forEach((token: string, i: number) => {
      const spelled = i === 0 ? token.replace(/^ /, "") : token;
      expect(whole.choices[0].text.slice(logprobs.text_offset[i]).startsWith(spelled), `${token} at ${logprobs.text_offset[i]}`).toBe(true);
    });
    expect(logprobs.text_offset[0]).toBe(0);
    logprobs.top_logprobs.forEach((top: Record<string, number>, i: number) => {
      expect(Object.keys(top)).toHaveLength(3);
      expect(top[logprobs.tokens[i]]).toBe(logprobs.token_logprobs[i]);
      expect(Math.max(...Object.values(top))).toBe(logprobs.token_logprobs[i]);
    });

    const events = sseEvents(await (await post("/v1/completions", { ...request, stream: true })).text());
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.flatMap((c) => c.choices[0].logprobs?.tokens ?? [])).toEqual(logprobs.tokens);
    expect(chunks.flatMap((c) => c.choices[0].logprobs?.token_logprobs ?? [])).toEqual(logprobs.token_logprobs);
    expect(chunks.flatMap((c) => c.choices[0].logprobs?.text_offset ?? [])).toEqual(logprobs.text_offset);
  });

  it("continues a raw prompt's text as it reads: the first token's leading space kept, so prompt and answer join as the model wrote them", async () => {
    for (const prompt of ["Once upon a time", "The capital of France is", "Hi"]) {
      const body = await (await post("/v1/completions", { prompt, temperature: 0, max_tokens: 4, logprobs: 0 })).json();
      const { tokens, text_offset } = body.choices[0].logprobs;
      expect(body.choices[0].text, prompt).toBe(tokens.join(""));
      expect(text_offset[0]).toBe(0);
    }
  });

  it("refuses log-probability fields out of OpenAI's ranges with a 400 naming the field", async () => {
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ["/v1/chat/completions", { ...chat, logprobs: true, top_logprobs: 21 }, "top_logprobs", /top_logprobs must be .*20/],
      ["/v1/chat/completions", { ...chat, logprobs: true, top_logprobs: 2.5 }, "top_logprobs", /integer/],
      ["/v1/chat/completions", { ...chat, top_logprobs: 2 }, "top_logprobs", /logprobs.*true/],
      ["/v1/chat/completions", { ...chat, logprobs: false, top_logprobs: 2 }, "top_logprobs", /logprobs.*true/],
      ["/v1/chat/completions", { ...chat, logprobs: 5 }, "logprobs", /true or false/],
      ["/v1/completions", { prompt: "Once", logprobs: 6 }, "logprobs", /logprobs must be .*5/],
      ["/v1/completions", { prompt: "Once", logprobs: true }, "logprobs", /integer/],
    ];
    for (const [path, body, param, message] of cases) {
      const response = await post(path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = await response.json();
      expect(error).toMatchObject({ type: "invalid_request_error", param });
      expect(error.message).toMatch(message);
    }
  });

  it("hands a logprob judge the first token's likeliest alternatives through the openai backend, chat or raw prompt, streamed or not", async () => {
    const sampling = { temperature: 0, topK: 1, topP: 1, repetitionPenalty: 1, seed: 0, maxNewTokens: 1, stop: [] };
    const direct = await (await post("/v1/completions", { prompt: "Is this safe?", temperature: 0, max_tokens: 1, logprobs: 5 })).json();
    const expected: Record<string, number> = direct.choices[0].logprobs.top_logprobs[0];
    for (const stream of [true, false]) {
      const backend = new OpenAIBackend({ baseUrl: `${server.url}/v1`, model: "tiny-beluga", stream });
      const requests: GenerationRequest[] = [
        { id: "raw", messages: [], prompt: "Is this safe?", sampling, topLogprobs: 5 },
        { id: "chat", messages, sampling, topLogprobs: 5 },
      ];
      const results: GenerationResult[] = [];
      for await (const result of backend.generate(requests)) results.push(result);
      const raw = results.find((r) => r.id === "raw")!;
      const chatResult = results.find((r) => r.id === "chat")!;
      expect(raw.firstTokenLogprobs, `stream ${stream}`).toEqual(expected);
      expect(Object.keys(chatResult.firstTokenLogprobs ?? {}), `stream ${stream}`).toHaveLength(5);
    }
  });
});

describe("the local backend's log-probabilities", () => {
  let local: LocalBackend;

  beforeAll(async () => {
    local = await LocalBackend.open(model.dir, { maxBatch: 2, maxSequenceLength: 256, threads: 1 });
  });
  afterAll(async () => {
    await local?.close();
  });

  it("hands a logprob judge the same first-token alternatives as engine serve does through the openai backend, chat or raw prompt", async () => {
    const sampling = { temperature: 0, topK: 1, topP: 1, repetitionPenalty: 1, seed: 0, maxNewTokens: 1, stop: [] };
    const requests: GenerationRequest[] = [
      { id: "raw", messages: [], prompt: "Is this safe?", sampling, topLogprobs: 5 },
      { id: "chat", messages, sampling, topLogprobs: 5 },
    ];
    const served = await collectById(new OpenAIBackend({ baseUrl: `${server.url}/v1`, model: "tiny-beluga", stream: false }).generate(requests));
    const answered = await collectById(local.generate(requests));
    for (const id of ["raw", "chat"]) {
      expect(Object.keys(served[id].firstTokenLogprobs ?? {}), id).toHaveLength(5);
      expect(answered[id].firstTokenLogprobs, id).toBeDefined();
      for (const [token, logprob] of Object.entries(served[id].firstTokenLogprobs ?? {}))
        expect(answered[id].firstTokenLogprobs?.[token], `${id} ${token}`).toBeCloseTo(logprob, 5);
      expect(Object.keys(answered[id].firstTokenLogprobs ?? {}).sort(), id).toEqual(Object.keys(served[id].firstTokenLogprobs ?? {}).sort());
      expect(answered[id].text).toBe(served[id].text);
      // Asked for the first token's alternatives only: not every token's.
      expect(answered[id].tokenLogprobs, id).toBeUndefined();
    }
  });
});

// A copy of the model that ends answers early: its end-of-sequence tokens take in its first greedy token after the
// "Hello" chat and after the raw prompt "Is this safe?" (those answers are empty, ended by EOS at once), and its second
// after the "Bye" chat (that answer is one token and EOS).
describe("answers the model ended", () => {
  const prompt = "Is this safe?";
  const bye = [{ role: "user" as const, content: "Bye" }];
  let endingModel: ReturnType<typeof tinyModelDir>;
  let ending: ServeProcess;
  let endToken: { chat: string; raw: string };

  beforeAll(async () => {
    const [chatId] = await greedyTokens(runtime, tokenizer, formatStableBeluga(messages), 1);
    const [rawId] = await greedyTokens(runtime, tokenizer, prompt, 1);
    const [byeFirst, byeSecond] = await greedyTokens(runtime, tokenizer, formatStableBeluga(bye), 2);
    // Five different tokens, so the "Bye" answer's first token ends nothing.
    expect(new Set([2, chatId, rawId, byeFirst, byeSecond]).size, `greedy ids ${[chatId, rawId, byeFirst, byeSecond]}`).toBe(5);
    endToken = { chat: tokenizer.tokenText(chatId).token, raw: tokenizer.tokenText(rawId).token };
    endingModel = tinyModelDir();
    const configFile = join(endingModel.dir, "config.json");
    writeFileSync(configFile, JSON.stringify({ ...JSON.parse(readFileSync(configFile, "utf8")), eos_token_id: [2, chatId, rawId, byeSecond] }));
    ending = await startServe(endingModel.dir);
  });
  afterAll(async () => {
    await ending?.kill();
    endingModel?.remove();
  });

  describe("the log-probability of the end-of-sequence token that ends an answer", () => {
    it("is given as the answer's last entry, whole and streamed, as OpenAI gives it", async () => {
      const request = { ...chat, logprobs: true, top_logprobs: 3 };
      const whole = await (await post("/v1/chat/completions", request, ending)).json();
      expect(whole.choices[0]).toMatchObject({ finish_reason: "stop", message: { content: "" } });
      const content: ChatTokenLogprob[] = whole.choices[0].logprobs.content;
      expect(content.map((t) => t.token)).toEqual([endToken.chat]);
      expect(content[0].top_logprobs[0]).toEqual({ token: content[0].token, logprob: content[0].logprob, bytes: content[0].bytes });

      const chunks = sseEvents(await (await post("/v1/chat/completions", { ...request, stream: true }, ending)).text())
        .slice(0, -1)
        .map((e) => JSON.parse(e));
      expect(chunks.flatMap((c) => c.choices[0]?.logprobs?.content ?? [])).toEqual(content);

      const completion = await (await post("/v1/completions", { prompt, temperature: 0, max_tokens: 4, logprobs: 2 }, ending)).json();
      expect(completion.choices[0].text).toBe("");
      expect(completion.choices[0].logprobs).toMatchObject({ tokens: [endToken.raw], text_offset: [0] });
    });

    it("gives a logprob judge the first token's alternatives for an answer that ends at once, from either backend", async () => {
      const sampling = { temperature: 0, topK: 1, topP: 1, repetitionPenalty: 1, seed: 0, maxNewTokens: 1, stop: [] };
      const requests: GenerationRequest[] = [{ id: "raw", messages: [], prompt, sampling, topLogprobs: 5 }];
      const local = await LocalBackend.open(endingModel.dir, { maxBatch: 1, maxSequenceLength: 128, threads: 1 });
      try {
        const answered = await collectById(local.generate(requests));
        const served = await collectById(new OpenAIBackend({ baseUrl: `${ending.url}/v1`, model: "tiny-beluga" }).generate(requests));
        for (const result of [answered.raw, served.raw]) {
          expect(result.text).toBe("");
          expect(Object.keys(result.firstTokenLogprobs ?? {})).toContain(endToken.raw);
        }
      } finally {
        await local.close();
      }
    });
  });

  describe("engine serve's token count of an answer the model ended", () => {
    it("counts the end-of-sequence token in completion_tokens, as vLLM and OpenAI do: one per log-probability given", async () => {
      const whole = await (await post("/v1/chat/completions", { ...chat, messages: bye, max_tokens: 10, logprobs: true }, ending)).json();
      expect(whole.choices[0].finish_reason).toBe("stop");
      expect(whole.choices[0].logprobs.content).toHaveLength(2);
      expect(whole.usage).toMatchObject({ completion_tokens: 2, total_tokens: whole.usage.prompt_tokens + 2 });
      const events = sseEvents(
        await (
          await post("/v1/chat/completions", { ...chat, messages: bye, max_tokens: 10, stream: true, stream_options: { include_usage: true } }, ending)
        ).text(),
      );
      expect(JSON.parse(events.at(-2)!).usage).toEqual(whole.usage);
    });
  });
});

async function collectById(results: AsyncIterable<GenerationResult>): Promise<Record<string, GenerationResult>> {
  const byId: Record<string, GenerationResult> = {};
  for await (const result of results) byId[result.id] = result;
  return byId;
}

describe("engine serve's text offsets after characters the tokenizer spells byte by byte", () => {
  const prompt = "Once upon a time";
  const han = [0xe4, 0xb8, 0xad]; // 中
  const emoji = [0xf0, 0x9f, 0x98, 0x80]; // 😀
  let respelledModel: ReturnType<typeof tinyModelDir>;
  let respelledServer: ServeProcess;

  beforeAll(async () => {
    // The model's greedy answer, re-spelled in a copy: the vocabulary's pieces for its 2nd-4th tokens trade ids with
    // Llama-2's byte tokens <0xE4><0xB8><0xAD> and those for its 6th-9th with <0xF0><0x9F><0x98><0x80>, so the same ids,
    // chosen by the same model, now write 中 and 😀 one byte per token, as Llama-2 writes a character outside its vocabulary.
    const promptIds = tokenizer.encode(prompt);
    const greedy = await greedyTokens(runtime, tokenizer, prompt, 12);
    const respelled = [...greedy.slice(1, 4), ...greedy.slice(5, 9)];
    const byteIds = [...han, ...emoji].map((byte) => byte + 3); // Llama-2's <0x00> is id 3
    expect(new Set([...respelled, ...byteIds, ...promptIds]).size, `greedy ids ${greedy}`).toBe(respelled.length * 2 + promptIds.length);
    respelledModel = tinyModelDir();
    const file = join(respelledModel.dir, "tokenizer.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    const pieceOf = new Map(Object.entries(json.model.vocab as Record<string, number>).map(([piece, id]) => [id, piece]));
    respelled.forEach((id, i) => {
      const [piece, bytePiece] = [pieceOf.get(id)!, pieceOf.get(byteIds[i])!];
      json.model.vocab[piece] = byteIds[i];
      json.model.vocab[bytePiece] = id;
    });
    writeFileSync(file, JSON.stringify(json));
    expect(Tokenizer.load(respelledModel.dir).encode(prompt)).toEqual(promptIds);
    respelledServer = await startServe(respelledModel.dir);
  });
  afterAll(async () => {
    await respelledServer?.kill();
    respelledModel?.remove();
  });

  const complete = async (extra: Record<string, unknown> = {}) =>
    post("/v1/completions", { prompt, temperature: 0, max_tokens: 12, logprobs: 0, ...extra }, respelledServer);

  /**
   * Each whole token (one that spells whole characters) read back from the text at its offset, up to the next
   * token's offset. Offsets count characters (code points), as vLLM counts them (Python's len).
   */
  function readAtOffsets(text: string, tokens: string[], offsets: number[]): Array<[string, string]> {
    const characters = [...text];
    return tokens.flatMap((token, i) =>
      token.includes("\uFFFD") || i === tokens.length - 1 ? [] : [[token, characters.slice(offsets[i], offsets[i + 1]).join("")] as [string, string]],
    );
  }

  it("gives each token the offset where it stands in the text, whole tokens after a byte-spelled 中 and 😀 included", async () => {
    const body = await (await complete()).json();
    const { text } = body.choices[0];
    const { tokens, text_offset } = body.choices[0].logprobs;
    expect(text).toContain("中");
    expect(text).toContain("😀");
    const whole = readAtOffsets(text, tokens, text_offset);
    expect(whole.length).toBeGreaterThan(3);
    for (const [token, read] of whole) expect(read, `${JSON.stringify(token)} in ${JSON.stringify(text)} at ${text_offset}`).toBe(token);
    // A byte token points at the character it helps spell, as vLLM and llama-cpp-python give it.
    const characters = [...text];
    expect(characters[text_offset[1]]).toBe("中");
    expect(text_offset.slice(1, 4)).toEqual([text_offset[1], text_offset[1], text_offset[1]]);
    expect(characters[text_offset[5]]).toBe("😀");
    expect(text_offset.slice(5, 9)).toEqual(Array(4).fill(text_offset[5]));
  });

  it("streams the same offsets as the whole answer gives", async () => {
    const whole = (await (await complete()).json()).choices[0].logprobs.text_offset;
    const chunks = sseEvents(await (await complete({ stream: true })).text())
      .slice(0, -1)
      .map((e) => JSON.parse(e));
    expect(chunks.flatMap((c) => c.choices[0].logprobs?.text_offset ?? [])).toEqual(whole);
  });
});
