// An OpenAI-compatible HTTP server over any Backend (this engine's local one in practice), so
// other tools can test the model and the `openai` backend is tested against a real server.
// Plain node:http: the engine carries no web framework.
//
// Each HTTP request is its own generate() call. The local backend feeds every call into one
// shared generator, so concurrent requests decode together in one batch, sequences joining and
// leaving as they start and finish; and a client that hangs up cancels only its own sequence.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes, randomInt } from "node:crypto";
import { z } from "zod";
import { listen, type RunningServer } from "./listen";
import { requestPath } from "./request-path";
import type { Backend, ChatMessage, FinishReason, GenerationRequest, GenerationResult, SamplingSettings, TokenLogprob } from "./backend";
import { alternativesByText, MAX_TOP_LOGPROBS } from "./logprobs";
import { describeRange, inRange, SAMPLING_LIMITS, type NumberRange } from "./sampling-limits";

export interface ServerOptions {
  backend: Backend;
  /** The name /v1/models lists and answers carry; a request naming another model gets a 404. */
  modelId: string;
  /** The weights are the generated tiny model (noise): /v1/models says so, so that a client's evidence can. */
  smokeTestModel?: boolean;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  maxBodyBytes?: number;
  /**
   * Tokens a sequence may hold, prompt and answer together (the model's maximum sequence length),
   * and how many a request's prompt takes: a request whose prompt and max_tokens cannot fit is
   * refused with OpenAI's 400 context_length_exceeded before any answer starts. Absent: no such check.
   */
  context?: PromptContext;
}

export interface PromptContext {
  length: number;
  promptTokens(request: Pick<GenerationRequest, "messages" | "prompt">): number;
}

export type { RunningServer };

const DEFAULT_MAX_BODY_BYTES = 1 << 20;
// OpenAI's defaults: 16 new tokens for a completion; a chat answer runs until the model stops.
const DEFAULT_COMPLETION_TOKENS = 16;
const DEFAULT_CHAT_TOKENS = 512;
// OpenAI's code for a prompt and answer longer than the model's context.
const CONTEXT_LENGTH_EXCEEDED = "context_length_exceeded";

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const http = createServer((req, res) => {
    handle(req, res, options).catch((err) => {
      if (!res.headersSent) sendError(res, 500, `internal error: ${(err as Error).message}`, "server_error");
      else res.destroy(err as Error);
    });
  });
  return listen(http, host, options.port);
}

async function handle(req: IncomingMessage, res: ServerResponse, options: ServerOptions): Promise<void> {
  const path = requestPath(req.url);
  const routes: Record<string, string> = {
    "/v1/models": "GET",
    [`/v1/models/${options.modelId}`]: "GET",
    "/v1/completions": "POST",
    "/v1/chat/completions": "POST",
  };
  const method = routes[path];
  if (!method) return sendError(res, 404, `no route ${req.method} ${path}: this server answers ${Object.keys(routes).join(", ")}`, "not_found_error");
  // As HTTP has it: HEAD wherever GET is answered (node sends its headers and drops the body), OPTIONS anywhere, saying what the path takes.
  const allowed = method === "GET" ? ["GET", "HEAD", "OPTIONS"] : [method, "OPTIONS"];
  if (req.method === "OPTIONS") {
    res.writeHead(204, { allow: allowed.join(", ") });
    return void res.end();
  }
  if (!allowed.includes(req.method ?? "")) {
    res.setHeader("allow", allowed.join(", "));
    return sendError(res, 405, `${path} takes ${method}, not ${req.method}`, "invalid_request_error");
  }
  if (method === "GET") {
    // root and max_model_len as vLLM gives them: a client can tell which weights answer, and how long a sequence may be.
    const model = {
      id: options.modelId,
      object: "model",
      created: 0,
      owned_by: "riskledger",
      root: options.backend.modelRevision,
      ...(options.context ? { max_model_len: options.context.length } : {}),
      ...(options.smokeTestModel ? { smoke_test_model: true } : {}),
    };
    return sendJson(res, 200, path === "/v1/models" ? { object: "list", data: [model] } : model);
  }

  const body = await readJsonBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  if (body instanceof HttpError) return sendError(res, body.status, body.message, "invalid_request_error", body.param, body.code);
  const chat = path === "/v1/chat/completions";
  let parsed: ParsedRequest;
  try {
    parsed = parseRequest(body, chat, options);
  } catch (err) {
    if (err instanceof HttpError) return sendError(res, err.status, err.message, "invalid_request_error", err.param, err.code);
    throw err;
  }
  await respond(res, parsed, chat, options);
}

