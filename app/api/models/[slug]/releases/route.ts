// GET /api/models/{slug}/releases: the published releases, newest first, without their bodies.
import { getDb } from "@/lib/db/client";
import { listReleases } from "@/lib/releases/load-releases";
import { badRequest, slugParams } from "../../card-file-response";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const parsed = slugParams.safeParse(await params);
  if (!parsed.success) return badRequest(parsed.error);
  const releases = await listReleases(getDb(), parsed.data.slug);
  if (!releases) return Response.json({ error: "not found" }, { status: 404 });
  return Response.json(releases);
}
