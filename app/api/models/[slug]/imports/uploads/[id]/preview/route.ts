// POST /api/models/{slug}/imports/uploads/{id}/preview  {uses?, modelRevision?, uploadId? (the
// URL's id, if given)}: what importing upload {id} would add, cell by cell, and what it would leave
// out; writes nothing. 429 while two of the person's previews or imports are reading (lib/imports/import-upload.ts).
// Streams {progress: results read} lines, then {done: outcome} (lib/http/ndjson-response.ts).
import { getDb } from "@/lib/db/client";
import { ndjsonResponse } from "@/lib/http/ndjson-response";
import { previewUpload, readUploadRequest } from "@/lib/imports/import-upload";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const read = await readUploadRequest(request, slug, id);
  if (read instanceof Response) return read;
  return ndjsonResponse<number>((report) => previewUpload(getDb(), slug, read.upload, read.input, { onProgress: report }).finally(read.finished));
}
