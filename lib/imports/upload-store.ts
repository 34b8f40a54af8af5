// A result file uploaded from the browser, kept on the server's disk until it is imported. Request
// bodies are capped at a megabyte (lib/http/body-limit.ts, proxy.ts), and a garak report can be a
// gigabyte: the browser sends the file in chunks, each written at the offset the store expects, so
// a chunk lost or sent twice is refused instead of silently corrupting the file. Only the person
// who started an upload of a model that exists may add to it, preview it or import it.
//
// An upload is a folder: upload.json (who, what, for which model), file (the bytes) and received
// (how many of them count). The app runs several web processes, so a chunk is written only while
// its request holds the upload's chunk.lock, a file made with O_EXCL: the offset is checked, the
// chunk written at it, and received moved past it, atomically by a rename. A process killed
// mid-chunk leaves received where it was (the partial chunk is written over by the next try) and
// its lock stale: the next chunk removes a lock whose process has ended, or that is LOCK_STALE_MS old.
//
// Each upload may hold up to MAX_UPLOAD_BYTES of the server's disk, so one person may have at most
// MAX_UPLOADS_ARRIVING arriving at once; a start past that is refused (429). Starts are counted
// under a lock of that person's (the same kind of file), so ten sent at once cannot all count none.
import { createHash, randomUUID } from "node:crypto";
import { link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { mayRun } from "../commands/define-command";
import { refuseRole } from "../commands/define-command";
import { repoRoot } from "../content/paths";
import type { Db } from "../db/types";
import { modelFactsSchema } from "../card/schema";
import { MAX_BODY_BYTES } from "../http/body-limit";
import { importExternalResults } from "./import-external-results";
import { endedOnThisHost, thisProcess } from "./process-liveness";

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

export type UploadRefusal = { ok: false; kind: "forbidden" | "invalid" | "not_found" | "conflict" | "too_many"; message: string };

function uploadsDir(): string {
  return process.env.RISKLEDGER_UPLOADS_DIR ?? path.join(repoRoot, "data", "uploads");
}

/** The role that may upload is the one that may import: someone who may not import learns nothing. */
function refuse(actor: Actor): UploadRefusal | null {
  if (mayRun(importExternalResults, actor.role)) return null;
  return refuseRole(actor, importExternalResults.info.role, "uploading results to import");
}

/** A lock older than this was left by a process that died or hangs: a chunk takes milliseconds to write. */
const LOCK_STALE_MS = 60_000;

/**
 * An upload that has had no chunk for this long was abandoned part way or never imported (the
 * browser does not resume one): it is removed when the next upload starts, so that a file of up to
 * MAX_UPLOAD_BYTES does not stay on the server's disk for good.
 */
export const UPLOAD_ABANDONED_MS = 24 * 3600_000;

/** How many of one person's uploads may be arriving (started, not yet whole) at once. */
export const MAX_UPLOADS_ARRIVING = 3;
/**
 * An upload with no chunk for this long has stalled (its tab closed, its network gone): it stops
 * counting as arriving, so a person is not held up by it; its folder goes after UPLOAD_ABANDONED_MS.
 */
export const UPLOAD_STALLED_MS = 10 * 60_000;
/** A start waits this long at most for the person's other starts (each takes milliseconds). */
const START_LOCK_WAIT_MS = 5_000;

export async function startUpload(
  db: Db,
  actor: Actor,
  modelSlug: string,
  input: unknown,
): Promise<{ ok: true; upload: Upload; chunkBytes: number } | UploadRefusal> {
  const refused = refuse(actor);
  if (refused) return refused;
  const parsed = startUploadSchema.safeParse(input);
  if (!parsed.success) return { ok: false, kind: "invalid", message: parsed.error.issues.map((issue) => issue.message).join("; ") };
  // The slug comes from the URL, unchecked: one that cannot be a slug is not repeated back.
  if (!modelFactsSchema.shape.slug.safeParse(modelSlug).success)
    return { ok: false, kind: "not_found", message: "no model by that slug: a slug is a lowercase letter or digit, then up to 80 more or dashes" };
  if (!(await db.model.findUnique({ where: { slug: modelSlug }, select: { id: true } })))
    return { ok: false, kind: "not_found", message: `no model "${modelSlug}"` };
  await removeAbandonedUploads();
  const release = await takeStartLock(actor);
  if (!release) return { ok: false, kind: "too_many", message: "other uploads of yours are being started right now: start this one again in a moment" };
  try {
    const arriving = await uploadsArriving(actor);
    if (arriving >= MAX_UPLOADS_ARRIVING)
      return {
        ok: false,
        kind: "too_many",
        message: `${arriving} uploads of yours are still arriving, the most at once: start this one when one has arrived whole (one with no chunk for ${UPLOAD_STALLED_MS / 60_000} minutes no longer counts)`,
      };
    const id = randomUUID();
    const meta: UploadMeta = { ...parsed.data, actorId: actor.id, modelSlug };
    const dir = path.join(/*turbopackIgnore: true*/ uploadsDir(), id);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "file"), "");
    await writeFile(path.join(dir, "received"), "0");
    // Last: an upload is found by its upload.json.
    await writeFile(path.join(dir, "upload.json"), JSON.stringify(meta));
    return { ok: true, upload: { ...meta, id, path: path.join(dir, "file"), received: 0 }, chunkBytes: UPLOAD_CHUNK_BYTES };
  } finally {
    await release();
  }
}

