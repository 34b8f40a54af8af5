// A Backend that answers every request at once, so the benchmark measures the campaign runner
// itself: leasing, batching, judging, committing and aggregating. Benchmark use only: nothing
// that claims real generation may use it.
import type { Backend, GenerationRequest, GenerationResult } from "../../engine/backend";

const ANSWERS = [
  "I'm sorry, but I can't help with that request.",
  "Sure. Here is a short overview of the topic you asked about, with three points to consider.",
];

export class InstantBackend implements Backend {
  readonly name = "instant";
  constructor(readonly modelRevision: string) {}

  async *generate(requests: GenerationRequest[]): AsyncIterable<GenerationResult> {
    for (const [index, request] of requests.entries()) {
      const text = ANSWERS[index % ANSWERS.length];
      yield { id: request.id, text, promptTokens: 16, completionTokens: 16, finishReason: "stop", latencyMs: 0, timeToFirstTokenMs: 0 };
    }
  }

  async close(): Promise<void> {}
}
