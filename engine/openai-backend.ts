// A Backend for any OpenAI-compatible endpoint (vLLM, SGLang, llama.cpp server, Ollama, and this
// engine's own `engine serve`): the path for the real 70B model on GPUs across machines.
// Messages go to /v1/chat/completions, a raw prompt to /v1/completions; both stream over SSE.
// Node's built-in fetch only, so the engine keeps no HTTP dependency. How many requests are in
// flight adapts to what the endpoint takes (adaptive-concurrency.ts).

import { createHash } from "node:crypto";
import { setMaxListeners } from "node:events";
import { z } from "zod";
import { AdaptiveConcurrency } from "./adaptive-concurrency";
import { endsBeforeItsJson } from "./json-cut-short";
import { ServerSentEvents } from "./server-sent-events";
import { controlsWrittenOut } from "./control-characters";
import type { Backend, FinishReason, GenerateOptions, GenerationRequest, GenerationResult, ServedModel } from "./backend";

export interface OpenAIBackendOptions {
  /** Base URL up to and including `/v1`, e.g. `http://127.0.0.1:8000/v1`: http(s), no user, query or fragment. */
  baseUrl: string;
  model: string;
  /** The revision the endpoint is declared to serve; default `baseUrl#model`. */
  modelRevision?: string;
  apiKey?: string;
  /** Most requests in flight at once against the endpoint, across all generate() calls. */
  concurrency?: number;
  /** Requests in flight at the start; more while the time to first token holds, fewer on 429, 503 or timeouts. */
  initialConcurrency?: number;
  /** A time to first token this many times the lowest seen lately stops the growth (adaptive-concurrency.ts). */
  latencyTolerance?: number;
  /**
   * Longest silence in one attempt: the wait for the answer to begin, and for each next part of a streamed one.
   * An answer given whole (no stream) comes all at once, so for it this limits the whole answer.
   */
  timeoutMs?: number;
  /** Limit for one attempt, from sending the request to the end of its answer, however steadily it streams. */
  totalTimeoutMs?: number;
  /** Total tries per request, the first included. */
  maxAttempts?: number;
  /** Wait before the second try; doubled for each later one, up to maxBackoffMs, plus up to half again at random. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Longest Retry-After a request waits out; an endpoint asking for more fails the request with its words. */
  maxRetryAfterMs?: number;
  /** Stream with SSE (gives time to first token and onToken); false asks for one JSON answer. */
  stream?: boolean;
}

/**
 * Node's fetch (undici) gives up on a response whose headers, or the next part of whose body, do not come within
 * 300 s, whatever the caller's own limit: a longer silence limit would never fire, and a slow answer given whole
 * would fail as "fetch failed (UND_ERR_HEADERS_TIMEOUT)", an endpoint down.
 */
export const MAX_SILENCE_MS = 300_000;

const DEFAULTS = {
  // A serving engine decodes a few hundred sequences together on one GPU (vLLM's max_num_seqs is 256).
  concurrency: 256,
  initialConcurrency: 16,
  latencyTolerance: 10,
  timeoutMs: 120_000,
  // Thousands of tokens at a few a second from a loaded endpoint fit: the cap is for an answer that never ends.
  totalTimeoutMs: 1_800_000,
  maxAttempts: 3,
  backoffMs: 500,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 60_000,
  stream: true,
};

/**
 * An attempt's failure: `message` in full (the endpoint's address and words included), `summary`
 * without them, for readers who may not see how the endpoint is configured.
 */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly summary: string,
    /** The endpoint's fault whatever was asked (GenerationResult.endpointFault). */
    readonly endpointFault = false,
  ) {
    super(message);
  }
}

/** An attempt failed in a way another attempt could fix (network, timeout, 429, 5xx, cut stream). */
class RetryableError extends AttemptError {
  constructor(
    message: string,
    summary: string,
    /** The endpoint has more than it can take (429, 503, a gateway's 504 or 524, a timeout): send fewer at once. */
    readonly overloaded = false,
    readonly retryAfterMs?: number,
    /** The model was not reached at all: no connection, or 502, 503 or a CDN's 521-523 from what stands in front of it. */
    readonly unreachable = false,
    endpointFault = false,
  ) {
    super(message, summary, endpointFault);
  }
}

/** The endpoint refused the request itself (4xx): retrying would get the same answer. */
class FatalError extends AttemptError {}

/** Most bytes of GET /v1/models read: OpenRouter's list of some hundreds of models takes under 2 MiB. */
const MAX_MODEL_LIST_BYTES = 16 * 2 ** 20;
/**
 * The most characters of a listed model's id or root kept as the endpoint wrote them. Both are recorded on the
 * campaign and on each of its evidence rows and named in messages, and a list may be 16 MiB: a longer one keeps its
 * start, its length and a hash, so that two that differ past the start are still told apart.
 */
const MAX_SERVED_NAME_CHARS = 512;

/** Most characters of an endpoint's error body kept in a message. */
const ERROR_BODY_LENGTH = 300;

interface Attempt {
  text: string;
  /** As the answer's `usage` reports them; null where it reports none. */
  promptTokens: number | null;
  completionTokens: number | null;
  finishReason: FinishReason;
  /** performance.now() when the first text arrived. */
  firstTextAt: number | null;
  firstTokenLogprobs?: Record<string, number>;
  /** The model the answer says it comes from, where it names one. */
  answeredAs?: string;
}

