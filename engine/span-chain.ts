// A model split into spans of blocks, run as one: the first span takes token ids, each span hands
// its hidden states to the next, the last gives logits. A span is a Runtime in this process or a
// RemoteSpan served by `engine serve --blocks` on another machine (span-server.ts), so a model
// larger than any one machine generates through the same Generator as a whole one.

import { createHash } from "node:crypto";
import type { BlockSpan } from "./checkpoint";
import type { LlamaConfig } from "./config";
import type { ModelSteps } from "./generate";
import type { SpanInput } from "./runtime";
import { decodeFloats, encodeFloats, type SpanStep } from "./span-server";

/** What a chain needs of a span; Runtime has it. */
export interface SpanLink {
  readonly span: BlockSpan;
  readonly config: LlamaConfig;
  readonly revision: string;
  readonly maxBatch: number;
  readonly maxSequenceLength: number;
  prefill(slot: number, input: SpanInput, allPositions?: boolean): Promise<Float32Array>;
  prefillGreedy(slot: number, input: SpanInput): Promise<number>;
  decode(input: SpanInput): Promise<Float32Array>;
  decodeGreedy(input: SpanInput): Promise<number[]>;
  release(slot: number, active: number): void;
}

interface SpanDescription {
  blocks: string;
  config: LlamaConfig;
  max_batch: number;
  max_sequence_length: number;
  revision: string;
}

export class RemoteSpan implements SpanLink {
  /** release() calls not yet sent: they travel with the next step. */
  private releases: [number, number][] = [];

  private constructor(
    readonly url: string,
    private readonly description: SpanDescription,
  ) {}

  static async connect(url: string): Promise<RemoteSpan> {
    const base = url.replace(/\/+$/, "");
    const response = await fetch(`${base}/v1/span`).catch((error: Error) => {
      throw new Error(`${base}: no span server answers (${error.message})`);
    });
    if (!response.ok) throw new Error(`${base}/v1/span answered ${response.status}: is it \`engine serve --blocks\`?`);
    return new RemoteSpan(base, (await response.json()) as SpanDescription);
  }

  get span(): BlockSpan {
    const [start, end] = this.description.blocks.split(":").map(Number);
    return { start, end };
  }
  get config(): LlamaConfig {
    return this.description.config;
  }
  get revision(): string {
    return this.description.revision;
  }
  get maxBatch(): number {
    return this.description.max_batch;
  }
  get maxSequenceLength(): number {
    return this.description.max_sequence_length;
  }

  async prefill(slot: number, input: SpanInput, allPositions = false): Promise<Float32Array> {
    return decodeFloats((await this.step({ slot, input: wire(input), all_positions: allPositions })).output!);
  }
  async prefillGreedy(slot: number, input: SpanInput): Promise<number> {
    return (await this.step({ slot, input: wire(input), greedy: true })).next_tokens![0];
  }
  async decode(input: SpanInput): Promise<Float32Array> {
    return decodeFloats((await this.step({ input: wire(input) })).output!);
  }
  async decodeGreedy(input: SpanInput): Promise<number[]> {
    return (await this.step({ input: wire(input), greedy: true })).next_tokens!;
  }
  release(slot: number, active: number): void {
    this.releases.push([slot, active]);
  }

  private async step(step: Omit<SpanStep, "releases">): Promise<{ output?: string; next_tokens?: number[] }> {
    const releases = this.releases;
    this.releases = [];
    const response = await fetch(`${this.url}/v1/span/step`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ releases, ...step }),
    });
    const body = (await response.json()) as { output?: string; next_tokens?: number[]; error?: { message: string } };
    if (!response.ok) throw new Error(`${this.url} (blocks ${this.description.blocks}): ${body.error?.message ?? response.status}`);
    return body;
  }
}

function wire(input: SpanInput): number[] | string {
  return Array.isArray(input) ? input : encodeFloats(input);
}

export class SpanChain implements ModelSteps {
  readonly config: LlamaConfig;
  readonly maxBatch: number;
  readonly maxSequenceLength: number;
  /** One hash over each span's blocks and revision: the chain answers as these weights. */
  readonly revision: string;

  /** Spans in order, together every block of the model once. */
  constructor(readonly links: SpanLink[]) {
    const layers = links[0].config.numHiddenLayers;
    let next = 0;
    for (const link of links) {
      const { start, end } = link.span;
      if (start !== next) throw new Error(`spans must follow each other from block 0: blocks ${start}:${end} come where block ${next} should start`);
      if (link.config.hiddenSize !== links[0].config.hiddenSize || link.config.numHiddenLayers !== layers) {
        throw new Error(`blocks ${start}:${end} are of another model (hidden size ${link.config.hiddenSize}, ${link.config.numHiddenLayers} blocks)`);
      }
      next = end;
    }
    if (next !== layers) throw new Error(`the spans end at block ${next}: blocks ${next}:${layers} are missing`);
    this.config = links[0].config;
    this.maxBatch = Math.min(...links.map((l) => l.maxBatch));
    this.maxSequenceLength = Math.min(...links.map((l) => l.maxSequenceLength));
    const hash = createHash("sha256");
    for (const link of links) hash.update(`${link.span.start}:${link.span.end}=${link.revision};`);
    this.revision = hash.digest("hex");
  }

  async prefill(slot: number, tokens: number[], allPositions = false): Promise<Float32Array> {
    return this.last.prefill(slot, await this.throughAllButLast((l, x) => l.prefill(slot, x, true), tokens), allPositions);
  }
  async prefillGreedy(slot: number, tokens: number[]): Promise<number> {
    return this.last.prefillGreedy(slot, await this.throughAllButLast((l, x) => l.prefill(slot, x, true), tokens));
  }
  async decode(tokens: number[]): Promise<Float32Array> {
    return this.last.decode(await this.throughAllButLast((l, x) => l.decode(x), tokens));
  }
  async decodeGreedy(tokens: number[]): Promise<number[]> {
    return this.last.decodeGreedy(await this.throughAllButLast((l, x) => l.decode(x), tokens));
  }
  release(slot: number, active: number): void {
    for (const link of this.links) link.release(slot, active);
  }

  private get last(): SpanLink {
    return this.links[this.links.length - 1];
  }

  private async throughAllButLast(run: (link: SpanLink, input: SpanInput) => Promise<Float32Array>, tokens: number[]): Promise<SpanInput> {
    let data: SpanInput = tokens;
    for (const link of this.links.slice(0, -1)) data = await run(link, data);
    return data;
  }
}
