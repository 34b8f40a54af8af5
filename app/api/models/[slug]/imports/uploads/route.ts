// POST /api/models/{slug}/imports/uploads  {fileName, size}: starts an upload of a result file to
// import (reviewers) of a model that exists; answers its id and the chunk size to send it in
// (lib/imports/upload-store.ts); 429 while three of the person's uploads are still arriving.
import { REFUSAL_STATUS } from "@/lib/commands/run-in-request";
import { getDb } from "@/lib/db/client";
import { apiActor } from "@/lib/http/api-actor";
import { readJsonBody } from "@/lib/http/body-limit";
import { startUpload } from "@/lib/imports/upload-store";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const body = await readJsonBody(request);
  if (!body.ok) return Response.json({ error: body.message }, { status: body.status });
  const started = await startUpload(getDb(), actor, slug, body.value);
  if (!started.ok) return Response.json(started, { status: REFUSAL_STATUS[started.kind] });
  return Response.json({ uploadId: started.upload.id, chunkBytes: started.chunkBytes }, { status: 201 });
}