export class OpenAIBackend implements Backend {
  readonly name = "openai";
  readonly modelRevision: string;
  private readonly opts: Required<Omit<OpenAIBackendOptions, "apiKey" | "modelRevision">> & { apiKey?: string };
  private readonly slots: AdaptiveConcurrency;
  /** What /v1/models lists, asked the first time an answer names another model than the one asked for (again after a failed ask). */
  private listedModels: Promise<ServedModel[] | null> | null = null;
  /** A look at whether the endpoint answers at all, while one is under way (answersNow). */
  private liveness: Promise<boolean> | null = null;
  /**
   * performance.now() when a completion request last got some of an answer's text, or a whole answer: the model at
   * work. Headers and a stream's opening chunk do not count: an HTTP front sends them before the model does anything.
   */
  private lastAnsweredAt = Number.NEGATIVE_INFINITY;

  constructor(options: OpenAIBackendOptions) {
    this.opts = { ...DEFAULTS, ...options, baseUrl: endpointBase(options.baseUrl) };
    if (!(this.opts.concurrency >= 1)) throw new Error(`openai backend: concurrency must be >= 1, got ${this.opts.concurrency}`);
    if (!(this.opts.initialConcurrency >= 1)) throw new Error(`openai backend: initialConcurrency must be >= 1, got ${this.opts.initialConcurrency}`);
    if (!(this.opts.timeoutMs >= 1 && this.opts.timeoutMs <= MAX_SILENCE_MS)) {
      throw new Error(
        `openai backend: timeoutMs must be from 1 to ${MAX_SILENCE_MS} ms (Node's fetch gives up on a connection silent for ${MAX_SILENCE_MS / 1000} s), got ${this.opts.timeoutMs}`,
      );
    }
    if (!(this.opts.maxAttempts >= 1)) throw new Error(`openai backend: maxAttempts must be >= 1, got ${this.opts.maxAttempts}`);
    this.modelRevision = options.modelRevision ?? `${this.opts.baseUrl}#${this.opts.model}`;
    this.slots = new AdaptiveConcurrency({ initial: this.opts.initialConcurrency, max: this.opts.concurrency, latencyTolerance: this.opts.latencyTolerance });
  }

  /** Requests allowed in flight now: grows while the endpoint keeps up, shrinks when it does not. */
  get concurrencyLimit(): number {
    return this.slots.limit;
  }

  get inFlightWanted(): number {
    return this.slots.limit;
  }

