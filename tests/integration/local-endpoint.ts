// An OpenAI-compatible endpoint written for a test: a real HTTP server on 127.0.0.1 whose answers
// the test's subclass decides. listen() gives the base URL the backend is pointed at.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export abstract class LocalEndpoint {
  private readonly server = createServer((req, res) => void this.handle(req, res));

  /** On `port`, or a free one; after close() it may listen again, as a restarted server would. */
  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<unknown>;
}

/**
 * Answers a chat completion with `content`, streamed as an OpenAI server streams it: one chunk with the text, one
 * that stops, then [DONE]. With `model`, each chunk names the model that answered, as vLLM's do.
 */
export function streamAnswer(res: ServerResponse, content: string, model?: string): void {
  const named = model === undefined ? {} : { model };
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(`data: ${JSON.stringify({ ...named, choices: [{ index: 0, delta: { content } }] })}\n\n`);
  res.write(`data: ${JSON.stringify({ ...named, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
  res.end("data: [DONE]\n\n");
}

/** Answers every completion with the one text it was made with, counting them; has no /v1/models unless given the model it lists. */
export class AnsweringEndpoint extends LocalEndpoint {
  completions = 0;

  constructor(
    private readonly answer = "I cannot help with that.",
    private readonly listed: { id: string; root: string } | null = null,
  ) {
    super();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET" && this.listed) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: [{ ...this.listed, object: "model" }] }));
    }
    if (req.method === "GET") return res.writeHead(404).end();
    this.completions++;
    await this.beforeAnswering();
    streamAnswer(res, this.answer);
  }

  /** Waited for once a completion is counted, before it is answered: nothing here; a test's subclass may hold answers back. */
  protected async beforeAnswering(): Promise<void> {}
}

/** A commit of a Hugging Face repository, and the snapshot folder vLLM serves it from (its /v1/models root). */
export const SNAPSHOT_COMMIT = "3f5a6c1e9b0d4a7f8e2c6b1d0a9f8e7d6c5b4a39";
export const SNAPSHOT_ROOT = `/root/.cache/huggingface/hub/models--stabilityai--StableBeluga2/snapshots/${SNAPSHOT_COMMIT}`;

/** vLLM serving SNAPSHOT_ROOT as "beluga" (max_model_len 4096), answering every completion with a refusal, counted. */
export class SnapshotEndpoint extends LocalEndpoint {
  completions = 0;
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: [{ id: "beluga", object: "model", root: SNAPSHOT_ROOT, max_model_len: 4096 }] }));
    }
    this.completions++;
    streamAnswer(res, "I cannot help with that.");
  }
}
