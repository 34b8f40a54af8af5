// The HTTP side of a card download, shared by the live card's and the releases' routes: parse the
// path with zod, answer 404 for an unknown model or release, else the file as an attachment; a
// release's file by its sha256 as entity tag, and 304 to a client that already holds it.
import { z } from "zod";
import { modelFactsSchema } from "@/lib/card/schema";
import { ifNoneMatchNames, strongEtag } from "@/lib/http/conditional-get";
import { type CardFile, contentDisposition } from "@/lib/releases/card-export";
import type { CardFormat } from "@/lib/releases/card-formats";
import { releaseVersionParam } from "@/lib/releases/load-releases";
import { DERIVED_AT_DOWNLOAD, type ReleaseFile, STORED_AT_PUBLICATION } from "@/lib/releases/release-file";

export const slugParams = z.object({ slug: modelFactsSchema.shape.slug });
export const releaseParams = slugParams.extend({ version: releaseVersionParam });

/** The file names a release's route answers to, and the format each one is. */
export const cardFileFormats: Record<string, CardFormat> = { "card.md": "md", "card.json": "json", "card.cdx.json": "cdx", "card.eval_results.yaml": "eval" };

/** Says of a release's file whether it is the bytes stored at publication or derived at download. */
const RELEASE_FILE_ORIGIN_HEADER = "riskledger-file-origin";

/**
 * How long a copy of a release's file may be used. Every download needs a session, so no shared
 * cache keeps one. A stored file never changes: kept for a year without asking. A derived one
 * changes with the code and the app's address that derive it: kept, but asked about on every use.
 */
const RELEASE_FILE_CACHING: Record<ReleaseFile["origin"], string> = {
  [STORED_AT_PUBLICATION]: "private, max-age=31536000, immutable",
  [DERIVED_AT_DOWNLOAD]: "private, no-cache",
};

/** The live card's files change with every edit and are never kept. `request`: a release's, whose If-None-Match is answered. */
export function cardFileResponse(file: CardFile | ReleaseFile | null, request?: Request): Response {
  if (!file) return Response.json({ error: "not found" }, { status: 404 });
  if (!("origin" in file)) return new Response(file.body, { headers: { ...attachmentHeaders(file), "cache-control": "no-store" } });
  const etag = strongEtag(file.sha256);
  const caching = { etag, "cache-control": RELEASE_FILE_CACHING[file.origin], [RELEASE_FILE_ORIGIN_HEADER]: file.origin };
  if (ifNoneMatchNames(request?.headers.get("if-none-match") ?? null, etag)) return new Response(null, { status: 304, headers: caching });
  return new Response(file.body, { headers: { ...attachmentHeaders(file), ...caching } });
}

function attachmentHeaders(file: CardFile): Record<string, string> {
  return { "content-type": file.contentType, "content-disposition": contentDisposition(file.filename) };
}

/** Each issue names the part of the path it is about ("version: …"): zod's message alone does not. */
export function badRequest(error: z.ZodError): Response {
  const issues = error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
  return Response.json({ error: "bad request", issues }, { status: 400 });
}
