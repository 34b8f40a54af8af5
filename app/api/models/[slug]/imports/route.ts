// POST /api/models/{slug}/imports  {uploadId, uses?, modelRevision?}: imports an uploaded result
// file through the evidence.import command (reviewers). Streams {progress: results stored} lines,
// then {done: outcome}; the status says only that the request was accepted (429 while two of the
// person's previews or imports are reading).
import { getDb } from "@/lib/db/client";
import { ndjsonResponse } from "@/lib/http/ndjson-response";
import { importUpload, readUploadRequest } from "@/lib/imports/import-upload";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const read = await readUploadRequest(request, slug);
  if (read instanceof Response) return read;
  return ndjsonResponse<number>((report) => importUpload(getDb(), read.actor, slug, read.upload, read.input, { onProgress: report }).finally(read.finished));
}
