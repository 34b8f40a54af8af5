// PUT /api/models/{slug}/checkpoint-path  {checkpointPath}: admins point the model at a checkpoint
// folder under the model roots (lib/models/model-path.ts refuses anything else).
import { z } from "zod";
import { respondWithCommand } from "@/lib/commands/run-in-request";
import { setCheckpointPath } from "@/lib/models/set-checkpoint-path";

const bodySchema = z.object({ checkpointPath: z.unknown() }).strict();

export async function PUT(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return respondWithCommand(request, setCheckpointPath, (body) => {
    const fields = bodySchema.safeParse(body);
    return fields.success ? { ok: true, input: { slug, ...fields.data } } : { ok: false, message: "expected {checkpointPath}" };
  });
}
