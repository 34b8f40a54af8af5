// A browser sends a text area's line ends as CRLF (HTML's multipart/form-data encoding, which a
// server action's fetch of the form's FormData uses too), whatever the file held. The mapping editor
// wrote the text as sent: a save rewrote every line of content/mappings/default.yaml to CRLF (a diff of
// the whole file), and a save of the text as opened was taken for a change, saved and audited.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";

import { saveMappingAction } from "../../app/mappings/actions";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { sha256OfText } from "../../lib/imports/save-mapping";
import { signInAsNewUser } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

const mappings = mkdtempSync(path.join(tmpdir(), "riskledger-mappings-"));
const file = path.join(mappings, "default.yaml");
const original = readFileSync(path.resolve("content/mappings/default.yaml"), "utf8");
let db: Db;

beforeAll(async () => {
  process.env.RISKLEDGER_MAPPINGS_DIR = mappings;
  const fresh = await campaignDatabase();
  db = fresh.db;
  process.env.DATABASE_URL = fresh.url;
  await signInAsNewUser(db, { email: "rita@line-ends.test", password: "rita-line-ends-password", name: "Rita Reviewer", role: "REVIEWER" });
});

beforeEach(() => copyFileSync(path.resolve("content/mappings/default.yaml"), file));

afterAll(async () => {
  await db.$disconnect();
  await closeDb();
  rmSync(mappings, { recursive: true, force: true });
  delete process.env.RISKLEDGER_MAPPINGS_DIR;
  delete process.env.DATABASE_URL;
});

/** The editor's form as a browser sends it: the text area's line ends as CRLF. */
function sent(text: string): FormData {
  const form = new FormData();
  form.set("file", "default.yaml");
  form.set("text", text.replace(/\r?\n/g, "\r\n"));
  form.set("baseSha256", sha256OfText(original));
  return form;
}

const saves = () => db.auditEvent.count({ where: { action: "mapping.save" } });

describe("a mapping saved from the browser, its line ends sent as CRLF", () => {
  test("keeps the file's LF line ends, changing only the line edited", async () => {
    const edited = original.replace("    test.*: []", "    test.*: [R5]");
    expect(await saveMappingAction(null, sent(edited))).toMatchObject({ ok: true, sha256: sha256OfText(edited) });
    expect(readFileSync(file, "utf8")).toBe(edited);
  });

  test("unchanged but for its line ends is nothing changed: not written, not audited", async () => {
    const before = await saves();
    expect(await saveMappingAction(null, sent(original))).toMatchObject({ ok: false, kind: "unchanged", message: "nothing changed" });
    expect(readFileSync(file, "utf8")).toBe(original);
    expect(await saves()).toBe(before);
  });

  test("a file kept with CRLF line ends (a Windows checkout) keeps them", async () => {
    const crlf = original.replaceAll("\n", "\r\n");
    writeFileSync(file, crlf);
    const form = sent(original.replace("    test.*: []", "    test.*: [R5]"));
    form.set("baseSha256", sha256OfText(crlf));
    expect(await saveMappingAction(null, form)).toMatchObject({ ok: true });
    expect(readFileSync(file, "utf8")).toBe(crlf.replace("    test.*: []", "    test.*: [R5]"));
  });
});
