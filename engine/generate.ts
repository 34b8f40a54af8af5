// The generation loop: sequences join the batch as slots free up (each prompt prefilled alone,
// as GroupQueryAttention requires), all active sequences decode one token per step together, and
// each leaves the batch as soon as it meets EOS, a stop sequence or its token limit.

import type { CountedGenerationResult, FinishReason, SamplingSettings, TokenLogprob } from "./backend";
import type { LlamaConfig } from "./config";
import { tokenLogprob } from "./logprobs";
import { Sampler } from "./sampler";
import type { StreamDecoder, Tokenizer } from "./tokenizer";

/** What the loop needs of a model: a Runtime holding every block, or a SpanChain of spans on several machines. */
export interface ModelSteps {
  readonly config: LlamaConfig;
  readonly maxBatch: number;
  readonly maxSequenceLength: number;
  prefill(slot: number, tokens: number[]): Promise<Float32Array>;
  prefillGreedy(slot: number, tokens: number[]): Promise<number>;
  decode(tokens: number[]): Promise<Float32Array>;
  decodeGreedy(tokens: number[]): Promise<number[]>;
  release(slot: number, active: number): void;
}

export interface SequenceRequest {
  id: string;
  /** Prompt token ids, BOS included. */
  prompt: number[];
  /** The answer continues the prompt's text (a completion): its first token's leading space is kept, as it reads after the prompt. */
  continuesPrompt?: boolean;
  sampling: SamplingSettings;
  /** Record each generated token's log-probability and this many likeliest alternatives at its place. */
  logprobs?: number;
  /** Text as it is generated, with the log-probabilities of the tokens it completes where asked for; stop sequences are never streamed. */
  onText?: (text: string, logprobs: TokenLogprob[]) => void;
  signal?: AbortSignal;
}

class Sequence {
  readonly tokens: number[];
  readonly sampler: Sampler;
  readonly decoder: StreamDecoder;
  readonly started = performance.now();
  firstTokenAt: number | null = null;
  generated = 0;
  text = "";
  private streamed = 0;
  /** One per generated token when asked for; the first `logprobsStreamed` went out with streamed text. */
  private readonly logprobs: TokenLogprob[] | null;
  private logprobsStreamed = 0;
  finish: FinishReason | null = null;
  error: string | undefined;

  constructor(
    readonly request: SequenceRequest,
    private readonly tokenizer: Tokenizer,
    private readonly eosIds: Set<number>,
    private readonly maxSequenceLength: number,
    readonly resolve: (result: CountedGenerationResult) => void,
  ) {
    this.tokens = [...request.prompt];
    this.sampler = new Sampler(request.sampling);
    this.decoder = tokenizer.streamDecoder(request.continuesPrompt ? request.prompt.slice(-1) : []);
    this.logprobs = request.logprobs === undefined ? null : [];
  }

  /** Whether the graph may pick this sequence's tokens itself, handing back only their ids and no logits. */
  get pickedInGraph(): boolean {
    return this.sampler.greedy && this.logprobs === null;
  }

  /**
   * The next token from this step's logits, its log-probabilities recorded where asked for: EOS's too, as OpenAI
   * gives it, since how likely the model was to end there is part of what it said (an empty answer has no other).
   */
  choose(logits: Float32Array): number {
    const token = this.sampler.sample(logits, this.tokens);
    if (this.logprobs) {
      this.logprobs.push(tokenLogprob(logits, token, this.request.logprobs ?? 0, (id) => this.tokenizer.tokenText(id)));
    }
    return token;
  }

  get last(): number {
    return this.tokens[this.tokens.length - 1];
  }

  accept(token: number): void {
    this.firstTokenAt ??= performance.now();
    if (this.eosIds.has(token)) {
      // Counted, though it adds no text: it was generated (its log-probability given), and vLLM and OpenAI count it in usage.
      this.generated++;
      this.end("eos");
      return;
    }
    this.tokens.push(token);
    this.generated++;
    this.decoder.push(token);
    const { stop, maxNewTokens } = this.request.sampling;
    const text = this.decoder.text;
    let cut = -1;
    for (const s of stop) {
      const at = s ? text.indexOf(s) : -1;
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    if (cut >= 0) {
      this.text = text.slice(0, cut);
      this.end("stop");
      return;
    }
    this.text = text;
    if (this.generated >= maxNewTokens || this.tokens.length >= this.maxSequenceLength) {
      this.end("length");
      return;
    }
    this.stream(this.text.length - heldBack(this.text, stop));
  }

  fail(error: string): void {
    this.error = error;
    this.end("error");
  }

  end(reason: FinishReason): void {
    this.finish = reason;
    if (reason !== "error") this.stream(this.text.length);
  }

  /** Streams text up to `end`, keeping back what could still become a stop sequence. */
  private stream(end: number): void {
    if (end > this.streamed) {
      const logprobs = this.logprobs?.slice(this.logprobsStreamed) ?? [];
      this.logprobsStreamed += logprobs.length;
      this.request.onText?.(this.text.slice(this.streamed, end), logprobs);
      this.streamed = end;
    }
  }

  result(): CountedGenerationResult {
    const now = performance.now();
    return {
      id: this.request.id,
      text: this.text,
      promptTokens: this.request.prompt.length,
      completionTokens: this.generated,
      finishReason: this.finish ?? "error",
      latencyMs: now - this.started,
      timeToFirstTokenMs: this.firstTokenAt === null ? null : this.firstTokenAt - this.started,
      ...(this.error ? { error: this.error } : {}),
      ...(this.logprobs ? { tokenLogprobs: this.logprobs } : {}),
    };
  }
}

/** Length of the longest end of `text` that begins one of the stop sequences. */
function heldBack(text: string, stop: string[]): number {
  let longest = 0;
  for (const s of stop) {
    for (let n = Math.min(s.length - 1, text.length); n > longest; n--) {
      if (text.endsWith(s.slice(0, n))) {
        longest = n;
        break;
      }
    }
  }
  return longest;
}

/** Runs every submitted sequence to completion, batching whatever is in flight together. */
export class Generator {
  private readonly waiting: Sequence[] = [];
  private readonly active: Sequence[] = [];
  private draining = false;
  private drained: Promise<void> = Promise.resolve();
  private readonly eosIds: Set<number>;