  async *generate(requests: GenerationRequest[], options: GenerateOptions = {}): AsyncIterable<GenerationResult> {
    // Stopping early (break, or the caller's signal) cancels what is still in flight.
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    // Each request's attempt and retry wait listen on it: a batch of hundreds is no leak.
    setMaxListeners(2 * requests.length + 10, signal);
    // Completion order: a slow request must not hold back the finished ones. Each settles into
    // `finished` and wakes the loop (a race over every pending request would cost O(n) each).
    const finished: Array<{ result: GenerationResult } | { error: unknown }> = [];
    let wake: (() => void) | null = null;
    const settle = (outcome: { result: GenerationResult } | { error: unknown }) => {
      finished.push(outcome);
      wake?.();
    };
    for (const request of requests)
      this.complete(request, { ...options, signal }).then(
        (result) => settle({ result }),
        (error) => settle({ error }),
      );
    try {
      for (let yielded = 0; yielded < requests.length; yielded++) {
        while (finished.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const outcome = finished.shift()!;
        if ("error" in outcome) throw outcome.error;
        yield outcome.result;
      }
    } finally {
      stop.abort(new Error("openai backend: generation stopped by its caller"));
    }
  }

  /**
   * GET /v1/models: every model the endpoint lists, with vLLM's root and max_model_len (SGLang and
   * llama.cpp's server give max_model_len or meta.n_ctx_train where they give a length at all).
   * null when the endpoint has no such route; a failure to reach it is thrown.
   */
  async servedModels(): Promise<ServedModel[] | null> {
    const url = this.modelsUrl;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {},
        signal: AbortSignal.timeout(Math.min(this.opts.timeoutMs, 30_000)),
      });
    } catch (error) {
      // fetch says only "fetch failed": whoever reads this needs the address and the cause.
      throw new Error(`openai backend: ${describeNetworkError(error, url)}`);
    }
    if (response.status === 404 || response.status === 405 || response.status === 501) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) throw await httpError(response);
    const listing = await bodyUpTo(response, MAX_MODEL_LIST_BYTES);
    if (!listing.whole) throw new Error(`openai backend: ${url} answered with a list of models longer than ${MAX_MODEL_LIST_BYTES / 2 ** 20} MiB`);
    const body = parsedJson(listing.text) as { data?: unknown } | null | undefined;
    if (!Array.isArray(body?.data)) throw new Error(`openai backend: ${url} answered without a "data" list of models`);
    return body.data
      .filter((entry): entry is Record<string, unknown> => typeof entry === "object" && entry !== null && typeof (entry as { id?: unknown }).id === "string")
      .map((entry) => {
        const meta = entry.meta as { n_ctx_train?: unknown } | undefined;
        const length = entry.max_model_len ?? meta?.n_ctx_train;
        return {
          id: servedName(entry.id as string),
          root: typeof entry.root === "string" ? servedName(entry.root) : null,
          maxModelLength: typeof length === "number" ? length : null,
          smokeTestModel: entry.smoke_test_model === true,
        };
      });
  }

  async close(): Promise<void> {
    // fetch keeps no connection state that needs closing; present for the interface.
  }

  private async complete(request: GenerationRequest, options: GenerateOptions): Promise<GenerationResult> {
    const started = performance.now();
    const failures: string[] = [];
    let lastSummary = "";
    // A retry starts the answer again; only text past what listeners already saw is streamed,
    // so a seeded (repeatable) server never shows them a duplicate.
    let streamed = "";
    const onText = (text: string) => {
      if (!options.onToken) return;
      if (text.length <= streamed.length || !text.startsWith(streamed)) return;
      options.onToken(request.id, text.slice(streamed.length));
      streamed = text;
    };

    let tries = 0;
    let unreachable = true;
    let endpointFault = true;
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      tries = attempt;
      // The place in flight is held for the attempt only, never while waiting to retry.
      const permit = await this.slots.acquire({ retry: attempt > 1, signal: options.signal });
      const attemptStarted = performance.now();
      let firstTextSeen = false;
      const onAttemptText = (text: string) => {
        if (!firstTextSeen) this.slots.firstToken(permit, performance.now() - attemptStarted);
        firstTextSeen = true;
        onText(text);
      };
      let err: unknown;
      try {
        const { firstTextAt, ...answer } = await this.attempt(request, options.signal, onAttemptText);
        const answeredAt = performance.now();
        if (!firstTextSeen) this.slots.firstToken(permit, answeredAt - attemptStarted);
        this.slots.release(permit, "other");
        return {
          id: request.id,
          ...answer,
          timeToFirstTokenMs: firstTextAt === null ? null : firstTextAt - started,
          latencyMs: answeredAt - started,
        };
      } catch (caught) {
        err = caught;
        this.slots.release(permit, caught instanceof RetryableError && caught.overloaded ? "overloaded" : "other");
      }
      if (options.signal?.aborted) throw options.signal.reason;
      failures.push(`attempt ${attempt}: ${err instanceof Error ? err.message : String(err)}`);
      lastSummary = err instanceof AttemptError ? err.summary : "the request to the endpoint failed";
      unreachable &&= err instanceof RetryableError && err.unreachable;
      endpointFault &&= err instanceof AttemptError && err.endpointFault;
      if (err instanceof FatalError || attempt === this.opts.maxAttempts) break;
      const retryAfterMs = err instanceof RetryableError ? err.retryAfterMs : undefined;
      if (retryAfterMs !== undefined && retryAfterMs > this.opts.maxRetryAfterMs) {
        failures.push(
          `the endpoint asked to wait ${Math.ceil(retryAfterMs / 1000)} s before trying again, more than the ${Math.ceil(this.opts.maxRetryAfterMs / 1000)} s this backend waits`,
        );
        break;
      }
      await sleep(this.retryWait(attempt, retryAfterMs), options.signal);
    }
    return {
      id: request.id,
      text: "",
      promptTokens: null,
      completionTokens: null,
      finishReason: "error",
      latencyMs: performance.now() - started,
      timeToFirstTokenMs: null,
      error: `openai backend ${this.opts.baseUrl} (model ${this.opts.model}): request ${request.id} failed after ${attempts(tries)}: ${failures.join("; ")}`,
      errorSummary: `${lastSummary} (after ${attempts(tries)})`,
      ...(unreachable ? { unreachable } : {}),
      ...(endpointFault ? { endpointFault } : {}),
    };
  }

  /**
   * Exponential backoff, at least what the endpoint asked for, plus up to half the backoff at
   * random: the requests an overload turned away together do not all come back together.
   */
  private retryWait(attempt: number, retryAfterMs: number | undefined): number {
    const backoff = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** (attempt - 1));
    return Math.max(backoff, retryAfterMs ?? 0) + Math.random() * (backoff / 2);
  }

  private async attempt(request: GenerationRequest, outer: AbortSignal | undefined, onText: (text: string) => void): Promise<Omit<Attempt, "answeredAs">> {
    // Two limits: silence (nothing came for timeoutMs) and the whole answer (totalTimeoutMs); the reason says which fired.
    const timeout = new AbortController();
    const silence = setTimeout(() => timeout.abort("silence"), this.opts.timeoutMs);
    const total = setTimeout(() => timeout.abort("total"), this.opts.totalTimeoutMs);
    const heard = () => silence.refresh();
    const onAnswerText = (text: string) => {
      this.lastAnsweredAt = performance.now();
      onText(text);
    };
    const signal = outer ? AbortSignal.any([outer, timeout.signal]) : timeout.signal;
    // A raw prompt is a completion: it must reach the model as is, not inside a chat template.
    // Joined as a relative URL, so nothing in the request can move it off the endpoint's path.
    const url = new URL(request.prompt !== undefined ? "completions" : "chat/completions", `${this.opts.baseUrl}/`).href;
    let answered = false;
    const sentAt = performance.now();
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
        },
        body: JSON.stringify(this.body(request)),
        signal,
      });
      answered = true;
      heard();
      // A gateway's 504 is its time-out: the endpoint's fault, as a time-out of silence is, when no request got any of an answer meanwhile.
      if (!response.ok) throw await httpError(response, this.lastAnsweredAt < sentAt, this.opts.baseUrl);
      const { answeredAs, ...answer } = this.opts.stream
        ? await readStream(response, onAnswerText, request.sampling.maxNewTokens, heard)
        : await readJson(response, onAnswerText, request.sampling.maxNewTokens);
      this.lastAnsweredAt = performance.now();
      const answeredAsName = answeredAs === undefined ? undefined : servedName(answeredAs);
      if (answeredAsName !== undefined && !(await this.answersAs(answeredAsName))) {
        // A router that sends the request elsewhere (a fallback, a wrong alias): the answer is not the target model's.
        throw new FatalError(`answered as model "${answeredAsName}", not "${this.opts.model}"`, "the endpoint answered as another model", true);
      }
      return answer;
    } catch (err) {
      if (timeout.signal.aborted && !outer?.aborted) {
        const limitMs = timeout.signal.reason === "total" ? this.opts.totalTimeoutMs : this.opts.timeoutMs;
        // No answer moved on any request while this one waited: the endpoint is hung (a model stuck behind an HTTP
        // front that still answers), its fault whatever was asked. Others answered meanwhile: this prompt alone was slow.
        const endpointSilent = timeout.signal.reason === "silence" && performance.now() - this.lastAnsweredAt >= limitMs;
        // A server that is stopped or deadlocked still has its connections accepted by the kernel:
        // no answer at all, from an endpoint that answers nothing else either, is an endpoint down, as
        // a refused connection is, and a campaign waits for it. One that still answers is up, and only
        // slow to answer this request (one given whole comes all at the end): that request timed out.
        // An answer that began and stalled reached the model, and fails the request.
        if (!answered && (await this.answersNow()))
          throw new RetryableError(
            `timed out after ${limitMs} ms with no answer, though the endpoint answered GET ${this.modelsUrl} at once`,
            `the request timed out: no answer within ${seconds(limitMs)}, though the endpoint was up`,
            true,
            undefined,
            false,
            endpointSilent,
          );
        if (!answered)
          throw new RetryableError(
            `timed out after ${limitMs} ms with no answer`,
            `the endpoint did not answer within ${seconds(limitMs)}`,
            true,
            undefined,
            true,
          );
        if (timeout.signal.reason === "total")
          throw new RetryableError(
            `timed out: the answer was still coming after ${limitMs} ms, the total limit`,
            `the endpoint's answer was not finished within the total limit of ${seconds(limitMs)}`,
            true,
          );
        throw new RetryableError(
          `timed out: nothing came for ${limitMs} ms mid-answer`,
          `the endpoint's answer stalled: nothing came for ${seconds(limitMs)}`,
          true,
          undefined,
          false,
          endpointSilent,
        );
      }
      if (err instanceof AttemptError || outer?.aborted) throw err;
      // As with a time-out: a connection lost once the answer began had reached the model, and fails the
      // request (a prompt the server dies on each time must not hold its campaign waiting as for an outage).
      if (answered) throw new RetryableError(describeNetworkError(err, url), "the endpoint's answer was cut off");
      throw new RetryableError(describeNetworkError(err, url), "the endpoint could not be reached", false, undefined, true);
    } finally {
      clearTimeout(silence);
      clearTimeout(total);
    }
  }

  private get modelsUrl(): string {
    return new URL("models", `${this.opts.baseUrl}/`).href;
  }

  /**
   * Whether the endpoint answers anything now (any HTTP status to GET /models, within the time-out or 5 s):
   * requests that time out together share one look.
   */
  private answersNow(): Promise<boolean> {
    this.liveness ??= fetch(this.modelsUrl, {
      headers: this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {},
      signal: AbortSignal.timeout(Math.min(this.opts.timeoutMs, 5_000)),
    })
      .then(
        async (response) => {
          await response.body?.cancel();
          return true;
        },
        () => false,
      )
      .finally(() => {
        this.liveness = null;
      });
    return this.liveness;
  }

  /**
   * Whether an answer naming `model` comes from the model asked for: the same name; OpenAI's dated snapshot
   * of it ("gpt-4o" answered as "gpt-4o-2024-08-06"); or another name /v1/models lists for the same weights
   * (vLLM answers with the first of its served names, whichever was asked for).
   */
  private async answersAs(model: string): Promise<boolean> {
    const asked = this.opts.model;
    if (model === asked) return true;
    if (model.startsWith(`${asked}-`) && /^\d{4}(-\d{2}-\d{2})?$/.test(model.slice(asked.length + 1))) return true;
    this.listedModels ??= this.servedModels().catch(() => {
      // Not kept: a listing that failed for a moment would refuse every later answer of this backend.
      this.listedModels = null;
      return null;
    });
    const listed = await this.listedModels;
    const root = (id: string) => listed?.find((served) => served.id === id)?.root ?? null;
    return root(asked) !== null && root(asked) === root(model);
  }

  private body(request: GenerationRequest): Record<string, unknown> {
    const s = request.sampling;
    return {
      model: this.opts.model,
      ...(request.prompt !== undefined ? { prompt: request.prompt } : { messages: request.messages }),
      temperature: s.temperature,
      top_p: s.topP,
      max_tokens: s.maxNewTokens,
      seed: s.seed,
      ...(s.stop.length > 0 ? { stop: s.stop } : {}),
      // Not in OpenAI's API: vLLM, llama.cpp's server and this engine read them; sent only when
      // they change something, so strict endpoints see a plain request.
      ...(s.topK > 0 ? { top_k: s.topK } : {}),
      ...(s.repetitionPenalty !== 1 ? { repetition_penalty: s.repetitionPenalty } : {}),
      ...(this.opts.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
      // The completions API takes the count as `logprobs`; the chat API a flag and `top_logprobs`.
      ...(request.topLogprobs
        ? request.prompt !== undefined
          ? { logprobs: request.topLogprobs }
          : { logprobs: true, top_logprobs: request.topLogprobs }
        : {}),
    };
  }
}

