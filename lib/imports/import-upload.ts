// The browser's import: an uploaded file (upload-store.ts) previewed, then imported through the
// evidence.import command, both reporting how many results they have read as they go. The file is
// discarded once imported (or found already imported); a refused import keeps it, so the person
// can read the message and choose other uses or a revision without sending it again.
//
// Reading a file (up to 4 GB) takes a process's time and memory for minutes, so one person may have
// at most MAX_UPLOAD_READS_AT_ONCE previews and imports reading at once in a web process; another is
// refused (429) before it starts.
import type { z } from "zod";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/types";
import { REFUSAL_STATUS } from "../commands/run-in-request";
import { apiActor } from "../http/api-actor";
import { readJsonBody } from "../http/body-limit";
import { importExternalResults, importExternalResultsSchema, previewExternalImport, type ImportProgress, type PreviewOutcome } from "./import-external-results";
import { completeUpload, discardUpload, uploadIdSchema, type Upload } from "./upload-store";

/**
 * What the browser chooses beside the file: the same fields as the CLI's, the file named by its
 * upload, in the body or, for the preview, in the URL (where the body may repeat it, the same).
 */
export const importUploadSchema = importExternalResultsSchema
  .pick({ uses: true, modelRevision: true, keepReadable: true })
  .extend({ uploadId: uploadIdSchema })
  .strict();
export type ImportUploadInput = z.input<typeof importUploadSchema>;

type Parsed = { ok: true; input: z.output<typeof importUploadSchema> } | { ok: false; kind: "invalid"; message: string };

/** The body of a request about the upload `urlId` names, when the URL names one. */
export function parseImportUpload(body: unknown, urlId?: string): Parsed {
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  const named = urlId !== undefined && isObject ? { uploadId: urlId, ...body } : body;
  const parsed = importUploadSchema.safeParse(named);
  if (!parsed.success)
    return { ok: false, kind: "invalid", message: parsed.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ") };
  if (urlId !== undefined && parsed.data.uploadId !== urlId)
    return { ok: false, kind: "invalid", message: `uploadId: ${parsed.data.uploadId} is not the upload of this URL (${urlId})` };
  return { ok: true, input: parsed.data };
}

export async function previewUpload(
  db: Db,
  modelSlug: string,
  upload: Upload,
  input: z.output<typeof importUploadSchema>,
  progress: ImportProgress = {},
): Promise<PreviewOutcome> {
  return previewExternalImport(
    db,
    { modelSlug, path: upload.path, fileName: upload.fileName, uses: input.uses, modelRevision: input.modelRevision, keepReadable: input.keepReadable },
    progress,
  );
}

export async function importUpload(
  db: Db,
  actor: Actor,
  modelSlug: string,
  upload: Upload,
  input: z.output<typeof importUploadSchema>,
  progress: ImportProgress = {},
) {
  const outcome = await importExternalResults(
    db,
    actor,
    { modelSlug, path: upload.path, fileName: upload.fileName, uses: input.uses, modelRevision: input.modelRevision, keepReadable: input.keepReadable },
    progress,
  );
  if (outcome.ok) await discardUpload(upload);
  return outcome;
}

export const MAX_UPLOAD_READS_AT_ONCE = 2;
/** Previews and imports reading now in this process, by person. */
const readsInProgress = new Map<string, number>();

/**
 * The preamble of the preview and import requests, answered before any progress is streamed: the
 * signed-in person, the body, and their own upload of this model (the one the URL names, if it
 * names one), received whole, with one of the person's reading places taken; `finished` gives it back.
 */
export async function readUploadRequest(
  request: Request,
  modelSlug: string,
  urlId?: string,
): Promise<{ actor: Actor; upload: Upload; input: z.output<typeof importUploadSchema>; finished: () => void } | Response> {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const body = await readJsonBody(request);
  if (!body.ok) return Response.json({ error: body.message }, { status: body.status });
  const parsed = parseImportUpload(body.value, urlId);
  if (!parsed.ok) return Response.json(parsed, { status: 400 });
  const found = await completeUpload(actor, modelSlug, parsed.input.uploadId);
  if (!found.ok) return Response.json(found, { status: REFUSAL_STATUS[found.kind] });
  const person = actor.id ?? "no id";
  const reading = readsInProgress.get(person) ?? 0;
  if (reading >= MAX_UPLOAD_READS_AT_ONCE)
    return Response.json(
      {
        ok: false,
        kind: "too_many",
        message: `${reading} previews or imports of yours are being read already, the most at once: ask again for ${found.upload.fileName} when one is done`,
      },
      { status: REFUSAL_STATUS.too_many },
    );
  readsInProgress.set(person, reading + 1);
  let given = false;
  const finished = () => {
    if (given) return;
    given = true;
    const left = (readsInProgress.get(person) ?? 1) - 1;
    if (left > 0) readsInProgress.set(person, left);
    else readsInProgress.delete(person);
  };
  return { actor, upload: found.upload, input: parsed.input, finished };
}
