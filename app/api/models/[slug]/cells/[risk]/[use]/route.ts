// GET /api/models/{slug}/cells/{risk}/{use}: the cell as the editor sees it (with its version), and
// beside it, never in it, the base model's evidence on the cell while it has none of its own
// (`inherited`, marked "inherited, not re-tested"; null otherwise).
// PATCH  {expectedVersion, changes}: one cell edit through updateCell. 200 with the cell, 409
// with the current cell when someone else saved first.
import { z } from "zod";
import { riskCode, useCode } from "@/lib/card/schema";
import { updateCell } from "@/lib/cells/update-cell";
import { loadCell } from "@/lib/cells/load-cell";
import { getDb } from "@/lib/db/client";
import { loadInheritedCellEvidence } from "@/lib/inheritance/load-inheritance";
import { respondWithCommand } from "@/lib/commands/run-in-request";
import { apiActor } from "@/lib/http/api-actor";
import { slugParams } from "../../../../card-file-response";

const paramsSchema = slugParams.extend({ risk: riskCode, use: useCode });
const bodySchema = z.object({ expectedVersion: z.unknown(), changes: z.unknown() }).strict();

type Params = { params: Promise<{ slug: string; risk: string; use: string }> };

export async function GET(_request: Request, { params }: Params) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const path = paramsSchema.safeParse(await params);
  if (!path.success) return Response.json({ error: "not found" }, { status: 404 });
  const { slug, risk, use } = path.data;
  const cell = await loadCell(getDb(), { modelSlug: slug, risk, use });
  if (!cell) return Response.json({ error: "not found" }, { status: 404 });
  return Response.json({ cell, inherited: await loadInheritedCellEvidence(getDb(), slug, risk, use) });
}

export async function PATCH(request: Request, { params }: Params) {
  const path = paramsSchema.safeParse(await params);
  if (!path.success) return Response.json({ error: "not found" }, { status: 404 });
  const { slug: modelSlug, risk, use } = path.data;
  return respondWithCommand(
    request,
    updateCell,
    (body) => {
      const fields = bodySchema.safeParse(body);
      return fields.success
        ? { ok: true, input: { ref: { modelSlug, risk, use }, ...fields.data } }
        : { ok: false, message: `expected {expectedVersion, changes}: ${fields.error.issues.map((issue) => issue.message).join("; ")}` };
    },
    { toBody: (result) => ({ cell: result.cell }) },
  );
}
