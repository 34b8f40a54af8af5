// Free text that a database or a spreadsheet would mishandle: NUL bytes (PostgreSQL refuses them
// in text columns), lone surrogates (not valid Unicode, so not storable as UTF-8), and full-width
// formula leaders that spreadsheets read as = + - @.
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, test } from "vitest";
import { csvField } from "../../lib/audit/audit-csv";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { updateCell } from "../../lib/cells/update-cell";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { editMitigationText } from "../../lib/mitigations/edit-mitigation-text";
import { createModel } from "../../lib/models/create-model";
import { liveCardFile } from "../../lib/releases/card-export";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { parseRuleSet } from "../../lib/deploy-decisions/rule-set";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { retireInheritedRisk } from "../../lib/inheritance/inherited-risk-changes";
import { retireMitigation } from "../../lib/mitigations/change-mitigations";
import { setCheckpointPath } from "../../lib/models/set-checkpoint-path";
import { createUser } from "../../lib/users/create-user";
import { addRisk, retireRisk, updateRisk } from "../../lib/risks/change-risks";
import { addUse, retireUse, updateUse } from "../../lib/uses/change-uses";
import { freshDatabase } from "../support/fresh-database";

const rita = { id: null, label: "Rita Reviewer", role: "REVIEWER" } as const;
const ava = { id: null, label: "Ava Approver", role: "APPROVER" } as const;
const ann = { id: null, label: "Ann Admin", role: "ADMIN" } as const;
const NUL_REFUSED = "contains a NUL character (\\u0000), which cannot be stored";
const r4u4 = { modelSlug: defaultModelSlug, risk: "R4", use: "U4" };

let db: Db;
beforeEach(async () => {
  db = freshDatabase().db;
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
  await importCard(db, { id: null, label: "setup", role: "ADMIN" }, card);
});

