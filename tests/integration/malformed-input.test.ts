// Crafted input gets a 4xx with a message, never a 500: the handlers are called as Next calls
// them, with real Request objects (a streamed body has no Content-Length, as a chunked upload).
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, test } from "vitest";
import { GET as campaignEvents } from "../../app/api/campaigns/[id]/events/route";
import { MAX_BODY_BYTES } from "../../lib/http/body-limit";
import { proxy } from "../../proxy";
import { freshDatabase } from "../support/fresh-database";

beforeAll(() => {
  // The proxy looks up the session after its guards: give it a database with no sessions.
  process.env.DATABASE_URL = freshDatabase().url;
});

const site = "http://127.0.0.1:3946";

function actionRequest(body: BodyInit, headers: Record<string, string> = {}) {
  // duplex: a streamed body (Node's fetch needs it; the DOM RequestInit type does not know it).
  const init = {
    method: "POST",
    headers: { "next-action": "7f0c2a9e4b", "content-type": "text/plain;charset=UTF-8", origin: site, host: "127.0.0.1:3946", ...headers },
    body,
    duplex: "half",
  };
  return new NextRequest(`${site}/models/stable-beluga-2/matrix`, init as ConstructorParameters<typeof NextRequest>[1]);
}

/** `bytes` of JSON in 64 KiB chunks, with no Content-Length. */
function chunkedJson(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(`["${"x".repeat(64 * 1024 - 4)}",`);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

describe("malformed input answers 4xx, never 500", () => {
  test.each([
    ["a page's path", "/models/stable-beluga-2/campaigns/c%00x"],
    ["a page's search", "/models/compare?a=stable-beluga-2&b=x%00"],
    ["an API path", "/api/models/stable-beluga-2%00/card.json"],
  ])("a NUL character in %s, which PostgreSQL refuses in a query (a 500), is refused with 400 before any page or route reads it", async (_where, address) => {
    const response = await proxy(new NextRequest(`${site}${address}`, { headers: { host: "127.0.0.1:3946" } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "the address holds a NUL character (%00), which names nothing here" });
  });

  test("a 101-character campaign id in the events route is refused with 400 and a message", async () => {
    const id = "c".repeat(101);
    const response = await campaignEvents(new Request(`${site}/api/campaigns/${id}/events`), { params: Promise.resolve({ id }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "the campaign's id is limited to 100 characters" });
  });

  test("an unknown campaign id in the events route answers 404 naming it, not an empty stream", async () => {
    const response = await campaignEvents(new Request(`${site}/api/campaigns/nonexistent/events`), { params: Promise.resolve({ id: "nonexistent" }) });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "no campaign nonexistent" });
  });

  test("a server action whose JSON argument is nested 100,000 deep is refused with 400 before Next parses it", async () => {
    const deep = `[${"[".repeat(100_000)}${"]".repeat(100_000)}]`;
    const response = await proxy(actionRequest(deep));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "the request's JSON is nested more than 64 deep" });
  });

  test("a server action sent as a form whose field holds deeply nested JSON is refused with 400", async () => {
    const form = new FormData();
    form.set("1_$ACTION_ID_7f0c2a9e4b", "");
    form.set("0", `[${'{"a":'.repeat(5000)}1${"}".repeat(5000)}]`);
    const response = await proxy(actionRequest(form, { "content-type": "" }));
    expect(response.status).toBe(400);
  });

  test("a chunked server-action body over 1 MB is refused with 413, not cut and parsed", async () => {
    const response = await proxy(actionRequest(chunkedJson(1_200_000)));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "the body is larger than 1048576 bytes" });
  });

  test("Next hands the proxy more than the body limit, so a body over it reaches the guard over it, not cut to look whole", async () => {
    const configFile: string = "../../next.config.js";
    const { default: nextConfig } = (await import(configFile)) as { default: { experimental: { proxyClientMaxBodySize: string } } };
    const buffered = nextConfig.experimental.proxyClientMaxBodySize;
    expect(buffered).toMatch(/^\d+mb$/);
    expect(Number.parseInt(buffered, 10) * 1024 * 1024).toBeGreaterThan(MAX_BODY_BYTES);
  });

  test("an ordinary server action passes the guard, and text that merely holds brackets in a string is not counted as nesting", async () => {
    const args = JSON.stringify([{ rationale: "[".repeat(500), expectedVersion: 3 }]);
    const response = await proxy(actionRequest(args, { cookie: "" }));
    // Past the guard, the next check is the session: no cookie here, so the sign-in redirect.
    expect(response.status).toBe(303);
  });
});
