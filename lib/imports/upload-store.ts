// A result file uploaded from the browser, kept on the server's disk until it is imported. Request
// bodies are capped at a megabyte (lib/http/body-limit.ts, proxy.ts), and a garak report can be a
// gigabyte: the browser sends the file in chunks, each appended at the offset the store expects, so
// a chunk lost or sent twice is refused instead of silently corrupting the file. Only the person
// who started an upload may add to it, preview it or import it; nothing here touches the database.
import { randomUUID } from "node:crypto";
import { appendFile, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { mayRun } from "../commands/define-command";
import { refuseRole } from "../commands/define-command";
import { repoRoot } from "../content/paths";
import { MAX_BODY_BYTES } from "../http/body-limit";
import { importExternalResults } from "./import-external-results";

/** Under the request body limit, leaving room for nothing else: a chunk is the body. */
export const UPLOAD_CHUNK_BYTES = MAX_BODY_BYTES - 64 * 1024;
/** The largest file accepted: a 1,000,000-attempt garak report is about 1.2 GB (BENCHMARKS.md). */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

export const startUploadSchema = z
  .object({
    fileName: z
      .string()
      .trim()
      .min(1, "the file needs a name")
      .max(255)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL byte ends a path in the file system's calls
      .refine((name) => !/[/\\\u0000]/.test(name), "a file name, not a path"),
    size: z
      .number()
      .int()
      .min(1, "the file is empty")
      .max(MAX_UPLOAD_BYTES, `larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GB`),
  })
  .strict();

export const uploadIdSchema = z.string().uuid("not an upload id");

interface UploadMeta {
  fileName: string;
  size: number;
  actorId: string | null;
  modelSlug: string;
}

export interface Upload extends UploadMeta {
  id: string;
  /** The file's bytes as received so far. */
  path: string;
  received: number;
}

export type UploadRefusal = { ok: false; kind: "forbidden" | "invalid" | "not_found" | "conflict"; message: string };

function uploadsDir(): string {
  return process.env.RISKLEDGER_UPLOADS_DIR ?? path.join(repoRoot, "data", "uploads");
}

/** The role that may upload is the one that may import: someone who may not import learns nothing. */
function refuse(actor: Actor): UploadRefusal | null {
  if (mayRun(importExternalResults, actor.role)) return null;
  return refuseRole(actor, importExternalResults.info.role, "uploading results to import");
}

export async function startUpload(actor: Actor, modelSlug: string, input: unknown): Promise<{ ok: true; upload: Upload; chunkBytes: number } | UploadRefusal> {
  const refused = refuse(actor);
  if (refused) return refused;
  const parsed = startUploadSchema.safeParse(input);
  if (!parsed.success) return { ok: false, kind: "invalid", message: parsed.error.issues.map((issue) => issue.message).join("; ") };
  const id = randomUUID();
  const meta: UploadMeta = { ...parsed.data, actorId: actor.id, modelSlug };
  const dir = path.join(uploadsDir(), id);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "upload.json"), JSON.stringify(meta));
  await writeFile(path.join(dir, "file"), "");
  return { ok: true, upload: { ...meta, id, path: path.join(dir, "file"), received: 0 }, chunkBytes: UPLOAD_CHUNK_BYTES };
}

/** The caller's own upload for this model, with how much of it has arrived. */
export async function findUpload(actor: Actor, modelSlug: string, id: string): Promise<{ ok: true; upload: Upload } | UploadRefusal> {
  const refused = refuse(actor);
  if (refused) return refused;
  const notFound = { ok: false, kind: "not_found", message: `no upload ${id}` } as const;
  if (!uploadIdSchema.safeParse(id).success) return notFound;
  const dir = path.join(uploadsDir(), id);
  let meta: UploadMeta;
  try {
    meta = JSON.parse(await readFile(path.join(dir, "upload.json"), "utf8")) as UploadMeta;
  } catch {
    return notFound;
  }
  if (meta.actorId !== actor.id || meta.modelSlug !== modelSlug) return notFound;
  const file = path.join(dir, "file");
  return { ok: true, upload: { ...meta, id, path: file, received: (await stat(file)).size } };
}

/** Appends one chunk at `offset`, which must be where the file ends now. */
export async function appendChunk(
  actor: Actor,
  modelSlug: string,
  id: string,
  offset: number,
  chunk: Uint8Array,
): Promise<{ ok: true; received: number; complete: boolean } | UploadRefusal> {
  const found = await findUpload(actor, modelSlug, id);
  if (!found.ok) return found;
  const { upload } = found;
  if (offset !== upload.received)
    return { ok: false, kind: "conflict", message: `${upload.fileName}: a chunk at byte ${offset}, but ${upload.received} bytes have arrived` };
  if (upload.received + chunk.byteLength > upload.size)
    return { ok: false, kind: "invalid", message: `${upload.fileName}: more bytes than the ${upload.size} announced` };
  await appendFile(upload.path, chunk);
  const received = upload.received + chunk.byteLength;
  return { ok: true, received, complete: received === upload.size };
}

/** The whole file, ready to preview or import; refused while bytes are still missing. */
export async function completeUpload(actor: Actor, modelSlug: string, id: string): Promise<{ ok: true; upload: Upload } | UploadRefusal> {
  const found = await findUpload(actor, modelSlug, id);
  if (!found.ok) return found;
  const { upload } = found;
  if (upload.received !== upload.size)
    return { ok: false, kind: "conflict", message: `${upload.fileName}: ${upload.received} of ${upload.size} bytes have arrived` };
  return found;
}

export async function discardUpload(upload: Upload): Promise<void> {
  await rm(path.dirname(upload.path), { recursive: true, force: true });
}