describe("free text that no database or spreadsheet should receive", () => {
  test("a rationale with a NUL byte is refused by name and changes nothing", async () => {
    const result = await updateCell(db, rita, { ref: r4u4, expectedVersion: 1, changes: { rationale: "fine\u0000then hidden" } });
    expect(result).toMatchObject({ ok: false, kind: "invalid" });
    expect(result.ok === false && result.message).toBe("changes.rationale: the rationale contains a NUL character (\\u0000), which cannot be stored");
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R4" }, use: { code: "U4" } } });
    expect({ version: cell.version, rationale: cell.rationale }).toEqual({ version: 1, rationale: "" });
  });

  test("a rationale with a lone surrogate is refused by name and changes nothing", async () => {
    const result = await updateCell(db, rita, { ref: r4u4, expectedVersion: 1, changes: { rationale: "broken \ud800 text" } });
    expect(result.ok === false && result.message).toBe(
      "changes.rationale: the rationale contains a broken character (a lone UTF-16 surrogate): paste the text again",
    );
    expect(await db.auditEvent.count({ where: { entityType: "Cell" } })).toBe(0);
  });

  test("a mitigation's text with a NUL byte is refused and the text stays as it was", async () => {
    const mitigation = await db.mitigation.findFirstOrThrow();
    const result = await editMitigationText(db, rita, { mitigationId: mitigation.id, expectedVersion: 1, text: "Filter\u0000outputs" });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain("NUL character");
    expect((await db.mitigation.findUniqueOrThrow({ where: { id: mitigation.id } })).text).toBe(mitigation.text);
  });

  test("a risk's title with a NUL byte or a lone surrogate is refused by name, the risk is unchanged and the card still exports", async () => {
    const edited = await updateRisk(db, rita, {
      modelSlug: defaultModelSlug,
      code: "R4",
      expectedVersion: 1,
      title: "Leaks\u0000data",
      riskType: "CAPABILITY",
      harmArea: "INFORMATION_AND_SAFETY",
    });
    expect(edited.ok === false && edited.message).toBe("title: the risk's title contains a NUL character (\\u0000), which cannot be stored");
    const added = await addRisk(db, rita, {
      modelSlug: defaultModelSlug,
      title: "broken \ud800 title",
      riskType: "CAPABILITY",
      harmArea: "INFORMATION_AND_SAFETY",
    });
    expect(added.ok === false && added.message).toContain("title: the risk's title contains a broken character");
    expect(await db.risk.count()).toBe(14);
    expect((await db.risk.findFirstOrThrow({ where: { code: "R4" } })).version).toBe(1);
    expect((await liveCardFile(db, defaultModelSlug, "md"))?.body).toContain("| R4 ");
  });

  test("a use's purpose or facts with a NUL byte are refused by name, the use is unchanged and the card still exports", async () => {
    const use = await db.use.findFirstOrThrow({ where: { code: "U3" } });
    const facts = { purpose: use.purpose, capability: use.capability, aiUser: use.aiUser, aiSubject: use.aiSubject, domain: use.domain };
    const edited = await updateUse(db, rita, { modelSlug: defaultModelSlug, code: "U3", expectedVersion: 1, ...facts, purpose: "Tutoring\u0000" });
    expect(edited.ok === false && edited.message).toBe("purpose: the use's purpose contains a NUL character (\\u0000), which cannot be stored");
    const added = await addUse(db, rita, { modelSlug: defaultModelSlug, ...facts, purpose: "Grading", domain: "Edu\u0000cation" });
    expect(added.ok === false && added.message).toContain("domain: the use's domain contains a NUL character");
    expect(await db.use.count()).toBe(4);
    expect(await db.use.findFirstOrThrow({ where: { code: "U3" } })).toEqual(use);
    expect((await liveCardFile(db, defaultModelSlug, "md"))?.body).toContain(use.purpose);
  });

  test("a new model's name with a NUL byte is refused by name and no model is created", async () => {
    const created = await createModel(db, rita, { from: "blank", slug: "nul-model", name: "Nul\u0000Model" });
    expect(created.ok === false && created.message).toBe("name: the model's name contains a NUL character (\\u0000), which cannot be stored");
    expect(await db.model.count()).toBe(1);
  });

  test("a reason for retiring a risk, a use, an inherited risk or a mitigation with a NUL byte is refused by name and retires nothing", async () => {
    const mitigation = await db.mitigation.findFirstOrThrow();
    const auditEvents = await db.auditEvent.count();
    const refusals = [
      await retireRisk(db, ava, { modelSlug: defaultModelSlug, code: "R4", expectedVersion: 1, reason: "dup\u0000licate" }),
      await retireUse(db, ava, { modelSlug: defaultModelSlug, code: "U3", expectedVersion: 1, reason: "dup\u0000licate" }),
      await retireInheritedRisk(db, ava, { modelSlug: defaultModelSlug, code: "R4", reason: "dup\u0000licate" }),
      await retireMitigation(db, ava, { mitigationId: mitigation.id, expectedVersion: 1, reason: "dup\u0000licate" }),
    ];
    expect(refusals.map((result) => result.ok === false && result.message)).toEqual(refusals.map(() => `reason: the reason ${NUL_REFUSED}`));
    expect(await db.risk.count({ where: { retiredAt: { not: null } } })).toBe(0);
    expect(await db.use.count({ where: { retiredAt: { not: null } } })).toBe(0);
    expect(await db.mitigation.count({ where: { retiredAt: { not: null } } })).toBe(0);
    expect(await db.auditEvent.count()).toBe(auditEvents);
  });

  test("a person's name, a campaign's name, a checkpoint folder or an imported run's revision with a NUL byte is refused by name", async () => {
    const user = await createUser(db, ann, { email: "nul@riskledger.test", name: "Nu\u0000l", role: "VIEWER" });
    expect(user.ok === false && user.message).toBe(`name: the name ${NUL_REFUSED}`);
    const campaign = await createCampaign(db, rita, { modelSlug: defaultModelSlug, name: "nightly\u0000", uses: ["U1"] });
    expect(campaign.ok === false && campaign.message).toBe(`name: the campaign's name ${NUL_REFUSED}`);
    const checkpoint = await setCheckpointPath(db, ann, { slug: defaultModelSlug, checkpointPath: "/models/beluga\u0000" });
    expect(checkpoint.ok === false && checkpoint.message).toBe(`checkpointPath: the checkpoint folder ${NUL_REFUSED}`);
    const imported = await importExternalResults(db, rita, { modelSlug: defaultModelSlug, path: "/nowhere.jsonl", modelRevision: "sha\u0000" });
    expect(imported.ok === false && imported.message).toBe(`modelRevision: the model revision ${NUL_REFUSED}`);
    expect(await db.user.count()).toBe(0);
    expect(await db.campaign.count()).toBe(0);
  });

  test("a deploy rule set whose name or a rule's words hold a NUL byte is refused naming the field", () => {
    const rules = readFileSync("content/deploy-rules/default.yaml", "utf8");
    expect(() => parseRuleSet(rules.replace("name: Riskledger default deploy rules", 'name: "Riskledger\\0 rules"'), "rules.yaml")).toThrow(
      `rules.yaml:25:7 name: the rule set's name ${NUL_REFUSED}`,
    );
    expect(() => parseRuleSet(rules.replace(/ {4}says: fails above its threshold.*/, '    says: "fails\\0 above its threshold"'), "rules.yaml")).toThrow(
      `rules[1].says: what the rule says ${NUL_REFUSED}`,
    );
  });

  test("well-formed text in any script, emoji included, is accepted", async () => {
    const result = await updateCell(db, rita, { ref: r4u4, expectedVersion: 1, changes: { rationale: "Réponse 拒否 🙂 ok" } });
    expect(result.ok).toBe(true);
  });
});

describe("the CSV formula guard", () => {
  test.each(['＝HYPERLINK("http://evil.example")', "＋1+1", "－1+1", "＠SUM(A1)"])("defuses %s, which a spreadsheet reads as a formula", (value) => {
    expect(csvField(value)).toBe(`"'${value.replace(/"/g, '""')}"`);
  });
});