async function respond(res: ServerResponse, parsed: ParsedRequest, chat: boolean, options: ServerOptions): Promise<void> {
  const modelId = options.modelId;
  const id = `${chat ? "chatcmpl" : "cmpl"}-${randomBytes(12).toString("hex")}`;
  const created = Math.floor(Date.now() / 1000);
  const object = chat ? "chat.completion" : "text_completion";
  const requests: GenerationRequest[] = parsed.choices.map((choice, index) => ({
    id: `${id}-${index}`,
    messages: choice.messages,
    ...(choice.prompt !== undefined ? { prompt: choice.prompt } : {}),
    sampling: choice.sampling,
    ...(parsed.logprobs !== null ? { tokenLogprobs: parsed.logprobs } : {}),
  }));
  const logprobsOf = (tokens: TokenLogprob[] | undefined, offsets: TextOffsets) =>
    parsed.logprobs === null || tokens === undefined ? null : chat ? chatLogprobs(tokens) : completionLogprobs(tokens, offsets);
  // A client that hangs up stops every choice; a choice that fails stops the others, whose answers no one will read.
  const gone = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  const failure: { first?: GenerationResult } = {};
  const run = (request: GenerationRequest, onText?: (text: string, logprobs: TokenLogprob[] | undefined) => void) =>
    generateOne(options.backend, request, gone.signal, onText).then((result) => {
      // The first failure is the one told: the others it stops fail only for being stopped.
      if (result.finishReason === "error" && !gone.signal.aborted) {
        failure.first = result;
        gone.abort();
      }
      return result;
    });
  const usageOf = (results: GenerationResult[]) => usage(parsed.choices, results);

  if (!parsed.stream) {
    const results = await Promise.all(requests.map((request) => run(request)));
    if (failure.first) return sendError(res, 500, failure.first.error ?? "generation failed", "server_error");
    if (gone.signal.aborted) return;
    const choices = results.map((result, index) => {
      const logprobs = logprobsOf(result.tokenLogprobs, new TextOffsets(firstTokenOffset(result.tokenLogprobs ?? [], result.text)));
      const finish_reason = openAIFinish(result.finishReason);
      return chat
        ? { index, message: { role: "assistant", content: result.text }, finish_reason, logprobs }
        : { index, text: result.text, finish_reason, logprobs };
    });
    return sendJson(res, 200, { id, object, created, model: modelId, choices, usage: usageOf(results) });
  }

  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
  res.flushHeaders();
  const send = (data: unknown) => {
    if (!res.writableEnded && !res.destroyed) res.write(`data: ${JSON.stringify(data)}\n\n`);
  };
  const chunkObject = chat ? "chat.completion.chunk" : "text_completion";
  const streamed = requests.map((request, index) => {
    // Each token's log-probabilities go out in the chunk that carries its text; those of text held back or cut at a stop, with the last.
    let logprobsSent = 0;
    let offsets: TextOffsets | null = null;
    const chunk = (delta: Record<string, unknown> | string, finish: FinishReason | null, tokens?: TokenLogprob[], text = "") => {
      let logprobs = null;
      if (tokens && tokens.length > 0) {
        offsets ??= new TextOffsets(firstTokenOffset(tokens, text));
        logprobsSent += tokens.length;
        logprobs = logprobsOf(tokens, offsets);
      }
      const finish_reason = finish && openAIFinish(finish);
      return {
        id,
        object: chunkObject,
        created,
        model: modelId,
        choices: [chat ? { index, delta, finish_reason, logprobs } : { index, text: delta, finish_reason, logprobs }],
      };
    };
    if (chat) send(chunk({ role: "assistant", content: "" }, null));
    return run(request, (text, tokens) => send(chunk(chat ? { content: text } : text, null, tokens, text))).then((result) => {
      if (result.finishReason !== "error") send(chunk(chat ? {} : "", result.finishReason, result.tokenLogprobs?.slice(logprobsSent), result.text));
      return result;
    });
  });
  const results = await Promise.all(streamed);
  if (failure.first) {
    // No [DONE]: a client must not take a failed answer for a finished one.
    send({ error: { message: failure.first.error ?? "generation failed", type: "server_error", param: null, code: null } });
    res.end();
    return;
  }
  if (gone.signal.aborted) return;
  if (parsed.includeUsage) send({ id, object: chunkObject, created, model: modelId, choices: [], usage: usageOf(results) });
  res.end("data: [DONE]\n\n");
}

