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
