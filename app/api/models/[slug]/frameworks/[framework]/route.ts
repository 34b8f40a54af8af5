// GET /api/models/{slug}/frameworks/{framework}?format=md|csv: the model's framework view for an
// auditor, each control with its cells and their evidence state as it stands now.
import { z } from "zod";
import { namedEnum } from "@/lib/domain/named-enum";
import { contentDisposition } from "@/lib/releases/card-export";
import { getDb } from "@/lib/db/client";
import { FRAMEWORK_FORMATS, frameworkFile } from "@/lib/frameworks/framework-file";
import { badRequest, slugParams } from "../../../card-file-response";

const params = slugParams.extend({ framework: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/) });
const query = z.object({ format: namedEnum("the format", FRAMEWORK_FORMATS).default("md") });

export async function GET(request: Request, context: { params: Promise<{ slug: string; framework: string }> }) {
  const path = params.safeParse(await context.params);
  if (!path.success) return badRequest(path.error);
  const search = query.safeParse({ format: new URL(request.url).searchParams.get("format") ?? undefined });
  if (!search.success) return badRequest(search.error);
  const file = await frameworkFile(getDb(), path.data.slug, path.data.framework, search.data.format);
  if (!file) return Response.json({ error: "not found" }, { status: 404 });
  return new Response(file.body, {
    headers: { "content-type": file.contentType, "content-disposition": contentDisposition(file.filename), "cache-control": "no-store" },
  });
}