async function generateOne(
  backend: Backend,
  request: GenerationRequest,
  signal: AbortSignal,
  onText?: (text: string, logprobs: TokenLogprob[] | undefined) => void,
): Promise<GenerationResult> {
  try {
    for await (const result of backend.generate([request], { signal, onToken: onText && ((_, text, logprobs) => onText(text, logprobs)) })) return result;
    return failed(request, `backend ${backend.name} returned no result`);
  } catch (err) {
    return failed(
      request,
      signal.aborted ? "stopped: the client disconnected or another choice failed" : `backend ${backend.name} failed: ${(err as Error).message}`,
    );
  }
}

function failed(request: GenerationRequest, error: string): GenerationResult {
  return { id: request.id, text: "", promptTokens: 0, completionTokens: 0, finishReason: "error", latencyMs: 0, timeToFirstTokenMs: null, error };
}

/** One choice to generate: the prompt it continues (`input`: which of the request's prompts) and its own sampling (seed). */
interface ChoiceInput {
  input: number;
  messages: ChatMessage[];
  prompt: string | undefined;
  sampling: SamplingSettings;
}

interface ParsedRequest {
  /** n for each prompt, in OpenAI's order: the first prompt's n choices, then the next's. */
  choices: ChoiceInput[];
  stream: boolean;
  includeUsage: boolean;
  /** Alternatives per token when log-probabilities are asked for; null when they are not. */
  logprobs: number | null;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

function parseRequest(body: unknown, chat: boolean, options: ServerOptions): ParsedRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, "the request body must be a JSON object");
  const b = body as Record<string, unknown>;
  if (b.model !== undefined) {
    if (typeof b.model !== "string") throw new HttpError(400, "model must be a string", "model");
    if (b.model !== options.modelId) throw new HttpError(404, `model "${b.model}" is not served here; this server serves "${options.modelId}"`, "model");
  }

  readFields(unsupportedFields, b);
  // A completion's prompt is raw text to continue (a list of them gives choices for each); a chat goes through the model's template.
  const inputs = chat ? [{ messages: parseMessages(b.messages), prompt: undefined }] : parsePrompts(b.prompt).map((prompt) => ({ messages: [], prompt }));
  const n = optionalNumber(b, "n", { integer: true, min: 1, max: Math.floor(MAX_CHOICES / inputs.length) }) ?? 1;
  // Both checked, whichever is used: OpenAI renamed max_tokens to max_completion_tokens, and (as vLLM) the new name wins.
  const maxCompletionTokens = optionalNumber(b, "max_completion_tokens", SAMPLING_LIMITS.maxNewTokens);
  const maxTokens = optionalNumber(b, "max_tokens", SAMPLING_LIMITS.maxNewTokens);
  const asked: AskedTokens | null =
    maxCompletionTokens !== undefined
      ? { field: "max_completion_tokens", count: maxCompletionTokens }
      : maxTokens !== undefined
        ? { field: "max_tokens", count: maxTokens }
        : null;
  const stream = b.stream ?? false;
  if (typeof stream !== "boolean") throw new HttpError(400, "stream must be true or false", "stream");
  const streamOptions = b.stream_options;
  if (streamOptions !== undefined && streamOptions !== null && (typeof streamOptions !== "object" || Array.isArray(streamOptions))) {
    throw new HttpError(400, "stream_options must be an object", "stream_options");
  }
  const includeUsage = (streamOptions as { include_usage?: unknown } | null | undefined)?.include_usage ?? false;
  if (typeof includeUsage !== "boolean") throw new HttpError(400, "stream_options.include_usage must be true or false", "stream_options.include_usage");

  const logprobs = parseLogprobs(b, chat);
  const sampling = {
    temperature: optionalNumber(b, "temperature", SAMPLING_LIMITS.temperature) ?? 1,
    topP: optionalNumber(b, "top_p", SAMPLING_LIMITS.topP) ?? 1,
    topK: optionalNumber(b, "top_k", SAMPLING_LIMITS.topK) ?? 0,
    repetitionPenalty: optionalNumber(b, "repetition_penalty", SAMPLING_LIMITS.repetitionPenalty) ?? 1,
    stop: parseStop(b.stop),
  };
  const seed = requestSeed(b) ?? randomInt(2 ** 31);
  const choices = inputs.flatMap((input, i) => {
    // A list's prompts are told apart in a message only where there are several.
    const name = input.prompt === undefined ? "messages" : inputs.length > 1 ? `prompt[${i}]` : "prompt";
    const maxNewTokens = newTokens(input, name, asked, chat ? DEFAULT_CHAT_TOKENS : DEFAULT_COMPLETION_TOKENS, options.context);
    return Array.from({ length: n }, (_, j) => ({ input: i, ...input, sampling: { ...sampling, seed: choiceSeed(seed, j), maxNewTokens } }));
  });
  return { choices, stream, includeUsage, logprobs };
}

