// The span server facing clients that misbehave: one that stalls half-way through its body must not
// hold up the others, and a step naming a slot, a token or a batch the span does not have is
// refused with a 400 that names the field and its range, leaving the KV cache as it was.
import { once } from "node:events";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Runtime } from "../../engine/runtime";
import type { RunningServer } from "../../engine/server";
import { encodeFloats, startSpanServer } from "../../engine/span-server";
import { tinyModelDir } from "./engine-server-helpers";

describe("the span server with clients that stall or ask for what it does not have", () => {
  let model: ReturnType<typeof tinyModelDir>;
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    model = tinyModelDir();
    runtime = await Runtime.load(model.dir, { blocks: "0:2", maxBatch: 2, maxSequenceLength: 64, threads: 1 });
    server = await startSpanServer(runtime, { bodyTimeoutMs: 1000 });
  });
  afterAll(async () => {
    await server?.close();
    await runtime?.close();
    model?.remove();
  });

  const step = (body: unknown) => fetch(`${server.url}/v1/span/step`, { method: "POST", body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });

  it("answers another client's step while one stalls half-way through its body, and drops the stalled one", async () => {
    const stalled = connect(server.port, "127.0.0.1");
    await once(stalled, "connect");
    let reply = "";
    stalled.on("data", (data) => (reply += data));
    const closed = once(stalled, "close");
    stalled.write("POST /v1/span/step HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
    await new Promise((resolve) => setTimeout(resolve, 100));

    const response = await step({ releases: [], slot: 0, input: [1, 450] });
    expect(response.status).toBe(200);
    expect((await response.json()).output).toEqual(expect.any(String));
    expect(Array.from(runtime.kv.lengths)).toEqual([2, 0]);

    await closed;
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(reply).toContain("no part of the request body came for 1000 ms");
    runtime.release(0, 1);
  });

  it("refuses a slot, token id, release or batch out of range with a 400 naming the field and the range", async () => {
    const h = runtime.config.hiddenSize;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ releases: [], slot: 500, input: [1] }, "slot must be a slot of this span, 0 to 1, got 500"],
      [{ releases: [], slot: 0, input: [1, 32000] }, "input[1] must be a token id, 0 to 31999, got 32000"],
      [{ releases: [], slot: 0, input: [] }, "input must hold at least one token id"],
      [{ releases: [[500, 1]], slot: 0, input: [1] }, "releases[0] must be [slot, active] with slot < active <= 2, got [500,1]"],
      [{ releases: [], input: [1, 2, 3] }, "a decode takes one token for each of slots 0..n-1, at most 2, got 3"],
      [{ releases: [], slot: 0, input: Array(65).fill(1) }, "slot 0 holds 0 tokens: 65 more would exceed the maximum sequence length 64"],
      [{ releases: [], slot: 0, input: encodeFloats(new Float32Array(h)) }, "blocks 0:2 take token_ids, not hidden_states"],
    ];
    for (const [body, message] of cases) {
      const response = await step(body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect((await response.json()).error.message).toBe(message);
    }
    expect(Array.from(runtime.kv.lengths)).toEqual([0, 0]);
  });
  it("refuses hidden states that are not base64 with a 400 saying so, and counts the bytes they decode to", async () => {
    const back = await Runtime.load(model.dir, { blocks: "2:4", maxBatch: 2, maxSequenceLength: 64, threads: 1 });
    const backServer = await startSpanServer(back);
    try {
      const h = back.config.hiddenSize;
      const hiddenStep = (input: string) =>
        fetch(`${backServer.url}/v1/span/step`, { method: "POST", body: JSON.stringify({ releases: [], slot: 0, input }), signal: AbortSignal.timeout(5000) });
      const twoRows = encodeFloats(new Float32Array(2 * h).fill(0.01));
      const cases: Array<[string, string]> = [
        // Characters outside base64, which Node's decoder skips: 2 rows' length of text, fewer bytes.
        [twoRows.replace(/A/g, "!"), `input must be hidden states as base64 (A-Z, a-z, 0-9, +, / and = padding), got "!" at ${twoRows.indexOf("A")}`],
        [twoRows.slice(0, -8), `input must be hidden states in rows of ${h} float32 values (${4 * h} bytes, as base64), got ${2 * 4 * h - 4} bytes`],
      ];
      for (const [input, message] of cases) {
        const response = await hiddenStep(input);
        expect(response.status, input.slice(0, 40)).toBe(400);
        expect((await response.json()).error.message).toBe(message);
      }
      expect(Array.from(back.kv.lengths)).toEqual([0, 0]);
    } finally {
      await backServer.close();
      await back.close();
    }
  });
});
