// The `local` backend: this engine behind the Backend interface. All callers share one generator,
// so requests from several callers (campaign workers, server clients) decode in one batch.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Backend, CountedGenerationResult, GenerateOptions, GenerationRequest, TokenLogprob } from "./backend";
import { formatStableBeluga } from "./chat-template";
import { parseSpan, spanParts } from "./checkpoint";
import { readConfig } from "./config";
import { Generator } from "./generate";
import { alternativesByText } from "./logprobs";
import { Runtime, type RuntimeOptions } from "./runtime";
import { RemoteSpan, SpanChain } from "./span-chain";
import { SMOKE_TEST_LABEL, TINY_MODEL_MARKER } from "./tiny-model";
import { Tokenizer } from "./tokenizer";

export interface LocalBackendOptions extends RuntimeOptions {
  /** Span servers (`engine serve --blocks`) holding the blocks after this process's span, in order. */
  next?: string[];
}

export interface LocalModelInfo {
  dir: string;
  revision: string;
  /** Set for the generated tiny model: whatever it says is noise and must be shown as such. */
  smokeTest: string | null;
  int4: boolean;
  maxBatch: number;
  maxSequenceLength: number;
}

export class LocalBackend implements Backend {
  readonly name = "local";

  private constructor(
    readonly runtime: Runtime,
    readonly tokenizer: Tokenizer,
    private readonly generator: Generator,
    readonly info: LocalModelInfo,
  ) {}

  get modelRevision(): string {
    return this.info.revision;
  }

  static async open(dir: string, options: LocalBackendOptions = {}): Promise<LocalBackend> {
    // The tokenizer first: a folder without a readable one is refused before minutes of loading weights.
    const tokenizer = Tokenizer.load(dir);
    const next = options.next ?? [];
    if (next.length === 0) refusePartialSpan(dir, options.blocks);
    // The servers first: one that does not answer is found before minutes of loading weights.
    const remote = await Promise.all(next.map((url) => RemoteSpan.connect(url)));
    const runtime = await Runtime.load(dir, options);
    const steps = remote.length > 0 ? new SpanChain([runtime, ...remote]) : runtime;
    const config = JSON.parse(readFileSync(join(/*turbopackIgnore: true*/ dir, "config.json"), "utf8"));
    const info: LocalModelInfo = {
      dir,
      // The packed 4-bit weights answer differently from the checkpoint's: they are another revision.
      revision: runtime.int4 ? `${steps.revision}+int4-block${runtime.int4.blockSize}` : steps.revision,
      smokeTest: config[TINY_MODEL_MARKER] === true ? SMOKE_TEST_LABEL : null,
      int4: runtime.int4 !== null,
      maxBatch: steps.maxBatch,
      maxSequenceLength: steps.maxSequenceLength,
    };
    return new LocalBackend(runtime, tokenizer, new Generator(steps, tokenizer), info);
  }

  /** Prompt ids as the model sees them: BOS, then the raw prompt or the messages in Stable Beluga's template. */
  promptTokens(request: Pick<GenerationRequest, "messages" | "prompt">): number[] {
    return this.tokenizer.encode(request.prompt ?? formatStableBeluga(request.messages));
  }

  async *generate(requests: GenerationRequest[], options: GenerateOptions = {}): AsyncIterable<CountedGenerationResult> {
    const finished: CountedGenerationResult[] = [];
    let wake: (() => void) | null = null;
    // A caller that stops reading (break, return) wants no more results: stop generating them.
    const abandoned = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, abandoned.signal]) : abandoned.signal;
    for (const request of requests) {
      const perToken = request.tokenLogprobs;
      // The first token's alternatives (a logprob judge's topLogprobs) come from the same record as every token's.
      const recorded = perToken !== undefined || request.topLogprobs ? Math.max(perToken ?? 0, request.topLogprobs ?? 0) : undefined;
      const prompt = this.promptTokens(request);
      const submitted = performance.now();
      void this.generator
        .submit({
          id: request.id,
          prompt,
          ...(request.prompt !== undefined ? { continuesPrompt: true } : {}),
          sampling: request.sampling,
          ...(recorded !== undefined ? { logprobs: recorded } : {}),
          signal,
          onText: options.onToken
            ? (text, tokenLogprobs) => options.onToken!(request.id, text, perToken === undefined ? undefined : upTo(tokenLogprobs, perToken))
            : undefined,
        })
        // A sequence the generator could not take fails alone, as its caller's failed run: left a
        // rejection nobody holds, it would stop the worker and leave this loop waiting for it.
        .catch(
          (error: Error): CountedGenerationResult => ({
            id: request.id,
            text: "",
            promptTokens: prompt.length,
            completionTokens: 0,
            finishReason: "error",
            latencyMs: performance.now() - submitted,
            timeToFirstTokenMs: null,
            error: `inference failed: ${error.message}`,
          }),
        )
        .then((result) => {
          finished.push(withAskedLogprobs(result, request));
          wake?.();
        });
    }
    try {
      for (let yielded = 0; yielded < requests.length; yielded++) {
        while (finished.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        yield finished.shift()!;
      }
    } finally {
      abandoned.abort();
    }
  }

  async close(): Promise<void> {
    await this.generator.idle();
    await this.runtime.close();
  }
}

/**
 * The log-probabilities a request asked for, out of those recorded for it: the first token's alternatives
 * (topLogprobs) as the openai backend reads them from engine serve (a raw prompt's with the chosen token
 * among them, as the completions API gives them), every token's (tokenLogprobs), or both.
 */
function withAskedLogprobs(result: CountedGenerationResult, request: GenerationRequest): CountedGenerationResult {
  const { tokenLogprobs, ...answer } = result;
  const first = tokenLogprobs?.[0];
  return {
    ...answer,
    ...(request.topLogprobs && first ? { firstTokenLogprobs: alternativesByText(first, request.topLogprobs, request.prompt !== undefined) } : {}),
    ...(request.tokenLogprobs !== undefined && tokenLogprobs ? { tokenLogprobs: upTo(tokenLogprobs, request.tokenLogprobs) } : {}),
  };
}

/** Each token's alternatives cut to the `count` asked for (more were recorded where topLogprobs asked for more). */
function upTo(tokens: TokenLogprob[], count: number): TokenLogprob[] {
  return tokens.map((t) => (t.topLogprobs.length > count ? { ...t, topLogprobs: t.topLogprobs.slice(0, count) } : t));
}

/** Text comes from token ids in and logits out: a span without the embeddings or the head gives hidden states, for Runtime callers that chain spans. */
function refusePartialSpan(dir: string, blocks: string | undefined): void {
  if (blocks === undefined) return;
  const config = readConfig(dir);
  const span = parseSpan(blocks, config.numHiddenLayers);
  const { embed, head } = spanParts(config, span);
  if (embed && head) return;
  throw new Error(
    `${dir}: blocks ${span.start}:${span.end} ${embed ? "end before the head" : "start after the embeddings"}, so they give hidden states, not text; ` +
      `generating needs blocks 0:${config.numHiddenLayers} on one machine, or a span from block 0 followed by the span servers that hold the rest ` +
      `(\`engine serve DIR --blocks a:b\` on each, then --next URL here)`,
  );
}

export function openLocalBackend(dir: string, options: LocalBackendOptions = {}): Promise<LocalBackend> {
  return LocalBackend.open(dir, options);
}
