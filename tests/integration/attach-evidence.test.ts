import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { attachEvidence, loadAttachedEvidence } from "../../lib/evidence/attach-evidence";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { freshDatabase } from "../support/fresh-database";

const rita: Actor = { id: null, label: "Rita Reviewer", role: "REVIEWER" };
const victor: Actor = { id: null, label: "Victor Viewer", role: "VIEWER" };
// R5 (black box) is one of the risks no prompt can test: only entered evidence can back it.
const r5u1 = { modelSlug: defaultModelSlug, risk: "R5", use: "U1" };

let db: Db;
beforeEach(async () => {
  db = freshDatabase().db;
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
  await importCard(db, { id: null, label: "setup", role: "ADMIN" }, card);
});

const r5u1Cell = () => db.cell.findFirstOrThrow({ where: { risk: { code: "R5" }, use: { code: "U1" } } });
const storedEvidence = () => db.evidence.findMany();
const evidenceAudit = () => db.auditEvent.findMany({ where: { action: "evidence.attach" } });

describe("attaching evidence to a cell", () => {
  test("a reviewer's attestation on R5 x U1 is stored, audited and makes the cell documented", async () => {
    const result = await attachEvidence(db, rita, {
      ref: r5u1,
      kind: "ATTESTATION",
      title: "Model documentation reviewed",
      body: "The vendor's model card describes training data and known limits; reviewed by Rita.",
    });
    if (!result.ok) throw new Error(`expected the attestation to be attached, got ${JSON.stringify(result)}`);

    const cell = await r5u1Cell();
    const stored = await storedEvidence();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: result.evidence.id, cellId: cell.id, kind: "ATTESTATION", title: "Model documentation reviewed", url: null });

    const audit = await evidenceAudit();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "Rita Reviewer", entityType: "Cell", entityId: cell.id });
    expect(audit[0].after).toMatchObject({ evidence: { id: result.evidence.id, kind: "ATTESTATION", title: "Model documentation reviewed" } });

    expect(await loadAttachedEvidence(db, cell.id)).toEqual([expect.objectContaining({ kind: "ATTESTATION", title: "Model documentation reviewed" })]);
    const matrix = await loadMatrix(db, defaultModelSlug);
    const r5 = matrix?.risks.find((risk) => risk.code === "R5");
    expect(r5?.cells.U1.evidence).toMatchObject({ status: "DOCUMENTED", count: 1 });
  });

  test("a link without an http(s) url is refused with a message and nothing is written", async () => {
    for (const url of [undefined, "javascript:alert(1)", "not a url"]) {
      const result = await attachEvidence(db, rita, { ref: r5u1, kind: "LINK", title: "Model card", ...(url === undefined ? {} : { url }) });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.kind).toBe("invalid");
      expect(result.message).toContain("url");
    }
    expect(await storedEvidence()).toHaveLength(0);
    expect(await evidenceAudit()).toHaveLength(0);
  });

  test("a viewer is refused and nothing is written", async () => {
    const result = await attachEvidence(db, victor, { ref: r5u1, kind: "DOCUMENT", title: "Model card" });
    expect(result).toMatchObject({ ok: false, kind: "forbidden" });
    if (result.ok) return;
    expect(result.message).toContain("needs the reviewer role");
    expect(await storedEvidence()).toHaveLength(0);
    expect(await evidenceAudit()).toHaveLength(0);
  });
});
