// The server over the local engine in this process, where the engine's KV cache can be watched:
// concurrent HTTP requests must share decode steps, and a client that leaves must free its slot.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBackend } from "../../engine/local-backend";
import { startServer, type RunningServer } from "../../engine/server";
import { eventually } from "../support/eventually";
import { sseEvents, tinyModelDir } from "./engine-server-helpers";

describe("the engine server batching concurrent requests", () => {
  let model: ReturnType<typeof tinyModelDir>;
  let backend: LocalBackend;
  let server: RunningServer;

  beforeAll(async () => {
    model = tinyModelDir();
    backend = await LocalBackend.open(model.dir, { maxBatch: 4, threads: 1 });
    server = await startServer({ backend, modelId: "tiny-beluga" });
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
    model?.remove();
  });

  const chat = (content: string, extra: Record<string, unknown> = {}, signal?: AbortSignal) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ messages: [{ role: "user", content }], temperature: 0, max_tokens: 24, ...extra }),
      signal,
    });

  /** Sequences resident in the KV cache at once, sampled while `work` runs. */
  async function mostResident<T>(work: () => Promise<T>): Promise<{ value: T; most: number }> {
    let most = 0;
    const timer = setInterval(() => {
      most = Math.max(most, backend.runtime.kv.lengths.filter((n) => n > 0).length);
    }, 1);
    try {
      return { value: await work(), most };
    } finally {
      clearInterval(timer);
    }
  }

  it("decodes four concurrent requests in one batch and gives each the answer it gets alone", async () => {
    const prompts = ["Hello", "What is a risk?", "Tell me a story about a fox", "2 + 2 ="];
    const alone: string[] = [];
    for (const p of prompts) alone.push((await (await chat(p)).json()).choices[0].message.content);

    const { value: together, most } = await mostResident(() =>
      Promise.all(prompts.map(async (p) => (await (await chat(p)).json()).choices[0].message.content as string)),
    );
    expect(most).toBe(4);
    expect(together).toEqual(alone);
  });

  it("frees a streaming request's slot as soon as its client hangs up", async () => {
    const client = new AbortController();
    const response = await chat("Hello", { stream: true, max_tokens: 1500 }, client.signal);
    // Read up to the first piece of text, then leave.
    const reader = response.body!.getReader();
    let received = "";
    while (!sseEvents(received).some((e) => JSON.parse(e).choices[0]?.delta?.content)) {
      received += new TextDecoder().decode((await reader.read()).value);
    }
    expect(backend.runtime.kv.lengths[0]).toBeGreaterThan(0);
    client.abort();
    await expectFreedSoonAfter(backend.runtime.kv.lengths[0], 1500);
  });

  it("frees every slot of a request's n choices, streamed or not, as soon as its client hangs up", async () => {
    for (const stream of [true, false]) {
      const client = new AbortController();
      const answer = chat("Hello", { stream, n: 3, temperature: 1, max_tokens: 1500 }, client.signal).catch(() => null);
      await eventually(async () => backend.runtime.kv.lengths.filter((n) => n > 0).length === 3, "the three choices decoding");
      const started = Math.max(...backend.runtime.kv.lengths);
      client.abort();
      await answer;
      await expectFreedSoonAfter(started, 1500);
    }
  });

  /**
   * Watches the slots fill until every one is freed: a sequence left to run holds its prompt and all `maxTokens`
   * before going, one cancelled goes a few decode steps after its client, however slowly this machine decodes.
   */
  async function expectFreedSoonAfter(lengthAtHangUp: number, maxTokens: number): Promise<void> {
    let longest = lengthAtHangUp;
    while (backend.runtime.kv.lengths.some((n) => n > 0)) {
      longest = Math.max(longest, ...backend.runtime.kv.lengths);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(longest).toBeLessThan(lengthAtHangUp + maxTokens / 2);
  }
});