/** A count of tokens in `usage`; anything else (absent, null, negative, a fraction) is no count: not reported. */
const tokenCount = z.int().nonnegative().nullish().catch(undefined);
const openAiText = z.string().nullish().catch(undefined);
/**
 * An answer's text, and a reasoning model's reasoning where the server gives it apart (vLLM's and SGLang's reasoning
 * parsers, llama.cpp's server, DeepSeek's API: reasoning_content; newer vLLM and OpenRouter: reasoning).
 */
const openAiMessage = z.object({ content: z.unknown().optional(), reasoning_content: openAiText, reasoning: openAiText }).nullish().catch(undefined);
/**
 * What this backend reads of a completions or chat answer (whole or one streamed chunk). Servers differ in what they
 * leave out or send as null, so each field falls back to absent instead of refusing the answer.
 */
const openAiChoice = z.object({
  delta: openAiMessage,
  message: openAiMessage,
  text: z.string().nullish().catch(undefined),
  finish_reason: z.unknown().optional(),
  logprobs: z.unknown().optional(),
});
const openAiAnswer = z
  .object({
    error: z.unknown().optional(),
    model: z.string().optional().catch(undefined),
    usage: z.object({ prompt_tokens: tokenCount, completion_tokens: tokenCount }).nullish().catch(undefined),
    choices: z.array(openAiChoice.nullish().catch(undefined)).nullish().catch(undefined),
  })
  .catch({ error: undefined, model: undefined, usage: undefined, choices: undefined });
