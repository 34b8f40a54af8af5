// Every file of a published release is what was published: the CycloneDX BOM and the .eval_results
// file were derived from the release's JSON by the code and the address of the day of the download,
// so a new BOM property (stop 36) or a moved deployment changed a release published before it, and
// the page named the publisher as they are called today. Nor does new code or a new address make an
// unchanged card a new release. They are stored at publication now; a
// release stored before that has no stored BOM, and its downloads and page say the file is derived.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import YAML from "yaml";
import type { Actor } from "../../lib/auth/actor";
import { closeDb, createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { recordAuditEvent } from "../../lib/audit/record-audit-event";
import { listReleases, loadRelease, RELEASE_PUBLISH_ACTION } from "../../lib/releases/load-releases";
import { publishRelease } from "../../lib/releases/publish-release";
import { GET as releaseDownload } from "../../app/api/models/[slug]/releases/[version]/[file]/route";
import ReleasePage from "../../app/models/[slug]/releases/[version]/page";
import { freshDatabase, snapshotDatabase } from "../support/fresh-database";
import { copyPostgresDatabase, dropPostgresDatabase, migratedPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { renderPage } from "../support/render-page";
import { addPassingEvidence, approve, markApplicable, readyEveryApplicableCell, seedInto, slug } from "./releases-setup";

const FILES = ["card.md", "card.json", "card.cdx.json", "card.eval_results.yaml"] as const;
const DERIVED = "derived at download time from the release's stored JSON, not stored at publication";
const root = path.resolve(import.meta.dirname, "../..");
const addressBefore = process.env.BETTER_AUTH_URL;

let postgresServer = "";

async function postgresDatabase(): Promise<{ db: Db; url: string }> {
  postgresServer ||= execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
    .trim()
    .replace(/^export PG_URL=/, "");
  const url = await migratedPostgresDatabase(postgresServer, "release_files");
  return { db: createDb(url), url };
}

/** Where each test starts: the seed card, R10×U4 applicable, every applicable cell ready to publish, and Ada who publishes. */
async function prepare(db: Db): Promise<Actor> {
  await seedInto(db);
  await markApplicable(db, "R10", "U4", { likelihood: 2, severity: 5 });
  await readyEveryApplicableCell(db);
  const user = await db.user.create({ data: { name: "Ada Approver", email: "ada@releases.test", role: "APPROVER" } });
  return { id: user.id, label: "Ada Approver <ada@releases.test>", role: "APPROVER" };
}

/** A database prepared once for the file; each test gets a copy of its own. */
interface Prepared {
  ada: Actor;
  copy(): Promise<{ db: Db; url: string }>;
  drop(): Promise<void>;
}

const databases: { name: string; prepared: () => Promise<Prepared>; skip: boolean }[] = [
  {
    name: "SQLite",
    prepared: async () => {
      const { db } = freshDatabase();
      const ada = await prepare(db);
      const snapshot = await snapshotDatabase(db);
      await db.$disconnect();
      return { ada, copy: async () => freshDatabase(snapshot), drop: async () => {} };
    },
    skip: false,
  },
  {
    name: "PostgreSQL",
    prepared: async () => {
      const source = await postgresDatabase();
      const ada = await prepare(source.db);
      await source.db.$disconnect();
      return {
        ada,
        copy: async () => {
          const url = await copyPostgresDatabase(postgresServer, source.url, "release_files");
          return { db: createDb(url), url };
        },
        drop: () => dropPostgresDatabase(postgresServer, source.url),
      };
    },
    skip: !postgresInstalled("releases-files-fixed-at-publication"),
  },
];

/** As a later deployment whose exporter writes one more BOM property (as stop 36 did): the route as that code serves it. */
async function downloadRouteOfChangedBomCode() {
  vi.resetModules();
  vi.doMock("../../lib/card/cyclonedx", async (importOriginal) => {
    const original = await importOriginal<typeof import("../../lib/card/cyclonedx")>();
    return {
      ...original,
      cardToCycloneDx: (...args: Parameters<typeof original.cardToCycloneDx>) => {
        const bom = original.cardToCycloneDx(...args);
        bom.components[0].properties.push({ name: "riskledger:addedLater", value: "a property of a later release of the code" });
        return bom;
      },
    };
  });
  const { GET: liveCdx } = await import("../../app/api/models/[slug]/card.cdx.json/route");
  const live = await liveCdx(new Request("http://localhost/"), { params: Promise.resolve({ slug }) });
  // The changed code is the one answering.
  expect(await live.text()).toContain("riskledger:addedLater");
  return (await import("../../app/api/models/[slug]/releases/[version]/[file]/route")).GET;
}

/** As a later deployment whose renderer writes the card's markdown differently: the publish command as that code runs it. */
async function publishOfChangedRendererCode() {
  vi.resetModules();
  vi.doMock("../../lib/card/render-markdown", async (importOriginal) => {
    const original = await importOriginal<typeof import("../../lib/card/render-markdown")>();
    return {
      ...original,
      renderCardMarkdown: async (...args: Parameters<typeof original.renderCardMarkdown>) =>
        `${await original.renderCardMarkdown(...args)}\n<!-- rendered by a later exporter -->\n`,
    };
  });
  return (await import("../../lib/releases/publish-release")).publishRelease;
}

describe.each(databases)("on $name", ({ prepared, skip }) => {
  let start: Prepared;
  let db: Db;
  let url: string;
  let ada: Actor;

  beforeAll(async () => {
    if (skip) return;
    start = await prepared();
    ada = start.ada;
  });
  afterAll(async () => {
    if (!skip) await start.drop();
  });

  beforeEach(async (context) => {
    if (skip) context.skip();
    ({ db, url } = await start.copy());
    // The route handlers read the app's database, which DATABASE_URL names.
    process.env.DATABASE_URL = url;
  });

  afterEach(async () => {
    vi.doUnmock("../../lib/card/cyclonedx");
    vi.doUnmock("../../lib/card/render-markdown");
    vi.resetModules();
    if (addressBefore === undefined) delete process.env.BETTER_AUTH_URL;
    else process.env.BETTER_AUTH_URL = addressBefore;
    if (skip) return;
    await db.$disconnect();
    await closeDb();
    if (url.startsWith("postgres")) await dropPostgresDatabase(postgresServer, url);
  });

  async function publish() {
    const published = await publishRelease(db, ada, { slug });
    if (!published.ok) throw new Error(published.message);
    return published.release;
  }

  async function download(file: (typeof FILES)[number], version = 1, get = releaseDownload) {
    const response = await get(new Request("http://localhost/"), { params: Promise.resolve({ slug, version: String(version), file }) });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    return { body: bytes.toString("utf8"), sha256: createHash("sha256").update(bytes).digest("hex"), origin: response.headers.get("riskledger-file-origin") };
  }

  async function downloadAll(version = 1, get = releaseDownload) {
    return Object.fromEntries(await Promise.all(FILES.map(async (file) => [file, (await download(file, version, get)).body] as const)));
  }

  const releasePage = (version: number) => renderPage(url, () => ReleasePage({ params: Promise.resolve({ slug, version: String(version) }) }));

  describe("a release's files are the bytes stored at publication", () => {
    test("every file downloads byte for byte the same after a card edit, the publisher's rename, a move of the app's address and a change of the BOM code", async () => {
      process.env.BETTER_AUTH_URL = "https://riskledger.before.test";
      await publish();
      const before = await downloadAll();
      expect(await downloadAll()).toEqual(before);

      await markApplicable(db, "R7", "U2", { likelihood: 4, severity: 4 });
      await addPassingEvidence(db, "R7", "U2");
      await approve(db, "R7", "U2");
      await db.user.update({ where: { id: ada.id! }, data: { name: "Ada Renamed" } });
      process.env.BETTER_AUTH_URL = "https://riskledger.moved.test";
      expect(await downloadAll()).toEqual(before);

      const laterDownload = await downloadRouteOfChangedBomCode();
      expect((await download("card.cdx.json", 1, laterDownload)).body).not.toContain("riskledger:addedLater");
      expect(await downloadAll(1, laterDownload)).toEqual(before);
    });

    test("the .eval_results file cites the release at the address it was published from, not the one it is downloaded from", async () => {
      process.env.BETTER_AUTH_URL = "https://riskledger.before.test";
      await publish();
      const before = await downloadAll();
      const [result] = YAML.parse(before["card.eval_results.yaml"], { version: "1.1" });
      expect(result.source.url).toBe(`https://riskledger.before.test/models/${slug}/releases/1`);

      process.env.BETTER_AUTH_URL = "https://riskledger.moved.test";
      expect(await downloadAll()).toEqual(before);
    });

    test("an unchanged card is still refused as identical to the last release once the app's address has moved", async () => {
      process.env.BETTER_AUTH_URL = "https://riskledger.before.test";
      await publish();

      process.env.BETTER_AUTH_URL = "https://riskledger.moved.test";
      expect(await publishRelease(db, ada, { slug })).toEqual({ ok: false, kind: "unchanged", message: "nothing to publish: the card is identical to v1" });
    });

    test("an unchanged card is still refused as identical to the last release once the markdown renderer has changed, and a changed card still publishes", async () => {
      await publish();

      const publishWithChangedRenderer = await publishOfChangedRendererCode();
      expect(await publishWithChangedRenderer(db, ada, { slug })).toEqual({
        ok: false,
        kind: "unchanged",
        message: "nothing to publish: the card is identical to v1",
      });
      expect(await db.cardRelease.count()).toBe(1);

      await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
      await addPassingEvidence(db, "R7", "U2");
      await approve(db, "R7", "U2");
      const second = await publishWithChangedRenderer(db, ada, { slug });
      if (!second.ok) throw new Error(second.message);
      expect(second.release.markdown).toContain("rendered by a later exporter");
    });

    test("every file says it was stored at publication and hashes to the sha256 its release page shows", async () => {
      await publish();
      const html = await releasePage(1);
      for (const file of FILES) {
        const served = await download(file);
        expect(served.origin).toBe("stored at publication");
        expect(html).toContain(served.sha256);
      }
      expect(html).not.toContain("derived at download time");
    });

    test("the release page and list name the publisher as they were called at publication, not after a rename", async () => {
      await publish();
      await db.user.update({ where: { id: ada.id! }, data: { name: "Ada Renamed" } });

      expect((await loadRelease(db, slug, 1))!.publishedBy).toBe("Ada Approver");
      expect((await listReleases(db, slug))![0].publishedBy).toBe("Ada Approver");
      const html = await releasePage(1);
      expect(html).toContain("Ada Approver");
      expect(html).not.toContain("Ada Renamed");
    });
  });

  describe("a release stored before its files were", () => {
    /** As the release row was written before the BOM and .eval_results file were stored with it. */
    async function storeOldRelease() {
      const published = await publish();
      const stored = await db.cardRelease.findUniqueOrThrow({ where: { id: published.id } });
      const old = await db.cardRelease.create({
        data: { modelId: stored.modelId, version: 2, markdown: stored.markdown, json: stored.json, sha256: stored.sha256, publishedById: stored.publishedById },
      });
      await recordAuditEvent(db, ada, { action: RELEASE_PUBLISH_ACTION, entityType: "CardRelease", entityId: old.id, after: { slug, version: 2 } });
    }

    test("names its publisher as its publishing's audit event does, without their email, and not as renamed since", async () => {
      await storeOldRelease();
      await db.user.update({ where: { id: ada.id! }, data: { name: "Ada Renamed" } });

      expect((await loadRelease(db, slug, 2))!.publishedBy).toBe("Ada Approver");
      const html = await releasePage(2);
      expect(html).toContain("Ada Approver");
      expect(html).not.toContain("ada@releases.test");
      expect(html).not.toContain("Ada Renamed");
    });

    test("is served as derived from its JSON, and its downloads and page say the BOM and .eval_results file were derived at download time", async () => {
      await storeOldRelease();

      for (const file of ["card.cdx.json", "card.eval_results.yaml"] as const) {
        const old = await download(file, 2);
        expect(old.body).toBe((await download(file, 1)).body.replaceAll("release v1", "release v2").replaceAll("/releases/1", "/releases/2"));
        expect(old.origin).toBe(DERIVED);
      }
      for (const file of ["card.md", "card.json"] as const) expect((await download(file, 2)).origin).toBe("stored at publication");

      const html = await releasePage(2);
      expect(html.match(/derived at download time/g)).toHaveLength(2);
    });

    test("its derived files, which new code or a new address may change, carry the sha256 of what was sent as their ETag and are revalidated on every use; its stored ones are immutable", async () => {
      await storeOldRelease();
      const get = (file: (typeof FILES)[number], ifNoneMatch?: string) =>
        releaseDownload(new Request("http://localhost/", { headers: ifNoneMatch ? { "if-none-match": ifNoneMatch } : {} }), {
          params: Promise.resolve({ slug, version: "2", file }),
        });

      for (const file of ["card.cdx.json", "card.eval_results.yaml"] as const) {
        const response = await get(file);
        expect(response.headers.get("etag")).toBe(`"${(await download(file, 2)).sha256}"`);
        expect(response.headers.get("cache-control")).toBe("private, no-cache");
        expect((await get(file, response.headers.get("etag")!)).status).toBe(304);
      }
      // Served from another address, the derived .eval_results file cites it: the old tag no longer matches.
      const before = (await get("card.eval_results.yaml")).headers.get("etag")!;
      process.env.BETTER_AUTH_URL = "https://riskledger.moved.test";
      const moved = await get("card.eval_results.yaml", before);
      expect(moved.status).toBe(200);
      expect(await moved.text()).toContain("https://riskledger.moved.test/models/");
      expect((await get("card.md")).headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    });
  });
});
