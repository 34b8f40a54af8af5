// POST /api/models/{slug}/imports/uploads/{id}/preview  {uploadId, uses?, modelRevision?}: what
// importing the uploaded file would add, cell by cell, and what it would leave out; writes nothing.
// Streams {progress: results read} lines, then {done: outcome} (lib/http/ndjson-response.ts).
import { getDb } from "@/lib/db/client";
import { ndjsonResponse } from "@/lib/http/ndjson-response";
import { previewUpload, readUploadRequest } from "@/lib/imports/import-upload";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const read = await readUploadRequest(request, slug);
  if (read instanceof Response) return read;
  return ndjsonResponse<number>((report) => previewUpload(getDb(), slug, read.upload, read.input, { onProgress: report }));
}