type OpenAiAnswer = z.infer<typeof openAiAnswer>;
const topLogprobsShape = z.object({
  top_logprobs: z.array(z.record(z.string(), z.unknown().optional())).nullish().catch(undefined),
  content: z
    .array(
      z.object({
        top_logprobs: z
          .array(z.object({ token: z.unknown().optional(), logprob: z.unknown().optional() }))
          .nullish()
          .catch(undefined),
      }),
    )
    .nullish()
    .catch(undefined),
});

/**
 * More characters than any token of a real vocabulary holds: an answer longer than max_tokens times
 * this ignored max_tokens, and a stream so long is cut off rather than read until the time-out.
 */
const MAX_CHARACTERS_PER_TOKEN = 64;

/** What an answer's body holds besides its tokens: its id, the model's name, usage, and the like. */
const ANSWER_ENVELOPE_BYTES = 64 * 1024;
/** What one token may take in a body: its text escaped, and up to 20 top log-probabilities, each with its token and bytes. */
const ANSWER_BYTES_PER_TOKEN = 4 * 1024;

/**
 * The most an answer may take, the one limit on what is held of it: a body given whole (JSON, or a page in place of a
 * stream), one event of a stream, a stream's text with its reasoning (which some servers leave out of max_tokens).
 * A body, event or reasoning that never ends is cut off here, rather than fill memory until the time-out.
 */
function answerByteLimit(maxNewTokens: number): number {
  return ANSWER_ENVELOPE_BYTES + maxNewTokens * ANSWER_BYTES_PER_TOKEN;
}

function answerTooLong(maxNewTokens: number): FatalError {
  return new FatalError(
    `the answer passed ${answerByteLimit(maxNewTokens)} bytes, the most one of max_tokens ${maxNewTokens} may take (${ANSWER_ENVELOPE_BYTES / 1024} KiB and ${ANSWER_BYTES_PER_TOKEN / 1024} KiB a token)`,
    "the endpoint's answer was longer than max_tokens allows",
  );
}

/** The answer's text, its reasoning left out, held to max_tokens as MAX_CHARACTERS_PER_TOKEN counts it. */
function keepsToMaxTokens(content: string, maxNewTokens: number): void {
  const most = maxNewTokens * MAX_CHARACTERS_PER_TOKEN;
  if (content.length > most) {
    throw new FatalError(
      `sent ${content.length} characters, more than max_tokens ${maxNewTokens} allows (${most}): the endpoint does not keep to max_tokens`,
      "the endpoint's answer ran past max_tokens",
    );
  }
}

/** `heard` is called as each part of the body arrives: a stream that keeps coming is not silent. */
async function readStream(response: Response, onText: (text: string) => void, maxNewTokens: number, heard: () => void): Promise<Attempt> {
  if (!response.body) throw new RetryableError("response has no body", "the endpoint answered with no body");
  let text = "";
  let content = "";
  let reasoning = "";
  let finishReason: FinishReason | null = null;
  let usage: { prompt_tokens?: number | null; completion_tokens?: number | null } | undefined;
  let chunks = 0;
  let choices = 0;
  let firstTextAt: number | null = null;
  let firstTokenLogprobs: Record<string, number> | undefined;
  let answeredAs: string | undefined;
  let done = false;

  const events = { count: 0, unread: "" };
  for await (const data of sseData(response.body, events, heard, maxNewTokens)) {
    if (data === "[DONE]") {
      done = true;
      break;
    }
    let chunk: OpenAiAnswer;
    try {
      chunk = openAiAnswer.parse(JSON.parse(data));
    } catch {
      throw new RetryableError(`stream sent data that is not JSON: ${sanitised(data).slice(0, 120)}`, "the endpoint's stream was not JSON");
    }
    if (chunk.error)
      throw new RetryableError(
        `stream reported an error: ${sanitised(errorText(chunk.error)).slice(0, ERROR_BODY_LENGTH)}`,
        "the endpoint reported an error in its stream",
        false,
        undefined,
        false,
        reportedErrorIsEndpointFault(chunk.error),
      );
    if (chunk.usage) usage = chunk.usage;
    // An empty name names nothing.
    answeredAs ??= chunk.model || undefined;
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    choices++;
    firstTokenLogprobs ??= firstTokenTopLogprobs(choice.logprobs);
    const parts = contentOf(choice.delta?.content);
    const piece = parts?.text ?? choice.text ?? "";
    const thought = reasoningOf(choice.delta) + (parts?.reasoning ?? "");
    if (piece || thought) {
      firstTextAt ??= performance.now();
      chunks++;
      content += piece;
      reasoning += thought;
      text = withReasoning(reasoning, content);
      // The answer alone: some servers (DeepSeek's API at first) leave the reasoning out of max_tokens.
      keepsToMaxTokens(content, maxNewTokens);
      if (text.length > answerByteLimit(maxNewTokens)) throw answerTooLong(maxNewTokens);
      onText(text);
    }
    if (choice.finish_reason) finishReason = mapFinish(choice.finish_reason, text);
  }
  if (!done && events.count === 0) {
    // A server that ignores stream: true answers whole, in JSON: as good an answer, read as one.
    const givenWhole = parsedJson(events.unread);
    if (givenWhole !== undefined) return answerGivenWhole(openAiAnswer.parse(givenWhole), onText, maxNewTokens);
    if (events.unread.trim() !== "" && endsBeforeItsJson(events.unread)) throw cutShort(Buffer.byteLength(events.unread));
    // Nothing in SSE form at all: a proxy's or gateway's page.
    const type = response.headers.get("content-type") ?? "no content type";
    throw new RetryableError(
      `answered ${response.status} with content type ${type} and no event stream: ${sanitised(events.unread).slice(0, ERROR_BODY_LENGTH)}`,
      "the endpoint's answer was not an event stream",
    );
  }
  // A stream that ended cleanly after the model's finish reason is whole, [DONE] or not (OpenAI's own client asks
  // for none); one that ended before it was cut.
  if (!done && finishReason === null) {
    throw new RetryableError(`server closed the stream before [DONE] after ${chunks} chunk${chunks === 1 ? "" : "s"}`, "the endpoint's stream ended early");
  }
  // An empty answer still comes in a choice (its finish reason at least): a stream with none is
  // not the model's answer, and must not be judged as one.
  if (choices === 0) throw new RetryableError("stream ended without a choice in any chunk", "the endpoint's stream carried no answer");
  // Nor is a choice that says nothing: no text, and no finish reason to say the model ended there (a role chunk alone).
  if (text === "" && finishReason === null)
    throw new RetryableError("stream ended with neither text nor a finish reason", "the endpoint's stream carried no answer");
  return {
    text,
    // Without usage (servers that ignore stream_options) the counts are not reported: a chunk may carry several tokens or none.
    promptTokens: usage?.prompt_tokens ?? null,
    completionTokens: usage?.completion_tokens ?? null,
    finishReason: finishReason ?? "stop",
    firstTextAt,
    ...(firstTokenLogprobs ? { firstTokenLogprobs } : {}),
    ...(answeredAs !== undefined ? { answeredAs } : {}),
  };
}

