// How much of the server one person's uploads may hold at once, through the upload routes called
// as Next calls them, many at once, with a real better-auth session cookie: each upload may hold up
// to 4 GB of disk while it arrives, and each preview or import reads a whole file.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { POST as postImport } from "../../app/api/models/[slug]/imports/route";
import { POST as postUpload } from "../../app/api/models/[slug]/imports/uploads/route";
import { PUT as putChunk } from "../../app/api/models/[slug]/imports/uploads/[id]/route";
import { POST as postPreview } from "../../app/api/models/[slug]/imports/uploads/[id]/preview/route";
import { defaultModelSlug } from "../../lib/content/paths";
import { closeDb } from "../../lib/db/client";
import { createUser } from "../../lib/users/create-user";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { signInAs } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

const slug = defaultModelSlug;
const site = "http://127.0.0.1";
const uploads = mkdtempSync(path.join(tmpdir(), "riskledger-upload-limits-"));
const pia = { email: "pia@upload-limits.test", password: "pia-upload-limits-password" };
const rex = { email: "rex@upload-limits.test", password: "rex-upload-limits-password" };

beforeAll(async () => {
  process.env.RISKLEDGER_UPLOADS_DIR = uploads;
  const { db, url } = await campaignDatabase();
  for (const [person, name] of [
    [pia, "Pia Reviewer"],
    [rex, "Rex Reviewer"],
  ] as const) {
    const created = await createUser(db, { id: null, label: "setup", role: "ADMIN" }, { ...person, name, role: "REVIEWER" });
    if (!created.ok) throw new Error(created.message);
  }
  await db.$disconnect();
  process.env.DATABASE_URL = url;
});

afterAll(async () => {
  await closeDb();
  delete process.env.RISKLEDGER_UPLOADS_DIR;
  delete process.env.DATABASE_URL;
});

function json(url: string, body: unknown) {
  return new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

const start = (fileName: string, size: number) =>
  postUpload(json(`${site}/api/models/${slug}/imports/uploads`, { fileName, size }), { params: Promise.resolve({ slug }) });
const preview = (id: string) => postPreview(json(`${site}/api/models/${slug}/imports/uploads/${id}/preview`, {}), { params: Promise.resolve({ slug, id }) });
const importOf = (id: string) => postImport(json(`${site}/api/models/${slug}/imports`, { uploadId: id }), { params: Promise.resolve({ slug }) });
const uploadFolders = () => readdirSync(uploads).filter((name) => !name.endsWith(".lock"));

describe("uploads arriving at once", () => {
  test("ten started at once by one reviewer: three are taken (the most that may arrive at once), seven refused with 429 naming the limit, making no folder", async () => {
    await signInAs(pia.email, pia.password);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => start(`run-${i}.report.jsonl`, 1_000)));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 201, 201, 429, 429, 429, 429, 429, 429, 429]);
    const refusals = await Promise.all(responses.filter((response) => response.status === 429).map((response) => response.json()));
    expect(new Set(refusals.map((refusal) => JSON.stringify(refusal)))).toEqual(
      new Set([
        JSON.stringify({
          ok: false,
          kind: "too_many",
          message:
            "3 uploads of yours are still arriving, the most at once: start this one when one has arrived whole (one with no chunk for 10 minutes no longer counts)",
        }),
      ]),
    );
    expect(uploadFolders()).toHaveLength(3);
  });

  test("one arrived whole, or with no chunk for ten minutes, no longer counts, and another person's uploads count apart", async () => {
    await signInAs(pia.email, pia.password);
    const [first, second] = uploadFolders();
    expect((await start("more.report.jsonl", 10)).status).toBe(429);

    // The first arrives whole: a fourth may start, and then a fifth may not.
    const put = await putChunk(new Request(`${site}/api/models/${slug}/imports/uploads/${first}?offset=0`, { method: "PUT", body: Buffer.alloc(1_000, "x") }), {
      params: Promise.resolve({ slug, id: first }),
    });
    expect(await put.json()).toEqual({ ok: true, received: 1_000, complete: true });
    expect((await start("fourth.report.jsonl", 10)).status).toBe(201);
    expect((await start("fifth.report.jsonl", 10)).status).toBe(429);

    // The second stalls: its last chunk eleven minutes ago.
    const eleventhMinute = new Date(Date.now() - 11 * 60_000);
    utimesSync(path.join(uploads, second, "received"), eleventhMinute, eleventhMinute);
    expect((await start("fifth.report.jsonl", 10)).status).toBe(201);

    await signInAs(rex.email, rex.password);
    expect((await start("rex.report.jsonl", 10)).status).toBe(201);
  });
});

describe("previews and imports reading at once", () => {
  /** A garak report of `attempts` scored attempts (test.report.jsonl's first one, each with its own uuid): about 3 KB each. */
  function garakReport(attempts: number): Buffer {
    const lines = readFileSync(`${FIXTURES_DIR}/garak/test.report.jsonl`, "utf8").trimEnd().split("\n");
    const scored = lines.find((line) => line.includes('"status": 2'))!;
    const uuid = JSON.parse(scored).uuid as string;
    const body = Array.from({ length: attempts }, () => scored.replace(uuid, randomUUID()));
    return Buffer.from([...lines.slice(0, 2), ...body].join("\n"));
  }

  test("six previews of one upload sent at once by one reviewer: two are read (the most at once), four refused with 429; once those end, the next is read, and an import waits its turn alike", async () => {
    await signInAs(rex.email, rex.password);
    const bytes = garakReport(6_000);
    const started = await start("big.report.jsonl", bytes.length);
    const { uploadId } = (await started.json()) as { uploadId: string };
    // What the upload's chunks leave once all have arrived.
    writeFileSync(path.join(uploads, uploadId, "file"), bytes);
    writeFileSync(path.join(uploads, uploadId, "received"), String(bytes.length));

    const responses = await Promise.all(Array.from({ length: 6 }, () => preview(uploadId)));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 429, 429, 429, 429]);
    const refused = responses.find((response) => response.status === 429)!;
    expect(await refused.json()).toEqual({
      ok: false,
      kind: "too_many",
      message: "2 previews or imports of yours are being read already, the most at once: ask again for big.report.jsonl when one is done",
    });
    // While the two read, an import of it is refused too.
    expect((await importOf(uploadId)).status).toBe(429);
    const read = await Promise.all(responses.filter((response) => response.status === 200).map((response) => response.text()));
    for (const text of read) expect(text).toContain('"ok":true');

    const again = await preview(uploadId);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('"ok":true');
  });
});
