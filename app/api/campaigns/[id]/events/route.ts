// GET /api/campaigns/:id/events: the campaign's live progress as server-sent events.
import { z } from "zod";
import { progressEventStream } from "@/lib/campaigns/progress-stream";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = z.string().min(1).max(100).parse((await params).id);
  return new Response(progressEventStream(getDb(), id, request.signal), {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" },
  });
}