/** Most choices one request may ask for, prompts times n: OpenAI's limit on n. */
const MAX_CHOICES = 128;

/**
 * The seed of a request's `index`th choice of one prompt: the request's seed plus the index, as vLLM
 * seeds each of n choices, so choice 0 is the answer the request gets with n 1. Past the largest seed
 * it wraps to 0 rather than lose the difference to rounding.
 */
function choiceSeed(seed: number, index: number): number {
  const most = SAMPLING_LIMITS.seed.max;
  return index <= most - seed ? seed + index : index - (most - seed) - 1;
}

interface AskedTokens {
  field: "max_tokens" | "max_completion_tokens";
  count: number;
}

/**
 * The tokens a request may generate: what it asked for, else the default cut to the room the
 * prompt leaves. Refused (OpenAI's context_length_exceeded, as vLLM answers too) where the prompt
 * leaves no room or what was asked for would not fit: a client is told, not handed a cut answer.
 */
function newTokens(
  request: Pick<GenerationRequest, "messages" | "prompt">,
  /** What the message calls the prompt: messages, prompt, or prompt[i] of a list. */
  what: string,
  asked: AskedTokens | null,
  fallback: number,
  context: PromptContext | undefined,
): number {
  if (!context) return asked?.count ?? fallback;
  const promptTokens = context.promptTokens(request);
  const room = context.length - promptTokens;
  const take = what === "messages" ? "take" : "takes";
  const param = request.prompt === undefined ? "messages" : "prompt";
  const limit = `This model's maximum context length is ${context.length} tokens`;
  if (room < 1) {
    throw new HttpError(
      400,
      `${limit}, and the ${what} ${take} ${promptTokens} of them, leaving none to generate. Shorten the ${what}.`,
      param,
      CONTEXT_LENGTH_EXCEEDED,
    );
  }
  if (asked === null) return Math.min(fallback, room);
  if (asked.count > room) {
    throw new HttpError(
      400,
      `${limit}: the ${what} ${take} ${promptTokens} and ${asked.field} asks for ${asked.count} more, ${promptTokens + asked.count} in all. ` +
        `Lower ${asked.field} to ${room} at most, or shorten the ${what}.`,
      asked.field,
      CONTEXT_LENGTH_EXCEEDED,
    );
  }
  return asked.count;
}

