// A mapping file is read from its bytes by every import, and one that is not UTF-8 is refused there.
// The mapping editor read it as UTF-8 text instead: the page showed U+FFFD in the byte's place, and a
// save from that page wrote the U+FFFD over what the file held. The page and the save now refuse it,
// naming the line of its first byte that is not UTF-8.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { saveMappingAction } from "../../app/mappings/actions";
import MappingPage from "../../app/mappings/page";
import { closeDb } from "../../lib/db/client";
import { sha256OfText } from "../../lib/imports/save-mapping";
import { renderPage } from "../support/render-page";
import { signInAsNewUser } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

const mappings = mkdtempSync(path.join(tmpdir(), "riskledger-mappings-"));
const file = path.join(mappings, "default.yaml");
const utf8 = readFileSync(path.resolve("content/mappings/default.yaml"), "utf8");
// "café" as Windows-1252 writes it, in a comment on line 2.
const [first, ...rest] = utf8.split("\n");
const bytes = Buffer.concat([Buffer.from(`${first}\n# caf`), Buffer.from([0xe9]), Buffer.from(`\n${rest.join("\n")}`)]);
const problem = "default.yaml: line 2: not UTF-8 text (byte 0xe9): re-saved in another encoding, or damaged";
let url: string;

beforeAll(async () => {
  process.env.RISKLEDGER_MAPPINGS_DIR = mappings;
  const fresh = await campaignDatabase();
  url = fresh.url;
  process.env.DATABASE_URL = url;
  await signInAsNewUser(fresh.db, { email: "rita@mapping.test", password: "rita-mapping-password", name: "Rita Reviewer", role: "REVIEWER" });
  await fresh.db.$disconnect();
});

afterAll(async () => {
  await closeDb();
  rmSync(mappings, { recursive: true, force: true });
  delete process.env.RISKLEDGER_MAPPINGS_DIR;
  delete process.env.DATABASE_URL;
});

describe("a mapping file that is not UTF-8", () => {
  test("is not shown in the editor with U+FFFD: the page names the line of its first such byte", async () => {
    writeFileSync(file, bytes);
    const html = await renderPage(url, () => MappingPage({ searchParams: Promise.resolve({}) }));
    expect(html).not.toContain("\uFFFD");
    expect(html).not.toContain("<textarea");
    expect(html).toContain(problem);
  });

  test("is not overwritten by a save made from its text as read with U+FFFD", async () => {
    writeFileSync(file, bytes);
    const asReadBefore = bytes.toString("utf8");
    const form = new FormData();
    form.set("file", "default.yaml");
    form.set("text", asReadBefore.replace("    test.*: []", "    test.*: [R5]"));
    form.set("baseSha256", sha256OfText(asReadBefore));
    expect(await saveMappingAction(null, form)).toMatchObject({ ok: false, kind: "invalid", message: problem });
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  test("once re-saved as UTF-8, is shown and saved as before", async () => {
    copyFileSync(path.resolve("content/mappings/default.yaml"), file);
    const html = await renderPage(url, () => MappingPage({ searchParams: Promise.resolve({}) }));
    expect(html).toContain("<textarea");
    const form = new FormData();
    form.set("file", "default.yaml");
    form.set("text", utf8.replace("    test.*: []", "    test.*: [R5]"));
    form.set("baseSha256", sha256OfText(utf8));
    expect(await saveMappingAction(null, form)).toMatchObject({ ok: true });
  });
});
