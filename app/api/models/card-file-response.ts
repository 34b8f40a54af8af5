// The HTTP side of a card download, shared by the live card's and the releases' routes: parse the
// path with zod, answer 404 for an unknown model or release, else the file as an attachment.
import { z } from "zod";
import { modelFactsSchema } from "@/lib/card/schema";
import { type CardFile, type CardFormat, contentDisposition } from "@/lib/releases/card-export";
import { releaseVersionParam } from "@/lib/releases/load-releases";

export const slugParams = z.object({ slug: modelFactsSchema.shape.slug });
export const releaseParams = slugParams.extend({ version: releaseVersionParam });

/** The file names a release's route answers to, and the format each one is. */
export const cardFileFormats: Record<string, CardFormat> = { "card.md": "md", "card.json": "json", "card.cdx.json": "cdx", "card.eval_results.yaml": "eval" };

/** Says of a release's file whether it is the bytes stored at publication or derived at download. */
const RELEASE_FILE_ORIGIN_HEADER = "riskledger-file-origin";

/** A release's file carries its `origin`; the live card's have none. */
export function cardFileResponse(file: (CardFile & { origin?: string }) | null): Response {
  if (!file) return Response.json({ error: "not found" }, { status: 404 });
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": contentDisposition(file.filename),
      "cache-control": "no-store",
      ...(file.origin ? { [RELEASE_FILE_ORIGIN_HEADER]: file.origin } : {}),
    },
  });
}

/** Each issue names the part of the path it is about ("version: …"): zod's message alone does not. */
export function badRequest(error: z.ZodError): Response {
  const issues = error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
  return Response.json({ error: "bad request", issues }, { status: 400 });
}