/** A field this server takes only at the value that changes nothing (`neutral`, written as `asWritten`); anything else is refused, saying why. */
function onlyNeutral(field: string, neutral: z.ZodType, asWritten: string, why: string) {
  const error = `${field} is not supported by this server (${why}): leave it out or ${asWritten}`;
  return z
    .unknown()
    .refine((value) => value === null || neutral.safeParse(value).success, { error })
    .optional();
}

/**
 * Fields that would change the answer, which this server does not do (OpenAI's, then vLLM's and
 * llama.cpp's): refused rather than ignored, so no client takes an answer made without them for one
 * made with them. At their neutral values they are taken, as are fields that change nothing (user, metadata).
 */
const unsupportedFields = z.object({
  frequency_penalty: onlyNeutral("frequency_penalty", z.literal(0), "0", "repetition_penalty is, as vLLM and transformers take it"),
  presence_penalty: onlyNeutral("presence_penalty", z.literal(0), "0", "repetition_penalty is, as vLLM and transformers take it"),
  logit_bias: onlyNeutral("logit_bias", z.object({}).strict(), "{}", "no token's score is changed by request"),
  response_format: onlyNeutral("response_format", z.object({ type: z.literal("text") }), '{"type": "text"}', "the answer is free text"),
  tools: onlyNeutral("tools", z.array(z.never()), "[]", "the model is not served with tool calls"),
  functions: onlyNeutral("functions", z.array(z.never()), "[]", "the model is not served with function calls"),
  echo: onlyNeutral("echo", z.literal(false), "false", "the answer never repeats the prompt"),
  best_of: onlyNeutral("best_of", z.literal(1), "1", "one answer is generated per request"),
  suffix: onlyNeutral("suffix", z.literal(""), '""', "text is continued, never filled in before a suffix"),
  // vLLM's and llama.cpp's own fields, which clients written for those servers send; neutral at vLLM's defaults.
  min_p: onlyNeutral("min_p", z.literal(0), "0", "the sampler keeps tokens by top_k and top_p only"),
  typical_p: onlyNeutral("typical_p", z.literal(1), "1", "the sampler keeps tokens by top_k and top_p only"),
  mirostat: onlyNeutral("mirostat", z.literal(0), "0", "the sampler keeps tokens by top_k and top_p only"),
  min_tokens: onlyNeutral("min_tokens", z.literal(0), "0", "the answer ends where the model ends it"),
  ignore_eos: onlyNeutral("ignore_eos", z.literal(false), "false", "the answer ends where the model ends it"),
  stop_token_ids: onlyNeutral("stop_token_ids", z.array(z.never()), "[]", "stop takes text, not token ids"),
  include_stop_str_in_output: onlyNeutral("include_stop_str_in_output", z.literal(false), "false", "an answer ends before its stop sequence"),
  bad_words: onlyNeutral("bad_words", z.array(z.never()), "[]", "no token is barred by request"),
  allowed_token_ids: onlyNeutral("allowed_token_ids", z.never(), "null", "no token is barred by request"),
  use_beam_search: onlyNeutral("use_beam_search", z.literal(false), "false", "tokens are sampled, not searched"),
  length_penalty: onlyNeutral("length_penalty", z.literal(1), "1", "tokens are sampled, not searched"),
  guided_json: onlyNeutral("guided_json", z.never(), "null", "the answer is free text"),
  guided_regex: onlyNeutral("guided_regex", z.never(), "null", "the answer is free text"),
  guided_choice: onlyNeutral("guided_choice", z.never(), "null", "the answer is free text"),
  guided_grammar: onlyNeutral("guided_grammar", z.never(), "null", "the answer is free text"),
  structured_outputs: onlyNeutral("structured_outputs", z.never(), "null", "the answer is free text"),
  grammar: onlyNeutral("grammar", z.literal(""), '""', "the answer is free text"),
  truncate_prompt_tokens: onlyNeutral("truncate_prompt_tokens", z.never(), "null", "the prompt is read whole, or refused when too long"),
  add_generation_prompt: onlyNeutral("add_generation_prompt", z.literal(true), "true", "a chat is always written up to the assistant's turn"),
  continue_final_message: onlyNeutral("continue_final_message", z.literal(false), "false", "a chat is always written up to a new assistant turn"),
  chat_template: onlyNeutral("chat_template", z.never(), "null", "a chat is written in the model's own template"),
  chat_template_kwargs: onlyNeutral("chat_template_kwargs", z.object({}).strict(), "{}", "a chat is written in the model's own template"),
});

