// `engine serve` on the tiny model, spoken to the way any OpenAI client speaks to it: plain fetch.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sseEvents, startServe, tinyModelDir, type ServeProcess } from "./engine-server-helpers";

const hello = { model: "tiny-beluga", messages: [{ role: "user", content: "Hello" }], temperature: 0, max_tokens: 12 };

interface ChatAnswer {
  choices: Array<{ index: number; message: { content: string } }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

describe("engine serve on the tiny model", () => {
  let model: ReturnType<typeof tinyModelDir>;
  let server: ServeProcess;

  beforeAll(async () => {
    model = tinyModelDir();
    server = await startServe(model.dir);
  });
  afterAll(async () => {
    await server?.kill();
    model?.remove();
  });

  const post = (path: string, body: unknown, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), ...init });

  it("lists the model it serves under the folder's name", async () => {
    const response = await fetch(`${server.url}/v1/models`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ object: "list", data: [{ id: "tiny-beluga", object: "model" }] });
  });

  it("answers a chat completion from a plain HTTP client", async () => {
    const response = await post("/v1/chat/completions", hello);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "tiny-beluga",
      choices: [{ index: 0, message: { role: "assistant" }, finish_reason: "length" }],
      usage: { completion_tokens: 12 },
    });
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.choices[0].message.content.length).toBeGreaterThan(0);
    // Stable Beluga's template around "Hello", BOS included, is more than the word itself.
    expect(body.usage.prompt_tokens).toBeGreaterThan(5);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + 12);

    const again = await (await post("/v1/chat/completions", hello)).json();
    expect(again.choices[0].message.content).toBe(body.choices[0].message.content);
  });

  it("streams a chat completion as SSE chunks that add up to the same answer and end with [DONE]", async () => {
    const whole = await (await post("/v1/chat/completions", hello)).json();
    const response = await post("/v1/chat/completions", { ...hello, stream: true, stream_options: { include_usage: true } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = sseEvents(await response.text());

    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0].id)).toBe(true);
    expect(chunks[0].choices[0].delta).toEqual({ role: "assistant", content: "" });
    const withChoices = chunks.filter((c) => c.choices.length > 0);
    const text = withChoices.map((c) => c.choices[0].delta.content ?? "").join("");
    expect(text).toBe(whole.choices[0].message.content);
    expect(withChoices.at(-1).choices[0].finish_reason).toBe("length");
    expect(withChoices.slice(0, -1).every((c) => c.choices[0].finish_reason === null)).toBe(true);
    // More than the role chunk and the closing chunk: the text came in pieces, as it was decoded.
    expect(withChoices.length).toBeGreaterThan(3);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 12 } });
  });

  it("continues a raw text completion, whole and streamed, without the chat template", async () => {
    const request = { prompt: "Once upon a time", temperature: 0, max_tokens: 6 };
    const whole = await (await post("/v1/completions", request)).json();
    expect(whole).toMatchObject({ object: "text_completion", choices: [{ index: 0, finish_reason: "length" }], usage: { completion_tokens: 6 } });
    // BOS and the four words' tokens: no "### User:" around them.
    expect(whole.usage.prompt_tokens).toBe(5);

    const events = sseEvents(await (await post("/v1/completions", { ...request, stream: true })).text());
    expect(events.at(-1)).toBe("[DONE]");
    const text = events
      .slice(0, -1)
      .map((e) => JSON.parse(e).choices[0].text)
      .join("");
    expect(text).toBe(whole.choices[0].text);
  });

  it("continues each prompt of a list, n times each, as OpenAI indexes them, whole and streamed", async () => {
    const prompts = ["Once upon a time", "Hello there"];
    const request = { temperature: 0, max_tokens: 4 };
    const alone: Array<{ choices: Array<{ text: string }>; usage: { prompt_tokens: number } }> = [];
    for (const prompt of prompts) alone.push(await (await post("/v1/completions", { ...request, prompt })).json());
    const response = await post("/v1/completions", { ...request, prompt: prompts, n: 2 });
    expect(response.status).toBe(200);
    const whole = await response.json();
    const texts = [0, 0, 1, 1].map((p) => alone[p].choices[0].text);
    expect(whole.choices.map((c: { index: number; text: string }) => [c.index, c.text])).toEqual(texts.map((t, i) => [i, t]));
    const promptTokens = alone[0].usage.prompt_tokens + alone[1].usage.prompt_tokens;
    expect(whole.usage).toEqual({ prompt_tokens: promptTokens, completion_tokens: 16, total_tokens: promptTokens + 16 });

    const events = sseEvents(await (await post("/v1/completions", { ...request, prompt: prompts, n: 2, stream: true })).text());
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    const streamed = [0, 1, 2, 3].map((index) =>
      chunks
        .flatMap((c) => c.choices)
        .filter((c: { index: number }) => c.index === index)
        .map((c: { text: string }) => c.text)
        .join(""),
    );
    expect(streamed).toEqual(texts);

    const refused: Array<[unknown, RegExp]> = [
      [[], /^prompt must be a string or a list of 1 to \d+ strings/],
      [[1, 2, 3], /^prompt must be .*token ids are not taken/],
      [["a", 7], /^prompt\[1\] must be a string/],
    ];
    for (const [prompt, message] of refused) {
      const bad = await post("/v1/completions", { ...request, prompt });
      expect(bad.status, JSON.stringify(prompt)).toBe(400);
      const { error } = await bad.json();
      expect(error.message).toMatch(message);
    }
    const tooLong = await post("/v1/completions", { ...request, prompt: ["Once", "hello ".repeat(3000)] });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error).toMatchObject({
      code: "context_length_exceeded",
      param: "prompt",
      message: expect.stringMatching(/prompt\[1\] takes 30\d\d/),
    });
  });

  it("stops at a stop sequence and says so", async () => {
    const whole = await (await post("/v1/chat/completions", { ...hello, max_tokens: 12 })).json();
    const text: string = whole.choices[0].message.content;
    const stop = text.slice(Math.floor(text.length / 2), Math.floor(text.length / 2) + 2);
    const stopped = await (await post("/v1/chat/completions", { ...hello, stop: [stop] })).json();
    expect(stopped.choices[0].finish_reason).toBe("stop");
    expect(stopped.choices[0].message.content).toBe(text.slice(0, text.indexOf(stop)));
  });

  it("takes seed -1 as vLLM and llama.cpp's server do: no seed, each answer drawn afresh; other negative seeds are refused", async () => {
    const answers = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const response = await post("/v1/chat/completions", { ...hello, temperature: 2, seed: -1 });
      expect(response.status).toBe(200);
      answers.add((await response.json()).choices[0].message.content);
    }
    expect(answers.size).toBeGreaterThan(1);
    const negative = await post("/v1/chat/completions", { ...hello, seed: -2 });
    expect(negative.status).toBe(400);
    expect((await negative.json()).error).toMatchObject({
      param: "seed",
      message:
        "seed must be an integer from 0 to 9007199254740991 (2^53 - 1, past which a JSON number does not hold every integer exactly), or -1 for none, got -2",
    });
  });

  it("takes seeds past 2^32 as OpenAI's 64-bit seed and vLLM do, up to 2^53 - 1: each repeats its answer; a seed no JSON number holds exactly is refused", async () => {
    const seeded = async (seed: number) => {
      const response = await post("/v1/chat/completions", { ...hello, temperature: 2, seed });
      expect(response.status, String(seed)).toBe(200);
      return (await response.json()).choices[0].message.content as string;
    };
    const seeds = [5, 2 ** 32 + 5, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER];
    const answers = [];
    for (const seed of seeds) answers.push(await seeded(seed));
    expect(new Set(answers).size).toBe(seeds.length);
    expect(await seeded(2 ** 40 + 5)).toBe(answers[2]);

    const refused = async (body: string, got: string) => {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: "POST",
        body: `{"messages":[{"role":"user","content":"hi"}],"seed":${body}}`,
      });
      expect(response.status, body).toBe(400);
      const { error } = await response.json();
      expect(error.param).toBe("seed");
      expect(error.message).toMatch(new RegExp(`^seed must be an integer from 0 to 9007199254740991 .*, got ${got}$`));
    };
    await refused("9223372036854775807", "9223372036854776000");
    await refused("9007199254740993", "9007199254740992");
    await refused("1.5", "1.5");
    await refused('"7"', '"7"');
  });

  it("answers n choices, each drawn as vLLM draws it (the seed plus the choice's index), whole and streamed, with their tokens counted together", async () => {
    const single = async (seed: number) => (await (await post("/v1/chat/completions", { ...hello, temperature: 2, seed })).json()) as ChatAnswer;
    const alone = [await single(11), await single(12), await single(13)];
    const response = await post("/v1/chat/completions", { ...hello, temperature: 2, seed: 11, n: 3 });
    expect(response.status).toBe(200);
    const whole = (await response.json()) as ChatAnswer;
    expect(whole.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(whole.choices.map((c) => c.message.content)).toEqual(alone.map((a) => a.choices[0].message.content));
    expect(whole.usage).toEqual({
      prompt_tokens: alone[0].usage.prompt_tokens,
      completion_tokens: 36,
      total_tokens: alone[0].usage.prompt_tokens + 36,
    });

    const events = sseEvents(
      await (await post("/v1/chat/completions", { ...hello, temperature: 2, seed: 11, n: 3, stream: true, stream_options: { include_usage: true } })).text(),
    );
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    for (const index of [0, 1, 2]) {
      const own = chunks.flatMap((c) => c.choices).filter((c: { index: number }) => c.index === index);
      expect(own[0].delta).toEqual({ role: "assistant", content: "" });
      expect(own.map((c: { delta: { content?: string } }) => c.delta.content ?? "").join("")).toBe(alone[index].choices[0].message.content);
      expect(own.filter((c: { finish_reason: string | null }) => c.finish_reason !== null).map((c: { finish_reason: string }) => c.finish_reason)).toEqual([
        "length",
      ]);
    }
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: whole.usage });
  });

  it("takes OpenAI's developer role as the system role it replaces", async () => {
    const asked = (role: string) => post("/v1/chat/completions", { ...hello, messages: [{ role, content: "Answer briefly." }, ...hello.messages] });
    const developer = await asked("developer");
    expect(developer.status).toBe(200);
    const system = await (await asked("system")).json();
    expect((await developer.json()).choices[0].message.content).toBe(system.choices[0].message.content);
  });

  it("takes an assistant turn with content null as an empty turn, and refuses tool calls and tool results naming the message and why", async () => {
    const conversation = (turns: unknown[]) =>
      post("/v1/chat/completions", { ...hello, messages: [...hello.messages, ...turns, { role: "user", content: "And?" }] });
    const nullTurn = await conversation([{ role: "assistant", content: null }]);
    expect(nullTurn.status).toBe(200);
    const emptyTurn = await (await conversation([{ role: "assistant", content: "" }])).json();
    expect((await nullTurn.json()).choices[0].message.content).toBe(emptyTurn.choices[0].message.content);

    const toolCall = { id: "call_1", type: "function", function: { name: "lookup", arguments: "{}" } };
    const refused: Array<[unknown[], string, RegExp]> = [
      [[{ role: "assistant", content: null, tool_calls: [toolCall] }], "messages[1].tool_calls", /^messages\[1\] is an assistant tool call: /],
      [[{ role: "assistant", content: null, function_call: toolCall.function }], "messages[1].function_call", /^messages\[1\] is an assistant function call: /],
      [
        [
          { role: "assistant", content: "", tool_calls: [] },
          { role: "tool", tool_call_id: "call_1", content: "42" },
        ],
        "messages[2].role",
        /^messages\[2\] is a tool result \(role "tool"\): /,
      ],
      [[{ role: "function", name: "lookup", content: "42" }], "messages[1].role", /^messages\[1\] is a function result \(role "function"\): /],
    ];
    for (const [turns, param, message] of refused) {
      const response = await conversation(turns);
      expect(response.status, JSON.stringify(turns)).toBe(400);
      const { error } = await response.json();
      expect(error).toMatchObject({ type: "invalid_request_error", param });
      expect(error.message).toMatch(message);
      expect(error.message).toContain("without tools");
    }
  });

  it("rejects malformed requests with a 400 that names the field", async () => {
    const cases: Array<[unknown, string]> = [
      [{ model: "tiny-beluga" }, "messages"],
      [{ messages: [] }, "messages"],
      [{ messages: [{ role: "robot", content: "hi" }] }, "messages[0].role"],
      [{ messages: [{ role: "user", content: 42 }] }, "messages[0].content"],
      [{ messages: [{ role: "user", content: "hi" }], temperature: 7 }, "temperature"],
      [{ messages: [{ role: "user", content: "hi" }], max_tokens: 0 }, "max_tokens"],
      [{ messages: [{ role: "user", content: "hi" }], max_tokens: 2.5 }, "max_tokens"],
      [{ messages: [{ role: "user", content: "hi" }], max_completion_tokens: 0 }, "max_completion_tokens"],
      // A valid max_completion_tokens does not excuse an invalid max_tokens beside it.
      [{ messages: [{ role: "user", content: "hi" }], max_completion_tokens: 3, max_tokens: -1 }, "max_tokens"],
      [{ messages: [{ role: "user", content: "hi" }], top_p: 0 }, "top_p"],
      [{ messages: [{ role: "user", content: "hi" }], n: 0 }, "n"],
      [{ messages: [{ role: "user", content: "hi" }], n: 129 }, "n"],
      [{ messages: [{ role: "user", content: "hi" }], n: 1.5 }, "n"],
      [{ messages: [{ role: "user", content: "hi" }], stop: [""] }, "stop"],
      [{ messages: [{ role: "user", content: "hi" }], stream: "yes" }, "stream"],
    ];
    for (const [body, field] of cases) {
      const response = await post("/v1/chat/completions", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = await response.json();
      expect(error.type).toBe("invalid_request_error");
      expect(error.param).toBe(field);
      expect(error.message).toContain(field);
    }
    const noPrompt = await post("/v1/completions", { max_tokens: 3 });
    expect(noPrompt.status).toBe(400);
    expect((await noPrompt.json()).error.param).toBe("prompt");

    // JSON numbers past float64's range parse to Infinity, which JSON.stringify writes as null.
    const overflow = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: '{"messages":[{"role":"user","content":"hi"}],"temperature":1e400}',
    });
    expect(overflow.status).toBe(400);
    expect((await overflow.json()).error.message).toBe("temperature must be a number >= 0 and <= 2, got Infinity");

    const notJson = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", body: "{messages:" });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toMatch(/not valid JSON/);
  });

  it("refuses a prompt longer than the context with 400 context_length_exceeded before any answer, streamed or not", async () => {
    const long = "hello ".repeat(3000);
    const requests: Array<[string, Record<string, unknown>, string]> = [
      ["/v1/chat/completions", { messages: [{ role: "user", content: long }], max_tokens: 5 }, "messages"],
      ["/v1/chat/completions", { messages: [{ role: "user", content: long }], max_tokens: 5, stream: true }, "messages"],
      ["/v1/chat/completions", { messages: [{ role: "user", content: long }] }, "messages"],
      ["/v1/completions", { prompt: long, max_tokens: 5 }, "prompt"],
      ["/v1/completions", { prompt: long, max_tokens: 5, stream: true }, "prompt"],
    ];
    for (const [path, body, param] of requests) {
      const response = await post(path, body);
      expect(response.status, `${path} ${JSON.stringify({ ...body, messages: undefined, prompt: undefined })}`).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/json");
      const { error } = await response.json();
      expect(error).toMatchObject({ type: "invalid_request_error", code: "context_length_exceeded", param });
      expect(error.message).toMatch(new RegExp(`maximum context length is 2048 tokens, and the ${param} takes? 30\\d\\d of them`));
    }
  });

  it("refuses max_tokens that would run past the context with 400 naming the prompt's tokens and the limit", async () => {
    const response = await post("/v1/chat/completions", { ...hello, max_tokens: 2048 });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({ type: "invalid_request_error", code: "context_length_exceeded", param: "max_tokens" });
    const promptTokens = (await (await post("/v1/chat/completions", { ...hello, max_tokens: 1 })).json()).usage.prompt_tokens;
    expect(error.message).toBe(
      `This model's maximum context length is 2048 tokens: the messages take ${promptTokens} and max_tokens asks for 2048 more, ` +
        `${promptTokens + 2048} in all. Lower max_tokens to ${2048 - promptTokens} at most, or shorten the messages.`,
    );
    const streamed = await post("/v1/completions", { prompt: "Once upon a time", max_completion_tokens: 2044, stream: true });
    expect(streamed.status).toBe(400);
    expect((await streamed.json()).error).toMatchObject({ code: "context_length_exceeded", param: "max_completion_tokens" });
  });

  it("refuses fields asking for what it does not do, naming the field, rather than answering as if they were not there", async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["/v1/chat/completions", { ...hello, frequency_penalty: 2 }, "frequency_penalty"],
      ["/v1/chat/completions", { ...hello, presence_penalty: -1 }, "presence_penalty"],
      ["/v1/chat/completions", { ...hello, logit_bias: { "29871": 100 } }, "logit_bias"],
      ["/v1/chat/completions", { ...hello, response_format: { type: "json_object" } }, "response_format"],
      ["/v1/chat/completions", { ...hello, tools: [{ type: "function", function: { name: "lookup" } }] }, "tools"],
      ["/v1/chat/completions", { ...hello, functions: [{ name: "lookup" }] }, "functions"],
      ["/v1/completions", { prompt: "Once", echo: true }, "echo"],
      ["/v1/completions", { prompt: "Once", best_of: 3 }, "best_of"],
      ["/v1/completions", { prompt: "Once", suffix: " the end." }, "suffix"],
    ];
    for (const [path, body, field] of cases) {
      const response = await post(path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = await response.json();
      expect(error).toMatchObject({ type: "invalid_request_error", param: field });
      expect(error.message).toMatch(new RegExp(`^${field} `));
    }
    // Their neutral values, and fields that do not change the answer, are taken as OpenAI takes them.
    const neutral = {
      frequency_penalty: 0,
      presence_penalty: 0,
      logit_bias: {},
      response_format: { type: "text" },
      tools: [],
      user: "rita",
      metadata: { run: "1" },
    };
    const plain = await (await post("/v1/chat/completions", hello)).json();
    const withNeutral = await post("/v1/chat/completions", { ...hello, ...neutral });
    expect(withNeutral.status).toBe(200);
    expect((await withNeutral.json()).choices[0].message.content).toBe(plain.choices[0].message.content);
    expect((await post("/v1/completions", { prompt: "Once", max_tokens: 2, echo: false, best_of: 1, suffix: null })).status).toBe(200);
  });

  it("refuses vLLM's and llama.cpp's fields that would change the answer, naming the field, rather than answering as if they were not there", async () => {
    const changing: Array<[string, unknown]> = [
      ["min_p", 0.2],
      ["min_tokens", 5],
      ["ignore_eos", true],
      ["stop_token_ids", [13]],
      ["include_stop_str_in_output", true],
      ["bad_words", ["the"]],
      ["allowed_token_ids", [13, 29871]],
      ["use_beam_search", true],
      ["length_penalty", 0.5],
      ["guided_json", { type: "object" }],
      ["guided_regex", "[0-9]+"],
      ["guided_choice", ["yes", "no"]],
      ["guided_grammar", "root ::= 'a'"],
      ["structured_outputs", { choice: ["yes", "no"] }],
      ["typical_p", 0.5],
      ["mirostat", 2],
      ["grammar", "root ::= 'a'"],
      ["truncate_prompt_tokens", 8],
      ["add_generation_prompt", false],
      ["continue_final_message", true],
      ["chat_template", "{{ messages[0].content }}"],
      ["chat_template_kwargs", { enable_thinking: true }],
    ];
    for (const [field, value] of changing) {
      const response = await post("/v1/chat/completions", { ...hello, [field]: value });
      expect(response.status, `${field}: ${JSON.stringify(value)}`).toBe(400);
      const { error } = await response.json();
      expect(error).toMatchObject({ type: "invalid_request_error", param: field });
      expect(error.message).toMatch(new RegExp(`^${field} is not supported by this server \\(.+\\): leave it out or `));
    }
    const completion = await post("/v1/completions", { prompt: "Once", max_tokens: 2, min_p: 0.1 });
    expect(completion.status).toBe(400);
    expect((await completion.json()).error.param).toBe("min_p");

    // At the values that change nothing (vLLM's defaults), each is taken.
    const neutral = {
      min_p: 0,
      min_tokens: 0,
      ignore_eos: false,
      stop_token_ids: [],
      include_stop_str_in_output: false,
      bad_words: [],
      allowed_token_ids: null,
      use_beam_search: false,
      length_penalty: 1,
      guided_json: null,
      structured_outputs: null,
      typical_p: 1,
      mirostat: 0,
      grammar: "",
      truncate_prompt_tokens: null,
      add_generation_prompt: true,
      continue_final_message: false,
      chat_template: null,
      chat_template_kwargs: {},
    };
    const plain = await (await post("/v1/chat/completions", hello)).json();
    const withNeutral = await post("/v1/chat/completions", { ...hello, ...neutral });
    expect(withNeutral.status).toBe(200);
    expect((await withNeutral.json()).choices[0].message.content).toBe(plain.choices[0].message.content);
  });

  it("refuses another model's name, an oversized body and unknown routes clearly", async () => {
    const otherModel = await post("/v1/chat/completions", { ...hello, model: "gpt-4" });
    expect(otherModel.status).toBe(404);
    expect((await otherModel.json()).error).toMatchObject({ param: "model", message: expect.stringContaining("tiny-beluga") });

    const huge = await post("/v1/chat/completions", { messages: [{ role: "user", content: "x".repeat(2 << 20) }] });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toMatch(/over this server's limit of \d+ bytes/);

    expect((await fetch(`${server.url}/v1/embeddings`, { method: "POST", body: "{}" })).status).toBe(404);
    const wrongMethod = await fetch(`${server.url}/v1/chat/completions`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST, OPTIONS");
  });

  it("answers HEAD wherever it answers GET, with GET's headers and no body, and OPTIONS with the methods each path takes", async () => {
    for (const path of ["/v1/models", "/v1/models/tiny-beluga"]) {
      const get = await fetch(`${server.url}${path}`);
      const head = await fetch(`${server.url}${path}`, { method: "HEAD" });
      expect(head.status, path).toBe(200);
      expect(head.headers.get("content-type")).toBe(get.headers.get("content-type"));
      expect(head.headers.get("content-length")).toBe(get.headers.get("content-length"));
      expect(await head.text()).toBe("");
    }
    const allowed: Array<[string, string]> = [
      ["/v1/models", "GET, HEAD, OPTIONS"],
      ["/v1/chat/completions", "POST, OPTIONS"],
      ["/v1/completions", "POST, OPTIONS"],
    ];
    for (const [path, allow] of allowed) {
      const options = await fetch(`${server.url}${path}`, { method: "OPTIONS" });
      expect(options.status, path).toBe(204);
      expect(options.headers.get("allow")).toBe(allow);
    }
    const headOfPost = await fetch(`${server.url}/v1/chat/completions`, { method: "HEAD" });
    expect(headOfPost.status).toBe(405);
    expect(headOfPost.headers.get("allow")).toBe("POST, OPTIONS");
    expect((await fetch(`${server.url}/v1/embeddings`, { method: "OPTIONS" })).status).toBe(404);
  });
});

describe("engine serve under a model id a URL must escape", () => {
  let model: ReturnType<typeof tinyModelDir>;
  let server: ServeProcess;

  beforeAll(async () => {
    model = tinyModelDir();
    server = await startServe(model.dir, 0, ["--model-id", "Stable Beluga 2"]);
  });
  afterAll(async () => {
    await server?.kill();
    model?.remove();
  });

  it("answers GET /v1/models/{id} with the id escaped, as OpenAI clients send it", async () => {
    const response = await fetch(`${server.url}/v1/models/${encodeURIComponent("Stable Beluga 2")}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: "Stable Beluga 2", object: "model" });
    expect((await fetch(`${server.url}/v1/models/${encodeURIComponent("Stable Beluga 3")}`)).status).toBe(404);
    expect((await fetch(`${server.url}/v1/models/%E0%A4%A`)).status).toBe(404);
  });
});
