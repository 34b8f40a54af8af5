// GET /api/models/{slug}/releases/{version}/card.md (or card.json, card.cdx.json,
// card.eval_results.yaml): a published release exactly as it was frozen, 304 to an If-None-Match
// naming the file's sha256.
import { namedEnum } from "@/lib/domain/named-enum";
import { getDb } from "@/lib/db/client";
import { releaseFile } from "@/lib/releases/release-file";
import { badRequest, cardFileFormats, cardFileResponse, releaseParams } from "../../../../card-file-response";

const params = releaseParams.extend({ file: namedEnum("the release's file", Object.keys(cardFileFormats) as [string, ...string[]]) });

export async function GET(request: Request, context: { params: Promise<{ slug: string; version: string; file: string }> }) {
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) return badRequest(parsed.error);
  const { slug, version, file } = parsed.data;
  return cardFileResponse(await releaseFile(getDb(), slug, version, cardFileFormats[file]), request);
}