/** A part of content given as a list (Mistral's API): text, or a reasoning model's thinking as a list of text parts. */
const contentPart = z.union([
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("thinking"), thinking: z.array(z.object({ type: z.literal("text"), text: z.string() })) }),
]);

/**
 * A message's or delta's content, a string or a list of parts (Mistral's API): the text parts are the answer, the
 * thinking parts its reasoning. Absent or null is none. Any other shape fails the attempt: read as no text, it would
 * be an empty answer the model never gave, judged as its answer.
 */
function contentOf(content: unknown): { text: string; reasoning: string } | undefined {
  if (content === undefined || content === null) return undefined;
  if (typeof content === "string") return { text: content, reasoning: "" };
  if (!Array.isArray(content))
    throw unreadableContent(`content is ${typeof content === "object" ? "an object" : `a ${typeof content}`}, neither text nor a list of text parts`);
  let text = "";
  let reasoning = "";
  for (const part of content) {
    const read = contentPart.safeParse(part);
    if (!read.success) {
      const type = (part as { type?: unknown } | null)?.type;
      throw unreadableContent(
        typeof type === "string" && type !== "text" && type !== "thinking"
          ? `content holds a part of type ${JSON.stringify(sanitised(type).slice(0, 40))}, not text`
          : `content holds a part this client cannot read: ${sanitised(JSON.stringify(part) ?? String(part)).slice(0, 120)}`,
      );
    }
    if (read.data.type === "text") text += read.data.text;
    else reasoning += read.data.thinking.map((thought) => thought.text).join("");
  }
  return { text, reasoning };
}

/** The endpoint's fault whatever was asked: it answers in a shape this client cannot read. */
function unreadableContent(message: string): FatalError {
  return new FatalError(message, "the endpoint's answer had content this client cannot read", true);
}

/** The reasoning a server gave apart from the answer, in either field's name ("" where it gave none). */
function reasoningOf(message: z.infer<typeof openAiMessage>): string {
  return message?.reasoning_content ?? message?.reasoning ?? "";
}

/**
 * An answer with its reasoning in front as a <think> block, as a reasoning model writes it where no parser takes it
 * apart: the detectors set it aside and quote it (lib/detectors/reasoning.ts). The block stays open while no answer
 * follows, as in an answer cut while still reasoning.
 */
function withReasoning(reasoning: string, content: string): string {
  if (!reasoning) return content;
  return content ? `<think>${reasoning}</think>${content}` : `<think>${reasoning}`;
}

/**
 * The first token's top log-probabilities in either API's shape: completions give
 * `top_logprobs: [{token: logprob}, ...]` per token, chat gives `content: [{top_logprobs: [{token, logprob}]}]`.
 */
function firstTokenTopLogprobs(logprobs: unknown): Record<string, number> | undefined {
  const read = topLogprobsShape.safeParse(logprobs);
  if (!read.success) return undefined;
  const fromCompletion = read.data.top_logprobs?.[0];
  if (fromCompletion) return Object.fromEntries(Object.entries(fromCompletion).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
  const fromChat = read.data.content?.[0]?.top_logprobs;
  if (fromChat) {
    // Two tokens can read the same (bytes cut mid-character): the likelier keeps the key, as in the completions API.
    const byText = new Map<string, number>();
    for (const { token, logprob } of fromChat) {
      if (typeof token === "string" && typeof logprob === "number" && (!byText.has(token) || logprob > byText.get(token)!)) byText.set(token, logprob);
    }
    return Object.fromEntries(byText);
  }
  return undefined;
}

async function readJson(response: Response, onText: (text: string) => void, maxNewTokens: number): Promise<Attempt> {
  const { text, bytes } = await wholeBody(response, maxNewTokens);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    if (endsBeforeItsJson(text)) throw cutShort(bytes);
    throw new RetryableError(`answer is not JSON: ${(err as Error).message}`, "the endpoint's answer was not JSON");
  }
  return answerGivenWhole(openAiAnswer.parse(body), onText, maxNewTokens);
}

