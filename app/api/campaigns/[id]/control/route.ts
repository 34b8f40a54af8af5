// POST /api/campaigns/:id/control {action: "pause" | "resume" | "cancel" | "retry"}: what the campaign page's buttons do,
// for an automation that started the campaign (a CI job cancelled half-way cancels it). Answers 200 with the status the
// campaign is left in, or the refusal: 409 for an action its status does not allow.
import { respondWithCommand } from "@/lib/commands/run-in-request";
import { campaignControlSchema, controlCampaign } from "@/lib/campaigns/start/control-campaign";

/** The campaign is the path's: a body naming one too is refused, not overruled. */
const bodySchema = campaignControlSchema.omit({ campaignId: true }).strict();

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return respondWithCommand(request, controlCampaign, (body) => {
    const fields = bodySchema.safeParse(body);
    return fields.success
      ? { ok: true, input: { campaignId: id, ...fields.data } }
      : { ok: false, message: `expected {action}: ${fields.error.issues.map((issue) => issue.message).join("; ")}` };
  });
}
