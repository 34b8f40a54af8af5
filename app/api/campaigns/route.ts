// POST /api/campaigns: start a campaign from automation, with the same settings schema as the
// browser form and the CLI. Answers 201 with the campaign id, or the validation problem.
import { createCampaign } from "@/lib/campaigns/start/create-campaign";
import { respondWithCommand } from "@/lib/commands/run-in-request";

export async function POST(request: Request) {
  return respondWithCommand(request, createCampaign, (body) => ({ ok: true, input: body }), {
    okStatus: 201,
    headers: (result) => ({ location: `/api/campaigns/${result.campaignId}/events` }),
  });
}
