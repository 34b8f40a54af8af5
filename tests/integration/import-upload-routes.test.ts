// The upload routes of the browser's import, called as Next calls them with a real better-auth
// session cookie: a chunk sent several times at once is taken once (also by two processes sharing
// the folder, as the app's two web processes do), an upload is only ever of a model that exists,
// and the preview reads the upload its URL names.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { POST as postUpload } from "../../app/api/models/[slug]/imports/uploads/route";
import { PUT as putChunk } from "../../app/api/models/[slug]/imports/uploads/[id]/route";
import { POST as postPreview } from "../../app/api/models/[slug]/imports/uploads/[id]/preview/route";
import type { Actor } from "../../lib/auth/actor";
import { defaultModelSlug } from "../../lib/content/paths";
import { closeDb } from "../../lib/db/client";
import { completeUpload, startUpload } from "../../lib/imports/upload-store";
import { createUser } from "../../lib/users/create-user";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { signInAs } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";
import { programArgs } from "../support/program-bundle";

const slug = defaultModelSlug;
const site = "http://127.0.0.1";
const uploads = mkdtempSync(path.join(tmpdir(), "riskledger-upload-routes-"));
const rita = { email: "rita@uploads.test", password: "rita-uploads-password" };
let ritaActor: Actor;

beforeAll(async () => {
  process.env.RISKLEDGER_UPLOADS_DIR = uploads;
  const { db, url } = await campaignDatabase();
  const created = await createUser(db, { id: null, label: "setup", role: "ADMIN" }, { ...rita, name: "Rita Reviewer", role: "REVIEWER" });
  if (!created.ok) throw new Error(created.message);
  ritaActor = { id: created.user.id, label: "Rita Reviewer", role: "REVIEWER" };
  await db.$disconnect();
  process.env.DATABASE_URL = url;
  await signInAs(rita.email, rita.password);
});

afterAll(async () => {
  await closeDb();
  delete process.env.RISKLEDGER_UPLOADS_DIR;
  delete process.env.DATABASE_URL;
});

// Each test's uploads go with it: one person may have only a few arriving at once (upload-store.ts).
afterEach(() => {
  for (const entry of readdirSync(uploads)) rmSync(path.join(uploads, entry), { recursive: true, force: true });
});

