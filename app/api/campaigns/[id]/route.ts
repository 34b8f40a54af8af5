// GET /api/campaigns/:id: the campaign as JSON (lib/campaigns/reads/campaign-record.ts), with the address of its live
// progress as server-sent events.
import { loadCampaignRecord } from "@/lib/campaigns/reads/campaign-record";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/domain/record-id";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = recordId("the campaign's id").safeParse((await params).id);
  if (!id.success) return Response.json({ error: id.error.issues[0].message }, { status: 400 });
  const record = await loadCampaignRecord(getDb(), id.data);
  if (!record) return Response.json({ error: `no campaign ${id.data}` }, { status: 404 });
  return Response.json({ ...record, events: `/api/campaigns/${record.campaignId}/events` });
}
