// PUT /api/models/{slug}/checkpoint-path  {checkpointPath}: admins point the model at a checkpoint
// folder under the model roots (lib/models/model-path.ts refuses anything else).
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { apiActor, statusOf } from "@/lib/http/api-actor";
import { readJsonBody } from "@/lib/http/body-limit";
import { setCheckpointPath } from "@/lib/models/set-checkpoint-path";

const bodySchema = z.object({ checkpointPath: z.unknown() }).strict();

export async function PUT(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const body = await readJsonBody(request);
  if (!body.ok) return Response.json({ error: body.message }, { status: body.status });
  const fields = bodySchema.safeParse(body.value);
  if (!fields.success) return Response.json({ error: "expected {checkpointPath}" }, { status: 400 });
  const result = await setCheckpointPath(getDb(), actor, { slug: (await params).slug, ...fields.data });
  if (result.ok) return Response.json(result);
  return Response.json(result, { status: statusOf[result.kind] });
}
