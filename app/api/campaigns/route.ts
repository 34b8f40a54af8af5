// POST /api/campaigns: start a campaign from automation, with the same settings schema as the
// browser form and the CLI. Answers 201 with the campaign id, or the validation problem.
import { currentActor } from "@/lib/auth/current-actor";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { getDb } from "@/lib/db/client";

const statusFor = { invalid: 400, empty: 422, forbidden: 403, not_found: 404 } as const;

export async function POST(request: Request) {
  const body = await request.json().catch(() => null);
  const result = await createCampaign(getDb(), await currentActor(), body);
  if (!result.ok) return Response.json(result, { status: statusFor[result.kind] });
  return Response.json(result, { status: 201, headers: { location: `/api/campaigns/${result.campaignId}/events` } });
}
