// Server actions: Next reads and decodes their bodies itself, before any code of ours runs, so a
// crafted body would fail inside Next with a 500. The proxy checks them first: the body is read
// (a copy) up to MAX_BODY_BYTES while it streams, whatever Content-Length says, and its JSON's
// nesting is measured without recursion. A body at the limit is refused rather than cut: Next
// hands the proxy at most that many bytes, and a cut body is no longer JSON.
import { MAX_BODY_BYTES } from "./body-limit";

/** Deeper than any action's arguments (a cell edit is 4 levels); far below what overflows a decoder's stack. */
export const MAX_JSON_DEPTH = 64;

export type ActionBodyRefusal = { status: 400 | 413; message: string };

export async function refuseMalformedActionBody(request: Request, limit = MAX_BODY_BYTES): Promise<ActionBodyRefusal | null> {
  if (request.method !== "POST" || !request.headers.has("next-action") || !request.body) return null;
  const body = await readUpTo(request.clone(), limit);
  if (!body) return { status: 413, message: `the body is larger than ${limit} bytes` };
  const type = request.headers.get("content-type") ?? "";
  // A form action sends its arguments as multipart fields, each field JSON or text.
  const texts = type.startsWith("multipart/form-data") ? await formTexts(body, type) : [new TextDecoder().decode(body)];
  if (texts === null) return { status: 400, message: "the form body is malformed" };
  if (texts.some((text) => jsonDepthExceeds(text, MAX_JSON_DEPTH))) {
    return { status: 400, message: `the request's JSON is nested more than ${MAX_JSON_DEPTH} deep` };
  }
  return null;
}

/** The body's bytes, or null once it reaches `limit`. */
async function readUpTo(request: Request, limit: number): Promise<Buffer | null> {
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size >= limit) {
      // Not awaited: a copy's cancel settles only once the original is cancelled too, which the refusal does.
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function formTexts(body: Buffer, type: string): Promise<string[] | null> {
  try {
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
    return [...form.values()].filter((value): value is string => typeof value === "string");
  } catch {
    return null;
  }
}

/** True when brackets outside JSON strings nest deeper than `max`; one pass, no recursion. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