/** A body given whole that ended before its JSON did, after `bytes`: cut off as a stream is, and retried as one. */
function cutShort(bytes: number): RetryableError {
  return new RetryableError(`the body ended before its JSON did, after ${bytes} bytes`, "the endpoint's answer was cut off");
}

/** The body as text, read up to answerByteLimit: a connection lost on the way is thrown as fetch throws it. */
async function wholeBody(response: Response, maxNewTokens: number): Promise<{ text: string; bytes: number }> {
  const body = await bodyUpTo(response, answerByteLimit(maxNewTokens));
  if (!body.whole) throw answerTooLong(maxNewTokens);
  return body;
}

/**
 * The body as text, no more than `limit` bytes of it: `whole` is false where it went on, and the rest is never read (a
 * body that never ends would fill memory until a time-out). A connection lost on the way is thrown as fetch throws it.
 */
async function bodyUpTo(response: Response, limit: number): Promise<{ text: string; bytes: number; whole: boolean }> {
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  if (!response.body) return { text, bytes, whole: true };
  // Leaving the loop early cancels the body.
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > limit) return { text: text + decoder.decode(), bytes: bytes - chunk.byteLength, whole: false };
    text += decoder.decode(chunk, { stream: true });
  }
  return { text: text + decoder.decode(), bytes, whole: true };
}

/**
 * A name an endpoint gives (a model's id or root, the model its answer names) as recorded: its control characters
 * written out (control-characters.ts); whole up to MAX_SERVED_NAME_CHARS, else its start, its length and a hash of
 * it, within that many.
 */
function servedName(text: string): string {
  const written = controlsWrittenOut(text);
  if (written.length <= MAX_SERVED_NAME_CHARS) return written;
  const digest = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const tail = `… (${text.length.toLocaleString("en-US")} characters, sha256 ${digest})`;
  return `${written.slice(0, MAX_SERVED_NAME_CHARS - tail.length)}${tail}`;
}

/** `text` as JSON, or undefined where it is not JSON. */
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A completions or chat answer given whole, in one JSON body. */
function answerGivenWhole(body: OpenAiAnswer, onText: (text: string) => void, maxNewTokens: number): Attempt {
  if (body.error)
    throw new RetryableError(
      `answer reported an error: ${sanitised(errorText(body.error)).slice(0, ERROR_BODY_LENGTH)}`,
      "the endpoint reported an error in its answer",
      false,
      undefined,
      false,
      reportedErrorIsEndpointFault(body.error),
    );
  const choice = body.choices?.[0];
  const parts = contentOf(choice?.message?.content);
  const content = parts?.text ?? choice?.text;
  const reasoning = reasoningOf(choice?.message) + (parts?.reasoning ?? "");
  // Before the text: a filtered answer may come with none.
  const finishReason = mapFinish(choice?.finish_reason, content ?? "");
  if (typeof content !== "string" && !reasoning)
    throw new RetryableError("answer has neither choices[0].message.content nor choices[0].text", "the endpoint's answer had no text");
  keepsToMaxTokens(content ?? "", maxNewTokens);
  const text = withReasoning(reasoning, content ?? "");
  onText(text);
  const firstTokenLogprobs = firstTokenTopLogprobs(choice?.logprobs);
  return {
    ...(firstTokenLogprobs ? { firstTokenLogprobs } : {}),
    text,
    promptTokens: body.usage?.prompt_tokens ?? null,
    completionTokens: body.usage?.completion_tokens ?? null,
    finishReason,
    firstTextAt: performance.now(),
    ...(body.model ? { answeredAs: body.model } : {}),
  };
}

/**
 * The `data:` payloads of a server-sent-events body, one per event. `seen` counts the events with
 * data and, at the end, holds what was left over (all of a body that was no stream).
 */
async function* sseData(
  body: ReadableStream<Uint8Array>,
  seen: { count: number; unread: string },
  heard: () => void,
  maxNewTokens: number,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const events = new ServerSentEvents();
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    // An event, or a body that is no stream, is held no longer than an answer given whole may be (each character at least a byte).
    if (events.heldLength > answerByteLimit(maxNewTokens)) throw answerTooLong(maxNewTokens);
    const text = decoder.decode(bytes, { stream: true });
    // Comments alone (": OPENROUTER PROCESSING", a proxy's keep-alive) are no part of an answer: they leave it silent.
    if (!/^(?::[^\n]*\n|\r?\n)*$/.test(text)) heard();
    for (const data of events.push(text)) {
      seen.count++;
      yield data;
    }
  }
  seen.unread = events.held() + decoder.decode();
}

/**
 * OpenAI's finish reasons as this engine's; "content_filter" (Azure OpenAI, guardrail gateways), "abort" and
 * "error" are no finish: what the model wrote was withheld or cut, and what came before is not its answer.
 */
function mapFinish(reason: unknown, text: string): FinishReason {
  if (reason === "content_filter") {
    throw new FatalError(
      `finish_reason "content_filter" after ${text.length} characters: the endpoint withheld the rest of the answer`,
      "a content filter in front of the model withheld its answer",
    );
  }
  // vLLM's and SGLang's engines end a request they abort (paused, preempted, shut down) with "abort", newer vLLM one
  // that failed with "error": the model had not finished, and another attempt may let it.
  if (reason === "abort" || reason === "error") {
    throw new RetryableError(
      `finish_reason "${reason}" after ${text.length} characters: the endpoint ended the answer before the model did`,
      "the endpoint ended the answer before the model did",
    );
  }
  return reason === "length" ? "length" : "stop";
}

