// The largest request body Riskledger reads. Cell edits, campaign settings and user changes are a
// few kilobytes; a megabyte leaves room and refuses floods. Server actions have the same limit
// (next.config.js, serverActions.bodySizeLimit).
export const MAX_BODY_BYTES = 1024 * 1024;

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

/** Reads a JSON body, stopping as soon as it passes `limit` bytes, whatever Content-Length says. */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<JsonBody> {
  if (!request.body) return { ok: false, status: 400, message: "a JSON body is required" };
  const bytes = await readBytesBody(request, limit);
  if (!bytes.ok) return bytes;
  let text: string;
  try {
    // Fatal: a lenient decoder stores each byte it cannot read as U+FFFD, so "café" sent in
    // Latin-1 (Windows PowerShell 5's default for a string body) would be saved as "caf\uFFFD".
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.value);
  } catch {
    return { ok: false, status: 400, message: "the body is not valid UTF-8: send the JSON encoded as UTF-8" };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, message: "the body is not valid JSON" };
  }
}

export type BytesBody = { ok: true; value: Uint8Array } | { ok: false; status: 400 | 413; message: string };

/** Reads a body's bytes (a chunk of an uploaded file), with the same bound as readJsonBody. */
export async function readBytesBody(request: Request, limit = MAX_BODY_BYTES): Promise<BytesBody> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) return tooLarge(limit);
  if (!request.body) return { ok: false, status: 400, message: "a body is required" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return tooLarge(limit);
    }
    chunks.push(value);
  }
  return { ok: true, value: Buffer.concat(chunks) };
}

function tooLarge(limit: number): { ok: false; status: 413; message: string } {
  return { ok: false, status: 413, message: `the body is larger than ${limit} bytes` };
}
