import { expect, test } from "vitest";
import type { Backend, GenerationRequest, GenerationResult } from "../../engine/backend";
import { openLocalBackend } from "../../engine/local-backend";
import { SharedEngines } from "../../lib/campaigns/runner/shared-engines";
import { tinyModelDir } from "../../lib/content/paths";

const request: GenerationRequest = {
  id: "hello",
  messages: [{ role: "user", content: "Hello" }],
  sampling: { temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, seed: 7, maxNewTokens: 4, stop: [] },
};

async function answer(backend: Backend): Promise<GenerationResult> {
  const results: GenerationResult[] = [];
  for await (const result of backend.generate([request])) results.push(result);
  return results[0];
}

test("a worker's campaigns on one checkpoint share one engine, which stays open until the last of them lets go", async () => {
  const engines = new SharedEngines();
  let opened = 0;
  const open = () => {
    opened++;
    return openLocalBackend(tinyModelDir, { maxBatch: 4 });
  };
  const [first, second] = await Promise.all([engines.hold("tiny batch 4", open), engines.hold("tiny batch 4", open)]);
  expect(opened).toBe(1);
  const before = await answer(first);

  await first.close();
  expect(await answer(second)).toMatchObject({ text: before.text, finishReason: before.finishReason });
  await second.close();

  // Nobody holds it now: the next campaign opens the checkpoint again.
  const third = await engines.hold("tiny batch 4", open);
  expect(opened).toBe(2);
  await third.close();
});