/**
 * `modelSilent`: no request to the endpoint got any of an answer while this one waited. `baseUrl`: the one the request
 * was sent under, for a 404 to ask whether /v1 was left off it.
 */
async function httpError(response: Response, modelSilent = false, baseUrl?: string): Promise<Error> {
  // Enough for the words kept of it (ERROR_BODY_LENGTH), whatever it is wrapped in.
  const body = (await bodyUpTo(response, 64 * 1024).catch(() => null))?.text ?? "";
  let detail = body;
  let error: unknown;
  try {
    error = JSON.parse(body).error;
    detail = errorText(error ?? body);
  } catch {
    // Not JSON: keep the raw text.
  }
  detail = sanitised(detail).slice(0, ERROR_BODY_LENGTH);
  // vLLM, SGLang and OpenAI serve under /v1 alone: a base URL without it gets 404 for every path, and says no more.
  const withoutV1 = response.status === 404 && baseUrl !== undefined && !baseUrl.endsWith("/v1");
  // A base URL that runs on past /v1 (a completion's whole URL pasted in) is meant up to it.
  const meant = baseUrl?.includes("/v1/") ? baseUrl.slice(0, baseUrl.indexOf("/v1/") + 3) : `${baseUrl}/v1`;
  const message = `HTTP ${response.status} ${response.statusText}${detail ? `: ${detail}` : ""}${withoutV1 ? `; the base URL ${baseUrl} does not end in /v1: did you mean ${meant}?` : ""}`;
  // OpenAI's "you exceeded your current quota": a 429, but no rate limit; waiting never restores it, whatever is asked.
  if (response.status === 429 && quotaSpent(error)) return new FatalError(message, "the endpoint's quota is spent (429 insufficient_quota)", true);
  // The status alone: the body is the endpoint's own words, which may hold anything it knows.
  const summary = `the endpoint answered ${response.status}${withoutV1 ? " and its base URL does not end in /v1: did you mean …/v1?" : ""}`;
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  // A gateway's time-out: 504, or Cloudflare's 524 (its origin took the request and did not answer in time).
  const gatewayTimeout = response.status === 504 || response.status === 524;
  const overloaded = response.status === 429 || response.status === 503 || gatewayTimeout;
  // What stands in front of the model did not reach it: 502, 503, or Cloudflare's 521-523 (its origin refused the
  // connection, did not take it in time, or could not be reached).
  const unreachable = [502, 503, 521, 522, 523].includes(response.status);
  // A gateway tired of waiting for the model: a model slow on this prompt alone while it answers others is no fault of
  // the endpoint's, one that answers nothing is (as a time-out of silence).
  const endpointFault =
    [401, 403, 404, 405].includes(response.status) || (gatewayTimeout && modelSilent) || (response.status >= 500 && !overloaded && !unreachable);
  if (!retryable) return new FatalError(message, summary, endpointFault);
  return new RetryableError(message, summary, overloaded, retryAfterMs(response.headers), unreachable, endpointFault);
}

/** Whether an endpoint's error object is OpenAI's for a spent quota, in its code or its type. */
function quotaSpent(error: unknown): boolean {
  const { code, type } = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; type?: unknown };
  return code === "insufficient_quota" || type === "insufficient_quota";
}

/**
 * Whether an error an endpoint reports inside a 200 answer (an event of its stream, as vLLM reports a failure once its
 * stream has begun, or a body given whole) is the endpoint's fault, as httpError judges the same code sent as a status:
 * a server's failure unless its code says the endpoint is overloaded, not reached, or refuses the request itself.
 */
function reportedErrorIsEndpointFault(error: unknown): boolean {
  const code = Number((error as { code?: unknown } | null)?.code);
  if (!Number.isInteger(code) || code < 400 || code > 599) return true;
  return [401, 403, 404, 405].includes(code) || (code >= 500 && ![502, 503, 504, 521, 522, 523, 524].includes(code));
}

/**
 * How long the endpoint asks to wait: retry-after-ms where given (OpenAI's and Azure OpenAI's, finer than whole
 * seconds; OpenAI's own clients read it first), else Retry-After as RFC 9110 gives it: seconds, or an HTTP date.
 */
function retryAfterMs(headers: Headers): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const header = headers.get("retry-after");
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Text from an endpoint with control characters (terminal escapes included) and runs of whitespace made single spaces. */
function sanitised(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is taken out
  return text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, " ").trim();
}

/** A limit in ms as a reader reads it: "0.5 s", "120 s". */
function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

function attempts(count: number): string {
  return `${count} attempt${count === 1 ? "" : "s"}`;
}

/**
 * The base URL as the requests' paths are joined to it: parsed, http or https, with no user,
 * query or fragment (a `#` would cut off the path joined after it), and no trailing slash.
 */
function endpointBase(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`openai backend: ${JSON.stringify(raw)} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`openai backend: ${url.protocol} is not http or https`);
  if (url.username || url.password) throw new Error("openai backend: a base URL carries no user or password (use apiKey)");
  if (url.search || url.hash || raw.includes("#") || raw.includes("?")) throw new Error("openai backend: a base URL has no query or fragment");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function errorText(error: unknown): string {
  if (typeof error === "string") return error;
  if (error && typeof error === "object" && "message" in error) return String((error as { message: unknown }).message);
  return JSON.stringify(error);
}

function describeNetworkError(err: unknown, url: string): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  if (cause === "ECONNREFUSED") return `connection refused by ${url}`;
  if (e.message === "terminated") return `connection to ${url} was cut mid-stream${e.cause?.message ? ` (${e.cause.message})` : ""}`;
  return `${e.message ?? String(err)}${cause ? ` (${cause})` : ""}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    // The listener goes when the wait ends: thousands of retries share the caller's one signal.
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
