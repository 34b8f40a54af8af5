import { createHash } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { GET as liveCdx } from "../../app/api/models/[slug]/card.cdx.json/route";
import { GET as liveJson } from "../../app/api/models/[slug]/card.json/route";
import { GET as liveMarkdown } from "../../app/api/models/[slug]/card.md/route";
import { GET as releaseDownload } from "../../app/api/models/[slug]/releases/[version]/[file]/route";
import { GET as releaseList } from "../../app/api/models/[slug]/releases/route";
import YAML from "yaml";
import { syncSuites } from "../../lib/suites/sync-suites";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { publishRelease } from "../../lib/releases/publish-release";
import { parseSnapshotJson } from "../../lib/releases/release-snapshot";
import type { Db } from "../../lib/db/types";
import { freshDatabase } from "../support/fresh-database";
import { approver, markApplicable, readyEveryApplicableCell, seedInto, slug } from "./releases-setup";

const request = new Request("http://localhost/");
const at = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });

describe("the card and release downloads over HTTP", () => {
  let db: Db;

  beforeAll(async () => {
    // The route handlers use the app's database, which DATABASE_URL names.
    const fresh = freshDatabase();
    db = fresh.db;
    process.env.DATABASE_URL = fresh.url;
    await seedInto(db);
    await syncSuites(db, slug);
    // One tested cell, so the release has a result to give the Hub.
    await markApplicable(db, "R10", "U4", { likelihood: 2, severity: 5 });
    await readyEveryApplicableCell(db);
    const published = await publishRelease(db, approver, { slug });
    if (!published.ok) throw new Error(published.message);
  });

  test("the live card comes as markdown, JSON and CycloneDX attachments named after the model", async () => {
    const markdown = await liveMarkdown(request, at({ slug }));
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(markdown.headers.get("content-disposition")).toBe(`attachment; filename="${slug}-card.md"`);
    expect(await markdown.text()).toContain("# Stable Beluga 2");

    const json = await liveJson(request, at({ slug }));
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(parseSnapshotJson(await json.text()).card.risks).toHaveLength(14);

    const cdx = await liveCdx(request, at({ slug }));
    expect(cdx.headers.get("content-type")).toBe("application/vnd.cyclonedx+json; charset=utf-8");
    expect(cdx.headers.get("content-disposition")).toBe(`attachment; filename="${slug}-card.cdx.json"`);
    expect(await cdx.json()).toMatchObject({ bomFormat: "CycloneDX", specVersion: "1.6" });
  });

  test("a release's markdown download hashes to the release's sha256", async () => {
    const [listed] = await (await releaseList(request, at({ slug }))).json();
    const download = await releaseDownload(request, at({ slug, version: "1", file: "card.md" }));

    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${slug}-card-v1.md"`);
    expect(
      createHash("sha256")
        .update(await download.text(), "utf8")
        .digest("hex"),
    ).toBe(listed.sha256);
  });

  test("a release gives its tested cells to the Hub as an .eval_results file and in its markdown's model-index, citing the release, and the markdown re-imports unchanged", async () => {
    const download = await releaseDownload(request, at({ slug, version: "1", file: "card.eval_results.yaml" }));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${slug}-card-v1.eval_results.yaml"`);
    const source = { name: "Riskledger release v1 of Stable Beluga 2", url: `/models/${slug}/releases/1` };
    const suiteHash = (await db.testSuite.findFirstOrThrow({ where: { key: "u4-medical" } })).contentHash;
    expect(YAML.parse(await download.text(), { version: "1.1" })).toEqual([
      {
        dataset: { id: "u4-medical", task_id: "R10", revision: suiteHash },
        value: 0,
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        source,
        notes: "R10×U4: 0 failures in 300 runs, Wilson 95% interval 0.00%–1.26%, threshold 10.00%, verdict pass",
      },
    ]);

    const markdown = await (await releaseDownload(request, at({ slug, version: "1", file: "card.md" }))).text();
    const [frontMatter] = /^---\n([\s\S]*?)\n---\n/.exec(markdown)!.slice(1);
    const [entry] = YAML.parse(frontMatter, { version: "1.1" })["model-index"];
    expect(entry.results).toMatchObject([
      { dataset: { type: "u4-medical", config: "R10", revision: suiteHash }, metrics: [{ type: "failure_rate", value: 0, verified: false }], source },
    ]);
    const reimport = await importCard(db, { id: null, label: "test importer", role: "ADMIN" }, parseCardMarkdown(markdown, slug).card);
    expect(reimport).toMatchObject({ ok: true, outcome: "unchanged" });
  });

  test("each file of a release carries its sha256 as a strong ETag and a cache-control for an immutable file only its signed-in reader may keep", async () => {
    const [listed] = await (await releaseList(request, at({ slug }))).json();
    for (const file of ["card.md", "card.json", "card.cdx.json", "card.eval_results.yaml"]) {
      const download = await releaseDownload(request, at({ slug, version: "1", file }));
      const sha256 = createHash("sha256")
        .update(Buffer.from(await download.arrayBuffer()))
        .digest("hex");
      expect(download.headers.get("etag"), file).toBe(`"${sha256}"`);
      expect(download.headers.get("cache-control"), file).toBe("private, max-age=31536000, immutable");
    }
    expect((await releaseDownload(request, at({ slug, version: "1", file: "card.md" }))).headers.get("etag")).toBe(`"${listed.sha256}"`);
  });

  test("a release's file asked for with If-None-Match naming its ETag is 304 with no body, the ETag and cache-control repeated", async () => {
    const file = "card.cdx.json";
    const etag = (await releaseDownload(request, at({ slug, version: "1", file }))).headers.get("etag")!;
    const conditional = (ifNoneMatch: string) =>
      releaseDownload(new Request("http://localhost/", { headers: { "if-none-match": ifNoneMatch } }), at({ slug, version: "1", file }));

    // The tag itself, its weak form (If-None-Match compares weakly), in a list, and "*".
    for (const ifNoneMatch of [etag, `W/${etag}`, `"0000", ${etag}`, "*"]) {
      const notModified = await conditional(ifNoneMatch);
      expect(notModified.status, ifNoneMatch).toBe(304);
      expect(await notModified.text()).toBe("");
      expect(notModified.headers.get("etag")).toBe(etag);
      expect(notModified.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    }
    // Another file's tag is not this one's.
    const other = await conditional((await releaseDownload(request, at({ slug, version: "1", file: "card.md" }))).headers.get("etag")!);
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ bomFormat: "CycloneDX" });
  });

  test("the live card, which changes with every edit, is still never stored and carries no ETag", async () => {
    const markdown = await liveMarkdown(request, at({ slug }));
    expect(markdown.headers.get("cache-control")).toBe("no-store");
    expect(markdown.headers.get("etag")).toBeNull();
  });

  test("an unknown model or release is 404 and a malformed path is 400", async () => {
    expect((await liveMarkdown(request, at({ slug: "no-such-model" }))).status).toBe(404);
    expect((await releaseDownload(request, at({ slug, version: "9", file: "card.md" }))).status).toBe(404);
    expect((await releaseDownload(request, at({ slug, version: "one", file: "card.md" }))).status).toBe(400);
    const exe = await releaseDownload(request, at({ slug, version: "1", file: "card.exe" }));
    expect(exe.status).toBe(400);
    expect((await exe.json()).issues).toEqual(['file: the release\'s file is "card.md", "card.json", "card.cdx.json" or "card.eval_results.yaml"']);
    const zero = await releaseDownload(request, at({ slug, version: "0", file: "card.md" }));
    expect(zero.status).toBe(400);
    expect((await zero.json()).issues).toEqual(["version: a release version is a whole number from 1, in digits"]);
    expect((await liveMarkdown(request, at({ slug: "../etc" }))).status).toBe(400);
  });

  test.each(["0x1", "1e0", " 1", "1.0", "01", "+1", "1 "])(
    "version %j, which Number() reads as 1, is 400, not release 1 under another address",
    async (version) => {
      const response = await releaseDownload(request, at({ slug, version, file: "card.md" }));
      expect(response.status).toBe(400);
      expect((await response.json()).issues).toEqual(["version: a release version is a whole number from 1, in digits"]);
    },
  );
});