/** An integer 0..most, or absent: one message for every way a value can miss. */
function alternativesUpTo(field: string, most: number) {
  const error = `${field} must be an integer from 0 to ${most}`;
  return z.int({ error }).min(0, { error }).max(most, { error }).nullish();
}

/**
 * OpenAI's chat API: logprobs a flag, top_logprobs (0..20 alternatives per token) beside logprobs: true.
 * top_logprobs 0 asks for no alternatives, so it is taken without logprobs too, as vLLM takes it (0 is
 * its own default, which clients built on its types send): no log-probabilities are given.
 */
const chatLogprobsFields = z
  .object({ logprobs: z.boolean({ error: "logprobs must be true or false" }).nullish(), top_logprobs: alternativesUpTo("top_logprobs", MAX_TOP_LOGPROBS) })
  .refine((fields) => !fields.top_logprobs || fields.logprobs === true, {
    path: ["top_logprobs"],
    error: "top_logprobs needs logprobs: true beside it",
  });
/** OpenAI's completions API: logprobs is the count of alternatives per token, 0..5. */
const completionLogprobsField = z.object({ logprobs: alternativesUpTo("logprobs", 5) });

/** Alternatives per token where log-probabilities are asked for, null where they are not. */
function parseLogprobs(body: Record<string, unknown>, chat: boolean): number | null {
  if (chat) {
    const fields = readFields(chatLogprobsFields, body);
    return fields.logprobs === true ? (fields.top_logprobs ?? 0) : null;
  }
  return readFields(completionLogprobsField, body).logprobs ?? null;
}

/** The body's fields a schema reads, or a 400 naming the first field that fails it and the value it got (its start, for a long one). */
function readFields<T>(schema: z.ZodType<T>, body: Record<string, unknown>): T {
  const read = schema.safeParse(body);
  if (read.success) return read.data;
  const issue = read.error.issues[0];
  const field = String(issue.path[0]);
  const value = body[field];
  const got = typeof value === "number" ? String(value) : JSON.stringify(value).slice(0, 200);
  throw new HttpError(400, `${issue.message}, got ${got}`, field);
}

/**
 * Why a conversation holding tool calls or their results is refused rather than rendered: the chat
 * template (Stable Beluga's ### System / ### User / ### Assistant) has no turn for either, so any
 * writing of them would be a prompt of this server's invention, and the answer to it would be taken
 * as the model's; as `tools` itself is refused.
 */
const WITHOUT_TOOLS =
  "this server serves the model without tools, and its chat template has no turn for tool calls or their results. " +
  "Leave them out, or write what the tool returned into a user message";

function parseMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value)) throw new HttpError(400, "messages is required: a list of {role, content}", "messages");
  if (value.length === 0) throw new HttpError(400, "messages must hold at least one message", "messages");
  return value.map((m, i) => {
    const at = `messages[${i}]`;
    if (typeof m !== "object" || m === null || Array.isArray(m)) throw new HttpError(400, `${at} must be an object with role and content`, at);
    const { role, content, tool_calls, function_call } = m as Record<string, unknown>;
    // OpenAI's newer name for the system role: its API takes either for the other.
    if (role === "developer") return { role: "system", content: messageText(content, `${at}.content`) };
    if (role === "tool" || role === "function") {
      throw new HttpError(400, `${at} is a ${role} result (role "${role}"): ${WITHOUT_TOOLS}`, `${at}.role`);
    }
    if (role !== "system" && role !== "user" && role !== "assistant") {
      throw new HttpError(400, `${at}.role must be "system", "developer", "user" or "assistant", got ${JSON.stringify(role)}`, `${at}.role`);
    }
    if (role === "assistant") {
      if (Array.isArray(tool_calls) ? tool_calls.length > 0 : tool_calls != null) {
        throw new HttpError(400, `${at} is an assistant tool call: ${WITHOUT_TOOLS}`, `${at}.tool_calls`);
      }
      if (function_call != null) throw new HttpError(400, `${at} is an assistant function call: ${WITHOUT_TOOLS}`, `${at}.function_call`);
      // OpenAI's API makes an assistant turn's content optional (clients send null); a turn that said nothing is an empty one.
      if (content == null) return { role, content: "" };
    }
    return { role, content: messageText(content, `${at}.content`) };
  });
}

/** A string, or OpenAI's list of content parts where only text parts mean anything to a text model. */
function messageText(content: unknown, at: string): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part, i) => {
        const p = part as { type?: unknown; text?: unknown } | null;
        if (p?.type !== "text" || typeof p.text !== "string") {
          throw new HttpError(400, `${at}[${i}] must be {"type": "text", "text": string}: this model reads text only`, `${at}[${i}]`);
        }
        return p.text;
      })
      .join("");
  }
  throw new HttpError(400, `${at} must be a string or a list of text parts`, at);
}

/** A completion's prompts: a string, or a list of them, each continued apart (OpenAI's batch of prompts). */
function parsePrompts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value === undefined) throw new HttpError(400, "prompt is required: a string", "prompt");
  const shape = `prompt must be a string or a list of 1 to ${MAX_CHOICES} strings`;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_CHOICES) throw new HttpError(400, shape, "prompt");
  if (value.every((item) => typeof item === "number" || Array.isArray(item))) {
    throw new HttpError(400, `${shape}: token ids are not taken, since a prompt is read as text by the model's tokenizer`, "prompt");
  }
  return value.map((item, i) => {
    if (typeof item !== "string") throw new HttpError(400, `prompt[${i}] must be a string, got ${JSON.stringify(item)?.slice(0, 200)}`, "prompt");
    return item;
  });
}

function parseStop(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length > 16 || !list.every((s) => typeof s === "string" && s.length > 0)) {
    throw new HttpError(400, "stop must be a non-empty string or a list of at most 16 of them", "stop");
  }
  return list;
}

/** The request's seed; none where it gives none, or -1, which vLLM and llama.cpp's server take as none: a random draw. */
function requestSeed(body: Record<string, unknown>): number | undefined {
  const seed = body.seed;
  if (seed === undefined || seed === null || seed === -1) return undefined;
  if (!inRange(seed, SAMPLING_LIMITS.seed)) {
    const got = typeof seed === "number" ? String(seed) : JSON.stringify(seed);
    throw new HttpError(
      400,
      `seed must be an integer from 0 to ${SAMPLING_LIMITS.seed.max} (2^53 - 1, past which a JSON number does not hold every integer exactly), or -1 for none, got ${got}`,
      "seed",
    );
  }
  return seed;
}