function json(url: string, method: string, body: unknown) {
  return new Request(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function started(modelSlug: string, body: unknown) {
  return postUpload(json(`${site}/api/models/${modelSlug}/imports/uploads`, "POST", body), { params: Promise.resolve({ slug: modelSlug }) });
}

async function newUpload(fileName: string, size: number): Promise<string> {
  const response = await started(slug, { fileName, size });
  expect(response.status).toBe(201);
  return ((await response.json()) as { uploadId: string }).uploadId;
}

function chunk(id: string, offset: number, body: Buffer<ArrayBuffer>) {
  return putChunk(new Request(`${site}/api/models/${slug}/imports/uploads/${id}?offset=${offset}`, { method: "PUT", body }), {
    params: Promise.resolve({ slug, id }),
  });
}

async function received(id: string): Promise<number> {
  const found = await completeUpload(ritaActor, slug, id);
  if (found.ok) return found.upload.received;
  return Number(/(\d+) of \d+ bytes have arrived/.exec(found.message)?.[1]);
}

describe("a chunk of an upload", () => {
  test("sent four times at once is taken once: one 200, three 409, the file one chunk long", async () => {
    const id = await newUpload("a.jsonl", 4 * 1024 ** 3);
    const body = Buffer.alloc(1_000_000, "x");
    const responses = await Promise.all([0, 1, 2, 3].map(() => chunk(id, 0, body)));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409, 409, 409]);
    expect(statSync(path.join(uploads, id, "file")).size).toBe(1_000_000);
    expect(await received(id)).toBe(1_000_000);
    // The next chunk goes on where the first ended.
    expect((await chunk(id, 1_000_000, body)).status).toBe(200);
    expect(statSync(path.join(uploads, id, "file")).size).toBe(2_000_000);
  });

  test("sent by two processes at once, chunk after chunk, is taken from one of them each time, whole", async () => {
    const chunkBytes = 200_000;
    const rounds = 20;
    const { db } = await campaignDatabase();
    const started = await startUpload(db, { id: null, label: "Rita Reviewer", role: "REVIEWER" }, slug, { fileName: "b.jsonl", size: chunkBytes * rounds });
    await db.$disconnect();
    if (!started.ok) throw new Error(started.message);
    const id = started.upload.id;
    const processes = ["a", "b"].map((fill) => {
      const child = spawn(process.execPath, [...programArgs("tests/support/append-chunk-process.ts")], {
        env: { ...process.env, RISKLEDGER_UPLOADS_DIR: uploads },
        stdio: ["pipe", "pipe", "inherit"],
      });
      const answers = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const send = async (offset: number) => {
        child.stdin!.write(`${JSON.stringify({ slug, id, offset, bytes: chunkBytes, fill })}\n`);
        return JSON.parse((await answers.next()).value as string) as { ok: boolean; kind?: string };
      };
      return { child, send };
    });
    try {
      for (let round = 0; round < rounds; round++) {
        const outcomes = await Promise.all(processes.map(({ send }) => send(round * chunkBytes)));
        expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
        expect(outcomes.filter((outcome) => !outcome.ok)).toMatchObject([{ kind: "conflict" }]);
      }
    } finally {
      for (const { child } of processes) child.stdin!.end();
    }
    const bytes = readFileSync(path.join(uploads, id, "file"));
    expect(bytes.length).toBe(chunkBytes * rounds);
    for (let round = 0; round < rounds; round++) {
      const part = bytes.subarray(round * chunkBytes, (round + 1) * chunkBytes);
      expect(part.every((byte) => byte === part[0])).toBe(true);
    }
  });

  test("left part written by a process killed mid-chunk counts none of that part, and its lock gives way to the next try", async () => {
    const id = await newUpload("c.jsonl", 3_000);
    expect((await chunk(id, 0, Buffer.alloc(1_000, "a"))).status).toBe(200);
    // What kill -9 leaves mid-chunk: the lock of a process that no longer runs, half of its bytes.
    const dir = path.join(uploads, id);
    const ended = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(path.join(dir, "chunk.lock"), `${hostname()}:${ended} 0b7f`);
    appendFileSync(path.join(dir, "file"), Buffer.alloc(600, "k"));
    expect(await received(id)).toBe(1_000);

    expect((await chunk(id, 1_000, Buffer.alloc(1_000, "b"))).status).toBe(200);
    // A lock a live process holds is not taken: the chunk is refused, to be sent again.
    writeFileSync(path.join(dir, "chunk.lock"), `${hostname()}:${process.pid} 51ee`);
    const refused = await chunk(id, 2_000, Buffer.alloc(1_000, "c"));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ message: expect.stringContaining("another chunk is being written") });
    rmSync(path.join(dir, "chunk.lock"));
    expect((await chunk(id, 2_000, Buffer.alloc(1_000, "c"))).status).toBe(200);
    expect(readFileSync(path.join(dir, "file")).toString()).toBe(`${"a".repeat(1_000)}${"b".repeat(1_000)}${"c".repeat(1_000)}`);
    expect(await received(id)).toBe(3_000);
  });

  test.each([
    ["no offset", ""],
    ["an empty offset", "?offset="],
    ["an offset in hexadecimal", "?offset=0x0"],
    ["an offset in exponent notation", "?offset=0e0"],
  ])("with %s is refused with 400 naming the offset, and nothing is written", async (_name, query) => {
    const id = await newUpload("a.jsonl", 10);
    const response = await putChunk(new Request(`${site}/api/models/${slug}/imports/uploads/${id}${query}`, { method: "PUT", body: "abc" }), {
      params: Promise.resolve({ slug, id }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "offset: the byte the chunk starts at, as a whole number (?offset=0 for the first chunk)" });
    expect(statSync(path.join(uploads, id, "file")).size).toBe(0);
    expect(await received(id)).toBe(0);
  });
});

describe("an upload's model and id", () => {
  test("an upload to a model that does not exist is refused with 404 and creates nothing", async () => {
    const before = readdirSync(uploads).length;
    const response = await started("does-not-exist", { fileName: "a.jsonl", size: 10 });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: 'no model "does-not-exist"' });
    expect(readdirSync(uploads).length).toBe(before);
  });

  test("a 100 KB model slug or upload id in the URL is refused with 404 in a short message, not echoed back whole", async () => {
    const start = await started("a".repeat(100_000), { fileName: "a.jsonl", size: 10 });
    expect(start.status).toBe(404);
    expect(await start.json()).toMatchObject({ message: "no model by that slug: a slug is a lowercase letter or digit, then up to 80 more or dashes" });
    const id = "b".repeat(100_000);
    const append = await putChunk(new Request(`${site}/api/models/${slug}/imports/uploads/${id}?offset=0`, { method: "PUT", body: "abc" }), {
      params: Promise.resolve({ slug, id }),
    });
    expect(append.status).toBe(404);
    expect(await append.json()).toMatchObject({ message: "no upload by that id: an upload id is a UUID" });
  });

  test("the preview reads the upload its URL names, and refuses a body naming another", async () => {
    const bytes = readFileSync(`${FIXTURES_DIR}/inspect/log_formats.json`);
    const [named, other] = [await newUpload("log_formats.json", bytes.length), await newUpload("log_formats.json", bytes.length)];
    expect((await chunk(named, 0, bytes)).status).toBe(200);
    const preview = (id: string, body: unknown) =>
      postPreview(json(`${site}/api/models/${slug}/imports/uploads/${id}/preview`, "POST", body), { params: Promise.resolve({ slug, id }) });

    const mismatch = await preview(other, { uploadId: named });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({ message: `uploadId: ${named} is not the upload of this URL (${other})` });

    const previewed = await preview(named, {});
    expect(previewed.status).toBe(200);
    expect(await previewed.text()).toContain('"ok":true');
  });
});
