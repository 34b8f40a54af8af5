// POST /api/campaigns: start a campaign from automation, with the same settings schema as the
// browser form and the CLI. Answers 201 with the campaign id, its number of runs and the cells asked for that no case
// tests, or the validation problem; its location is the campaign's JSON (GET /api/campaigns/:id).
import { createCampaign } from "@/lib/campaigns/start/create-campaign";
import { respondWithCommand } from "@/lib/commands/run-in-request";

export async function POST(request: Request) {
  return respondWithCommand(request, createCampaign, (body) => ({ ok: true, input: body }), {
    okStatus: 201,
    headers: (result) => ({ location: `/api/campaigns/${result.campaignId}` }),
  });
}
