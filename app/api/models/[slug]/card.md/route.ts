// GET /api/models/{slug}/card.md: the live card, rendered now from the stored data and evidence.
import { getDb } from "@/lib/db/client";
import { liveCardFile } from "@/lib/releases/card-export";
import { badRequest, cardFileResponse, slugParams } from "../../card-file-response";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const parsed = slugParams.safeParse(await params);
  if (!parsed.success) return badRequest(parsed.error);
  return cardFileResponse(await liveCardFile(getDb(), parsed.data.slug, "md"));
}