function optionalNumber(body: Record<string, unknown>, field: string, range: NumberRange): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!inRange(value, range)) {
    // A number past float64's range parses to Infinity, which JSON.stringify would write as null.
    const got = typeof value === "number" ? String(value) : JSON.stringify(value);
    throw new HttpError(400, `${field} must be ${describeRange(range)}, got ${got}`, field);
  }
  return value;
}

function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"]);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped (not the socket destroyed) so the 413 arrives.
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (size > limit || declared > limit) {
        return resolve(new HttpError(413, `request body of ${Math.max(size, declared || 0)} bytes is over this server's limit of ${limit} bytes`));
      }
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (err) {
        resolve(new HttpError(400, `the request body is not valid JSON: ${(err as Error).message}`));
      }
    });
  });
}

/**
 * Where the first token starts in the answer's text: one place before it (-1) where the token reads with a
 * leading space the text lacks, the one a SentencePiece decoder strips from the start of what it decodes.
 */
function firstTokenOffset(tokens: TokenLogprob[], text: string): number {
  return tokens[0]?.token.startsWith(" ") && !text.startsWith(" ") ? -1 : 0;
}

/** The chat API's shape: per token its text, bytes, log-probability and likeliest alternatives. */
function chatLogprobs(tokens: TokenLogprob[]) {
  return {
    content: tokens.map((t) => ({
      token: t.token,
      logprob: t.logprob,
      bytes: t.bytes,
      top_logprobs: t.topLogprobs.map((top) => ({ token: top.token, logprob: top.logprob, bytes: top.bytes })),
    })),
  };
}

/**
 * The completions API's shape: parallel lists of tokens, their log-probabilities, where each starts in the
 * answer's text, and each place's alternatives as token -> log-probability, the chosen token among them
 * as OpenAI always gives it (so up to logprobs + 1 of them).
 */
function completionLogprobs(tokens: TokenLogprob[], offsets: TextOffsets) {
  return {
    tokens: tokens.map((t) => t.token),
    token_logprobs: tokens.map((t) => t.logprob),
    top_logprobs: tokens.map((t) => alternativesByText(t, t.topLogprobs.length, true)),
    text_offset: offsets.next(tokens),
  };
}

/**
 * Where each of an answer's tokens starts in its text, token after token (across a stream's chunks), in characters:
 * code points, as vLLM counts them (Python's len). It counts the characters the tokens' bytes complete,
 * not the tokens' own spelling: a token cut mid-character reads as one U+FFFD, so 中 spelled <0xE4><0xB8><0xAD> would
 * count three. A token cut mid-character points at the character it helps spell, as vLLM and llama-cpp-python give it.
 */
class TextOffsets {
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  /** From the first token's offset: -1 where its leading space is not in the text (firstTokenOffset). */
  constructor(private at: number) {}

  next(tokens: TokenLogprob[]): number[] {
    return tokens.map((t) => {
      const offset = Math.max(0, this.at);
      this.at += [...this.decoder.decode(new Uint8Array(t.bytes), { stream: true })].length;
      return offset;
    });
  }
}

function openAIFinish(reason: FinishReason): "stop" | "length" {
  // OpenAI's API has no separate end-of-sequence reason: the model stopping is "stop".
  return reason === "length" ? "length" : "stop";
}

/** Tokens of a request's answers together, as vLLM counts them: each prompt once however many choices continue it, every choice's answer. */
function usage(choices: ChoiceInput[], results: GenerationResult[]) {
  // A backend that reports no count gives no sum either, not a partial one.
  const sum = (counts: Array<number | null>) => (counts.includes(null) ? null : (counts as number[]).reduce((a, b) => a + b, 0));
  const promptTokens = sum(results.filter((_, i) => i === 0 || choices[i].input !== choices[i - 1].input).map((r) => r.promptTokens));
  const completionTokens = sum(results.map((r) => r.completionTokens));
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens === null || completionTokens === null ? null : promptTokens + completionTokens,
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, type: string, param: string | null = null, code: string | null = null): void {
  sendJson(res, status, { error: { message, type, param, code } });
}
