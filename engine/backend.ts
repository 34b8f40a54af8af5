// The one interface every way of running a model has: this engine (`local`) and any
// OpenAI-compatible endpoint (`openai`). Campaigns and the server talk only to this.

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface SamplingSettings {
  /** 0 means greedy. */
  temperature: number;
  topK: number;
  topP: number;
  repetitionPenalty: number;
  seed: number;
  maxNewTokens: number;
  stop: string[];
}

export interface GenerationRequest {
  /** Caller's id, echoed on the result so results can arrive in any order. */
  id: string;
  messages: ChatMessage[];
  /** Raw text to continue as is (a completion, not a chat turn); when set, messages are ignored. */
  prompt?: string;
  sampling: SamplingSettings;
  /** Ask for this many most likely first tokens with their log-probabilities, where the backend can give them. */
  topLogprobs?: number;
  /** Ask for every generated token's log-probability and this many likeliest alternatives at its place, where the backend can give them. */
  tokenLogprobs?: number;
}

/** A token's text (as it reads inside the answer, leading space included) and its UTF-8 bytes, which a token cut mid-character alone holds whole. */
export interface TokenText {
  token: string;
  bytes: number[];
}

/** A result of this engine, which counts every token it reads and writes. */
export type CountedGenerationResult = GenerationResult & { promptTokens: number; completionTokens: number };

/** One generated token's log-probability under the model, and the likeliest tokens at its place (its own among them where it is one). */
export interface TokenLogprob extends TokenText {
  logprob: number;
  topLogprobs: Array<TokenText & { logprob: number }>;
}

export type FinishReason = "stop" | "length" | "eos" | "error";

export interface GenerationResult {
  id: string;
  text: string;
  /** null: not reported (an endpoint's answer without OpenAI's `usage`), never a count of 0. */
  promptTokens: number | null;
  /** Tokens generated, the EOS that ends an answer included (as vLLM and OpenAI count them); null: not reported. */
  completionTokens: number | null;
  finishReason: FinishReason;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  /** What went wrong, in full: for whoever runs the endpoint (it may hold its address and its own words). */
  error?: string;
  /** The same without the endpoint's address or words (e.g. "the endpoint answered 500"): safe to show anyone. */
  errorSummary?: string;
  /**
   * Every attempt failed before the model was reached (nothing listening, or 502, 503 or a CDN's 521-523 from what stands
   * in front of it): the request was never put to the model, so the failure says nothing about the case.
   */
  unreachable?: boolean;
  /**
   * Every attempt was answered with a fault of the endpoint rather than of the request: a server error (500 and the
   * like, not an overload or a gateway's 502/503/521-523, as a status or as an error reported in a 200 answer's stream or
   * body), the route, the model or the key refused (401, 403, 404, 405),
   * an answer from another model than the one asked for (a router's fallback), or a time-out, the endpoint's own or a
   * gateway's 504, while no request to the endpoint got any of an answer (a hung model behind an HTTP front that still answers).
   * One such failure may be the prompt's doing (a prompt the server crashes on); several in a row, with no answer
   * between them, are an endpoint that answers no case however long it is given.
   */
  endpointFault?: boolean;
  /** The first token's most likely alternatives, token -> log-probability, when asked for and given. */
  firstTokenLogprobs?: Record<string, number>;
  /** One per generated token, the EOS that ends an answer included (as OpenAI gives it), when asked for with tokenLogprobs and given. */
  tokenLogprobs?: TokenLogprob[];
}

export interface GenerateOptions {
  signal?: AbortSignal;
  /**
   * Called with each piece of text as it is decoded (streaming), and, where tokenLogprobs was asked for, the
   * log-probabilities of the tokens decoded since the last call (a token whose text is held back comes later).
   */
  onToken?: (id: string, text: string, logprobs?: TokenLogprob[]) => void;
}

/** One model an endpoint lists at GET /v1/models: vLLM gives root (the weights' path or hub name) and max_model_len. */
export interface ServedModel {
  id: string;
  root: string | null;
  maxModelLength: number | null;
  /** The endpoint says the weights are this engine's generated tiny model (`engine serve` lists smoke_test_model). */
  smokeTestModel: boolean;
}

export interface Backend {
  readonly name: string;
  /** A stable description of what answers: model revision hash or endpoint + model name. */
  readonly modelRevision: string;
  /**
   * Requests it can work on at once right now, across generate() calls, when that is more than
   * one call's batch (an endpoint that batches hundreds): a caller keeps at least this many
   * requests in hand. Absent: one generate() call at a time keeps it busy.
   */
  readonly inFlightWanted?: number;
  /** What an endpoint lists at /v1/models; null when it has no such route. Absent for this engine. */
  servedModels?(): Promise<ServedModel[] | null>;
  /** Yields one result per request, each as soon as it is finished. */
  generate(requests: GenerationRequest[], options?: GenerateOptions): AsyncIterable<GenerationResult>;
  close(): Promise<void>;
}
