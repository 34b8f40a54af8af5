// PUT /api/models/{slug}/imports/uploads/{id}?offset=N  (the chunk's bytes): appends one chunk of
// an upload at the offset where it ends now; answers how many bytes have arrived.
import { z } from "zod";
import { REFUSAL_STATUS } from "@/lib/commands/run-in-request";
import { apiActor } from "@/lib/http/api-actor";
import { readBytesBody } from "@/lib/http/body-limit";
import { appendChunk } from "@/lib/imports/upload-store";

// Digits only: Number() reads a missing or empty offset as 0, and "0x10" or "1e3" as other bytes.
const offsetSchema = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().max(Number.MAX_SAFE_INTEGER));

export async function PUT(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const offset = offsetSchema.safeParse(new URL(request.url).searchParams.get("offset"));
  if (!offset.success)
    return Response.json({ error: "offset: the byte the chunk starts at, as a whole number (?offset=0 for the first chunk)" }, { status: 400 });
  const body = await readBytesBody(request);
  if (!body.ok) return Response.json({ error: body.message }, { status: body.status });
  const appended = await appendChunk(actor, slug, id, offset.data, body.value);
  if (!appended.ok) return Response.json(appended, { status: REFUSAL_STATUS[appended.kind] });
  return Response.json(appended);
}
