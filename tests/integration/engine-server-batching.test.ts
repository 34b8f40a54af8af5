// The server over the local engine in this process, where the engine's KV cache can be watched:
// concurrent HTTP requests must share decode steps, and a client that leaves must free its slot.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBackend } from "../../engine/local-backend";
import { startServer, type RunningServer } from "../../engine/server";
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
    const leftAt = performance.now();
    while (backend.runtime.kv.lengths.some((n) => n > 0)) await new Promise((r) => setTimeout(r, 5));
    // 1500 tokens would keep the slot for seconds; hanging up frees it within a few decode steps.
    expect(performance.now() - leftAt).toBeLessThan(1000);
  });
});