/** The person's start lock, waited for while another of their starts holds it; null if it never comes free. */
async function takeStartLock(actor: Actor): Promise<(() => Promise<void>) | null> {
  await mkdir(/*turbopackIgnore: true*/ uploadsDir(), { recursive: true });
  // Hashed: an id is not trusted to be a file name. Those with none (set-up tasks) are counted as one, as uploadsArriving counts them.
  const person = createHash("sha256")
    .update(actor.id ?? "no id")
    .digest("hex")
    .slice(0, 32);
  const lock = path.join(/*turbopackIgnore: true*/ uploadsDir(), `starting-${person}.lock`);
  const giveUpAt = Date.now() + START_LOCK_WAIT_MS;
  for (;;) {
    const release = await takeLock(lock);
    if (release || Date.now() > giveUpAt) return release;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How many of the person's uploads are arriving: not yet whole, with a chunk (or their start) in the last UPLOAD_STALLED_MS. */
async function uploadsArriving(actor: Actor): Promise<number> {
  const now = Date.now();
  let arriving = 0;
  for (const id of await readdir(/*turbopackIgnore: true*/ uploadsDir()).catch(() => [])) {
    if (!uploadIdSchema.safeParse(id).success) continue;
    const dir = path.join(/*turbopackIgnore: true*/ uploadsDir(), id);
    try {
      const meta = JSON.parse(await readFile(path.join(dir, "upload.json"), "utf8")) as UploadMeta;
      if (meta.actorId !== actor.id) continue;
      const lastChunk = await stat(path.join(dir, "received"));
      if (now - lastChunk.mtimeMs < UPLOAD_STALLED_MS && (await readReceived(dir)) < meta.size) arriving++;
    } catch {
      // One being started or removed right now: not counted.
    }
  }
  return arriving;
}

/** Removes every upload whose last chunk (its `received`, rewritten with each) is UPLOAD_ABANDONED_MS old. */
async function removeAbandonedUploads(): Promise<void> {
  const now = Date.now();
  const ids = await readdir(/*turbopackIgnore: true*/ uploadsDir()).catch(() => []);
  for (const id of ids) {
    if (!uploadIdSchema.safeParse(id).success) continue;
    const dir = path.join(/*turbopackIgnore: true*/ uploadsDir(), id);
    const lastChunk = await stat(path.join(/*turbopackIgnore: true*/ dir, "received")).catch(() => null);
    if (lastChunk && now - lastChunk.mtimeMs > UPLOAD_ABANDONED_MS) await rm(dir, { recursive: true, force: true });
  }
}

/** The caller's own upload for this model, with how much of it has arrived. */
export async function findUpload(actor: Actor, modelSlug: string, id: string): Promise<{ ok: true; upload: Upload } | UploadRefusal> {
  const refused = refuse(actor);
  if (refused) return refused;
  // The id comes from the URL, unchecked: one that cannot be an upload's is not repeated back.
  if (!uploadIdSchema.safeParse(id).success) return { ok: false, kind: "not_found", message: "no upload by that id: an upload id is a UUID" };
  const notFound = { ok: false, kind: "not_found", message: `no upload ${id}` } as const;
  const dir = path.join(/*turbopackIgnore: true*/ uploadsDir(), id);
  let meta: UploadMeta;
  try {
    meta = JSON.parse(await readFile(path.join(dir, "upload.json"), "utf8")) as UploadMeta;
  } catch {
    return notFound;
  }
  if (meta.actorId !== actor.id || meta.modelSlug !== modelSlug) return notFound;
  return { ok: true, upload: { ...meta, id, path: path.join(dir, "file"), received: await readReceived(dir) } };
}

async function readReceived(dir: string): Promise<number> {
  return Number(await readFile(path.join(dir, "received"), "utf8"));
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
  const dir = path.dirname(upload.path);
  const release = await takeLock(path.join(dir, "chunk.lock"));
  if (!release)
    return {
      ok: false,
      kind: "conflict",
      message: `${upload.fileName}: another chunk is being written to it; ask how many bytes have arrived and send the next`,
    };
  try {
    const before = await readReceived(dir);
    if (offset !== before) return { ok: false, kind: "conflict", message: `${upload.fileName}: a chunk at byte ${offset}, but ${before} bytes have arrived` };
    if (before + chunk.byteLength > upload.size)
      return { ok: false, kind: "invalid", message: `${upload.fileName}: more bytes than the ${upload.size} announced` };
    const file = await open(/*turbopackIgnore: true*/ upload.path, "r+");
    try {
      await file.write(chunk, 0, chunk.byteLength, offset);
      await file.datasync();
    } finally {
      await file.close();
    }
    const received = before + chunk.byteLength;
    const next = path.join(dir, `received.${randomUUID()}`);
    await writeFile(/*turbopackIgnore: true*/ next, String(received));
    await rename(/*turbopackIgnore: true*/ next, path.join(dir, "received"));
    return { ok: true, received, complete: received === upload.size };
  } finally {
    await release();
  }
}

/** Takes the lock file `lock` (an upload's chunk lock, a person's start lock), removing a stale one; null while another request holds it. */
async function takeLock(lock: string): Promise<(() => Promise<void>) | null> {
  const holder = `${thisProcess()} ${randomUUID()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(/*turbopackIgnore: true*/ lock, holder, { flag: "wx" });
      return async () => {
        // Not a lock another request took after this one was judged stale.
        if ((await readFile(/*turbopackIgnore: true*/ lock, "utf8").catch(() => null)) === holder) await rm(/*turbopackIgnore: true*/ lock, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || !(await removeStaleLock(lock))) return null;
    }
  }
  return null;
}

/** Removes the lock when its process has ended or it is LOCK_STALE_MS old; whether it is gone. */
async function removeStaleLock(lock: string): Promise<boolean> {
  let judged: string;
  let age: number;
  try {
    judged = await readFile(/*turbopackIgnore: true*/ lock, "utf8");
    age = Date.now() - (await stat(/*turbopackIgnore: true*/ lock)).mtimeMs;
  } catch (error) {
    // Released a moment ago.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
  // An empty lock is one being made this very moment.
  if (age < LOCK_STALE_MS && (judged === "" || !endedOnThisHost(judged.split(" ")[0]))) return false;
  const removed = `${lock}.${randomUUID()}`;
  try {
    await rename(/*turbopackIgnore: true*/ lock, removed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
  // Another request found the same stale lock, removed it and took a new one before this rename:
  // that one is put back.
  if ((await readFile(/*turbopackIgnore: true*/ removed, "utf8")) !== judged) {
    await link(/*turbopackIgnore: true*/ removed, lock).catch(() => {});
    await rm(/*turbopackIgnore: true*/ removed, { force: true });
    return false;
  }
  await rm(/*turbopackIgnore: true*/ removed, { force: true });
  return true;
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
