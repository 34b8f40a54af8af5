import { describe, expect, it } from "vitest";
import { ServerSentEvents } from "@/engine/server-sent-events";
import { timeGrowth } from "../support/time-growth";

const stream = [
  'data: {"a":1}\n\n',
  ": keep-alive\n\n",
  'data: {"b":2}\r\n\r\n',
  "event: ping\n\n",
  "data: first line\ndata:second line\n\n",
  "data: [DONE]\n\n",
].join("");
const wholeEvents = ['{"a":1}', '{"b":2}', "first line\nsecond line", "[DONE]"];

/** The events of `text` sent in pieces of `size` characters. */
function eventsInPieces(text: string, size: number): { events: string[]; held: string } {
  const reader = new ServerSentEvents();
  const events: string[] = [];
  for (let at = 0; at < text.length; at += size) events.push(...reader.push(text.slice(at, at + size)));
  return { events, held: reader.held() };
}

describe("server-sent events read as a stream's text arrives", () => {
  it("gives each event's data lines, joined, and skips comments and events without data, however the text is cut", () => {
    for (let size = 1; size <= stream.length; size++) expect(eventsInPieces(stream, size), `pieces of ${size}`).toEqual({ events: wholeEvents, held: "" });
  });

  it("holds what follows the last blank line, all of a body that was no stream", () => {
    expect(eventsInPieces(`${stream}data: cut`, 7)).toEqual({ events: wholeEvents, held: "data: cut" });
    expect(eventsInPieces('{"error":"no stream"}', 5)).toEqual({ events: [], held: '{"error":"no stream"}' });
  });

  it("reads an event that never ends in time proportional to it: each piece searched all that was held for a blank line (16 MB in pieces of 16 KB took 9.5 s of the worker's thread)", () => {
    const never = (length: number) => `data: ${"a".repeat(length)}`;
    const { growth, bound } = timeGrowth((text) => eventsInPieces(text, 4_096), never(262_144), never(2_097_152));
    expect(growth).toBeLessThan(bound);
  });
});
