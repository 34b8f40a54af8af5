// GET /api/campaigns/:id/events: the campaign's live progress as server-sent events.
import { sessionActor } from "@/lib/auth/current-actor";
import { progressEventStream } from "@/lib/campaigns/reads/progress-stream";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/domain/record-id";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = recordId("the campaign's id").safeParse((await params).id);
  if (!id.success) return Response.json({ error: id.error.issues[0].message }, { status: 400 });
  const stillSignedIn = async () => (await sessionActor(request.headers)) !== null;
  const stream = await progressEventStream(getDb(), id.data, request.signal, stillSignedIn);
  if (!stream) return Response.json({ error: `no campaign ${id.data}` }, { status: 404 });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" },
  });
}