  constructor(
    readonly runtime: ModelSteps,
    readonly tokenizer: Tokenizer,
  ) {
    this.eosIds = new Set(runtime.config.eosTokenIds);
  }

  submit(request: SequenceRequest): Promise<CountedGenerationResult> {
    return new Promise((resolve) => {
      this.waiting.push(new Sequence(request, this.tokenizer, this.eosIds, this.runtime.maxSequenceLength, resolve));
      if (!this.draining) {
        this.draining = true;
        this.drained = this.drain();
      }
    });
  }

  /** Resolves when nothing is in flight. */
  async idle(): Promise<void> {
    while (this.draining) await this.drained;
  }

  private async drain(): Promise<void> {
    for (;;) {
      // Cleared in the same tick as the last look for work: a later submit starts a new drain.
      if (this.waiting.length === 0 && this.active.length === 0) {
        this.draining = false;
        return;
      }
      try {
        await this.admit();
        this.retire();
        if (this.active.length > 0) await this.step();
      } catch (error) {
        // A failed run leaves the cache in an unknown state: every sequence in it fails, clearly.
        const message = `inference failed: ${(error as Error).message}`;
        for (const s of this.active) s.fail(message);
        // Each slot emptied where it is (release of the last active slot moves nothing).
        for (let slot = 0; slot < this.active.length; slot++) this.runtime.release(slot, slot + 1);
      }
      this.retire();
    }
  }

  private async admit(): Promise<void> {
    while (this.active.length < this.runtime.maxBatch && this.waiting.length > 0) {
      const s = this.waiting.shift()!;
      const slot = this.active.length;
      this.active.push(s);
      const vocab = this.runtime.config.vocabSize;
      const pastVocab = s.request.prompt.find((id) => id >= vocab);
      if (s.request.signal?.aborted) s.fail("aborted");
      else if (s.request.prompt.length >= this.runtime.maxSequenceLength) {
        s.fail(`prompt of ${s.request.prompt.length} tokens leaves no room in the maximum sequence length ${this.runtime.maxSequenceLength}`);
      } else if (pastVocab !== undefined) {
        // Fed to the model it would fail the whole batch's run in onnxruntime's embedding lookup, not this prompt alone.
        s.fail(
          `the prompt holds token ${pastVocab}, past the model's vocab_size ${vocab} (config.json): tokenizer.json has tokens the model has no embedding for`,
        );
      } else if (s.request.sampling.maxNewTokens <= 0) s.end("length");
      else if (s.pickedInGraph) s.accept(await this.runtime.prefillGreedy(slot, s.request.prompt));
      else s.accept(s.choose(await this.runtime.prefill(slot, s.request.prompt)));
    }
  }

  private async step(): Promise<void> {
    const last = this.active.map((s) => s.last);
    // Greedy sequences alone, none asking for log-probabilities: the graph picks the tokens and only their ids come back.
    const tokens = this.active.every((s) => s.pickedInGraph) ? await this.runtime.decodeGreedy(last) : await this.sampledStep(last);
    this.active.forEach((s, i) => {
      if (s.request.signal?.aborted) s.fail("aborted");
      else s.accept(tokens[i]);
    });
  }

  private async sampledStep(last: number[]): Promise<number[]> {
    const vocab = this.runtime.config.vocabSize;
    const logits = await this.runtime.decode(last);
    return this.active.map((s, i) => s.choose(logits.subarray(i * vocab, (i + 1) * vocab)));
  }

  /** Finished sequences leave; the last active sequence moves into each freed slot. */
  private retire(): void {
    for (let slot = this.active.length - 1; slot >= 0; slot--) {
      const s = this.active[slot];
      if (!s.finish) continue;
      this.runtime.release(slot, this.active.length);
      this.active[slot] = this.active[this.active.length - 1];
      this.active.pop();
      s.resolve(s.result());
    }
  }
}
