// Deploy decisions per use on a real database with the seed card: computed by the shipped rule
// set from the use's cells, signed by an approver with conditions and an expiry (audited, refused
// when laxer than computed or when the evidence moved), exported in the card's markdown, JSON and
// CycloneDX, and flagged and queued once it expires or its evidence goes stale. Also: an expired
// risk acceptance reopens its cell and is queued.
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { reopenExpiredAcceptances } from "../../lib/cells/expire-acceptances";
import { loadAuditLog } from "../../lib/audit/load-audit-log";
import type { Db } from "../../lib/db/types";
import { decisionBasis, loadDeployDecisions } from "../../lib/deploy-decisions/load-deploy-decisions";
import { signDeployDecision } from "../../lib/deploy-decisions/sign-deploy-decision";
import { liveCardFile } from "../../lib/releases/card-export";
import { loadQueue } from "../../lib/review-queue/load-queue";
import { addPassingEvidence, seededDatabase, slug } from "./releases-setup";
import { readFileSync } from "node:fs";
import { defaultRuleSetFile, parseRuleSet } from "../../lib/deploy-decisions/rule-set";
import { createModel } from "../../lib/models/create-model";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { DeployDecisionPanel } from "../../app/models/[slug]/uses/[code]/deploy-decision-panel";
import { DecisionsToSign } from "../../app/queue/queue-sections";
import { importExternalResults } from "../../lib/imports/import-external-results";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";

let db: Db;
let ada: Actor;
let rita: Actor;

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);

async function person(name: string, role: Actor["role"]): Promise<Actor> {
  const user = await db.user.create({ data: { name, email: `${name.split(" ")[0].toLowerCase()}@deploy.test`, role } });
  return { id: user.id, label: name, role };
}

async function cellOf(risk: string, use: string) {
  return db.cell.findFirstOrThrow({
    where: { risk: { code: risk, model: { slug } }, use: { code: use } },
    include: { risk: { include: { mitigations: { orderBy: { position: "asc" } } } } },
  });
}

/**
 * U3 as a team would leave it before asking to deploy: every risk judged not to apply except R1
 * (passing evidence, approved) and R2 (untested, its risk accepted until next month, its first
 * mitigation still planned).
 */
async function readyU3() {
  await db.cell.updateMany({
    where: { use: { code: "U3", model: { slug } } },
    data: { applies: "NO", reviewStatus: "APPROVED", rationale: "Does not apply to learning." },
  });
  const r1 = await cellOf("R1", "U3");
  await db.cell.update({ where: { id: r1.id }, data: { applies: "YES", likelihood: 2, severity: 3, reviewStatus: "APPROVED" } });
  await addPassingEvidence(db, "R1", "U3");
  const r2 = await cellOf("R2", "U3");
  await db.cell.update({
    where: { id: r2.id },
    data: {
      applies: "YES",
      likelihood: 2,
      severity: 3,
      reviewStatus: "ACCEPTED",
      acceptedUntil: inDays(30),
      acceptanceJustification: "Pilot with teachers only.",
    },
  });
  await db.cellMitigation.create({ data: { cellId: r2.id, mitigationId: r2.risk.mitigations[0].mitigationId, status: "PLANNED" } });
}

async function u3() {
  const decisions = (await loadDeployDecisions(db, slug))!;
  return {
    ...decisions.uses.find((entry) => entry.use.code === "U3")!,
    basis: decisionBasis(decisions.uses.find((entry) => entry.use.code === "U3")!.computed, decisions.ruleSet.hash),
  };
}

async function sign(actor: Actor, changes: Record<string, unknown> = {}) {
  const { basis } = await u3();
  return signDeployDecision(db, actor, {
    modelSlug: slug,
    useCode: "U3",
    outcome: "DEPLOY_WITH_CONDITIONS",
    conditions: ["Only in classrooms with a teacher present"],
    expiresAt: inDays(14),
    note: "Pilot term.",
    basis,
    ...changes,
  });
}

beforeEach(async () => {
  db = await seededDatabase();
  ada = await person("Ada Approver", "APPROVER");
  rita = await person("Rita Reviewer", "REVIEWER");
});

describe("computing", () => {
  it("does not deploy a use of the seed card, whose cells nobody has assessed, and says so per cell", async () => {
    const decisions = (await loadDeployDecisions(db, slug))!;
    expect(decisions.uses.map((entry) => entry.use.code)).toEqual(["U1", "U2", "U3", "U4"]);
    const u1 = decisions.uses[0];
    expect(u1.computed.outcome).toBe("DO_NOT_DEPLOY");
    expect(u1.computed.findings).toHaveLength(14);
    expect(u1.computed.findings[0].says).toBe("R1×U1 is not assessed; nobody has judged whether the risk applies to this use");
    expect(u1.signed).toBeNull();
  });

  it("deploys U3 with conditions once its cells are judged: the accepted risk and the planned mitigation each become a condition", async () => {
    await readyU3();
    const { computed } = await u3();
    expect(computed.outcome).toBe("DEPLOY_WITH_CONDITIONS");
    expect(computed.conditions).toHaveLength(2);
    expect(computed.conditions[0]).toMatch(/^R2×U3 is deployed under a risk acceptance; .* \(accepted until \d{4}-\d\d-\d\d\)$/);
    expect(computed.conditions[1]).toMatch(/^R2×U3 needs this mitigation in place before deployment: ".+" \(planned\)$/);
  });
});

describe("resting on a document", () => {
  async function approvedWithDocument(risk: string) {
    const cell = await cellOf(risk, "U3");
    await db.cell.update({ where: { id: cell.id }, data: { applies: "YES", likelihood: 2, severity: 3, reviewStatus: "APPROVED" } });
    await db.evidence.create({ data: { cellId: cell.id, kind: "DOCUMENT", title: `${risk} review`, body: "Reviewed." } });
  }

  it("reads a cell a prompt suite can test, backed only by a document, as untested: U3 is not deployed", async () => {
    await readyU3();
    await approvedWithDocument("R3");
    const { computed } = await u3();
    expect(computed.outcome).toBe("DO_NOT_DEPLOY");
    expect(computed.findings.map((finding) => finding.says)).toContain("R3×U3 applies but is untested, and no risk acceptance covers it");
  });

  it("takes a document as the evidence of a cell no prompt can test: U3 is deployed with its conditions", async () => {
    await readyU3();
    await approvedWithDocument("R5");
    expect((await u3()).computed.outcome).toBe("DEPLOY_WITH_CONDITIONS");
  });
});

// Seen: R1×U3's evidence imported from garak's lmrc report, run against garak's "test" generator, decided U3 with
// nothing on the use page, in the card's decisions or in the approvers' queue saying so, where smoke-test evidence is
// named in each.
describe("resting on evidence imported from a file that says it tested another model", () => {
  it("labels the findings on it and says the decision rests on it, on the use page, in the card's markdown, JSON and CycloneDX, and in the approvers' queue", async () => {
    await readyU3();
    await db.evidence.deleteMany({ where: { cell: { risk: { code: "R1" }, use: { code: "U3" } } } });
    const imported = await importExternalResults(db, rita, { modelSlug: slug, path: `${FIXTURES_DIR}/garak/lmrc.report.jsonl`, uses: ["U3"] });
    if (!imported.ok || !imported.imported) throw new Error(JSON.stringify(imported));

    const decisions = (await loadDeployDecisions(db, slug))!;
    const decision = decisions.uses.find((entry) => entry.use.code === "U3")!;
    const { computed } = decision;
    expect(computed.otherModelCells).toContain("R1×U3");
    expect(computed.smokeTestCells).toEqual([]);
    const onR1 = computed.findings.filter((finding) => finding.cell === "R1×U3").map((finding) => finding.says);
    expect(onR1.length).toBeGreaterThan(0);
    for (const says of onR1) expect(says).toMatch(/ \(imported from a file that says it tested "test"\)$/);

    const panel = renderToStaticMarkup(createElement(DeployDecisionPanel, { slug, decision, ruleSet: decisions.ruleSet, basis: "", maySign: false }));
    expect(panel).toContain(`rests on evidence imported from files that say they tested another model, for ${computed.otherModelCells.join(", ")}`);
    const md = (await liveCardFile(db, slug, "md"))!.body.replace(/ +/g, " ");
    expect(md).toContain(`(rests on evidence imported from files that say they tested another model: ${computed.otherModelCells.join(", ")})`);
    const json = JSON.parse((await liveCardFile(db, slug, "json"))!.body);
    expect(json.decisions.uses.find((use: { use: string }) => use.use === "U3").otherModelCells).toEqual(computed.otherModelCells);
    const bom = JSON.parse((await liveCardFile(db, slug, "cdx"))!.body);
    const properties: { name: string; value: string }[] = bom.components[0].properties;
    expect(properties.find((p) => p.name === "riskledger:deploy:U3:otherModelEvidence")!.value).toBe(computed.otherModelCells.join(", "));

    // Signed as computed, then expired: the approvers' queue says what it rests on.
    expect((await sign(ada, { outcome: computed.outcome, conditions: [] })).ok).toBe(true);
    const [queued] = (await loadQueue(db, ada, inDays(15))).decisions!;
    expect(queued).toMatchObject({ use: "U3", otherModelCells: computed.otherModelCells });
    expect(renderToStaticMarkup(createElement(DecisionsToSign, { decisions: [queued] }))).toContain(
      `rests on evidence imported from files that say they tested another model for ${computed.otherModelCells.join(", ")}`,
    );
  });
});

describe("resting on smoke-test evidence", () => {
  /** U3 ready, its R1 passing and its accepted R2 failing, each on evidence the generated tiny model answered or not. */
  async function readyU3On(smokeTest: boolean) {
    await readyU3();
    await db.evidence.deleteMany({ where: { cell: { use: { code: "U3" } } } });
    await addPassingEvidence(db, "R1", "U3", { smokeTest });
    await addPassingEvidence(db, "R2", "U3", { smokeTest });
    await db.evidence.updateMany({
      where: { cell: { risk: { code: "R2" }, use: { code: "U3" } } },
      data: { passes: 210, failures: 90, intervalLow: 0.25, intervalHigh: 0.35, verdict: "FAIL" },
    });
  }

  async function shown() {
    const decisions = (await loadDeployDecisions(db, slug))!;
    const decision = decisions.uses.find((entry) => entry.use.code === "U3")!;
    const panel = renderToStaticMarkup(createElement(DeployDecisionPanel, { slug, decision, ruleSet: decisions.ruleSet, basis: "", maySign: false }));
    expect((await sign(ada)).ok).toBe(true);
    const md = (await liveCardFile(db, slug, "md"))!.body.replace(/ +/g, " ");
    const json = JSON.parse((await liveCardFile(db, slug, "json"))!.body);
    const bom = JSON.parse((await liveCardFile(db, slug, "cdx"))!.body);
    const properties: { name: string; value: string }[] = bom.components[0].properties;
    return { computed: decision.computed, panel, md, json: json.decisions.uses.find((use: { use: string }) => use.use === "U3"), properties };
  }

  it("labels the findings on smoke-test evidence and says the decision rests on it, on the use page and in the card's markdown, JSON and CycloneDX", async () => {
    await readyU3On(true);
    const { computed, panel, md, json, properties } = await shown();
    expect(computed.smokeTestCells).toEqual(["R1×U3", "R2×U3"]);
    expect(computed.findings.find((finding) => finding.rule === "accepted-risk")!.says).toMatch(
      /^R2×U3 is deployed under a risk acceptance.* \(smoke-test model\)$/,
    );
    // The planned mitigation is a finding about the mitigation, not the evidence.
    expect(computed.findings.find((finding) => finding.rule === "mitigation-still-planned")!.says).not.toContain("smoke-test model");
    expect(panel).toContain("rests on smoke-test model evidence for R1×U3, R2×U3");
    expect(panel).toMatch(/deployed under a risk acceptance.*\(smoke-test model\)/);
    expect(md).toMatch(/\| U3 \| deploy with conditions \(rests on smoke-test model evidence: R1×U3, R2×U3\) \|/);
    expect(md).toContain("comes from the generated tiny test model");
    expect(json.smokeTestCells).toEqual(["R1×U3", "R2×U3"]);
    expect(json.signed.conditions[0]).toMatch(/\(smoke-test model\)$/);
    expect(properties.find((p) => p.name === "riskledger:deploy:U3:smokeTestEvidence")!.value).toBe("R1×U3, R2×U3");
  });

  it("says in the approvers' queue that a decision to sign again rests on smoke-test evidence, naming the cells", async () => {
    await readyU3On(true);
    await shown();
    const later = inDays(15);
    const [decision] = (await loadQueue(db, ada, later)).decisions!;
    expect(decision).toMatchObject({ use: "U3", state: "EXPIRED", smokeTestCells: ["R1×U3", "R2×U3"] });
    expect(renderToStaticMarkup(createElement(DecisionsToSign, { decisions: [decision] }))).toContain("rests on smoke-test model evidence for R1×U3, R2×U3");
    await db.evidence.updateMany({ where: { cell: { use: { code: "U3" } } }, data: { smokeTest: false } });
    const [real] = (await loadQueue(db, ada, later)).decisions!;
    expect(real.smokeTestCells).toEqual([]);
    expect(renderToStaticMarkup(createElement(DecisionsToSign, { decisions: [real] }))).not.toContain("smoke-test");
  });

  it("carries no smoke-test label when the same decision rests on real evidence", async () => {
    await readyU3On(false);
    const { computed, panel, md, json, properties } = await shown();
    expect(computed.smokeTestCells).toEqual([]);
    expect(computed.findings.map((finding) => finding.says).join("\n")).not.toContain("smoke-test");
    expect(panel).not.toMatch(/smoke-test/);
    expect(md).not.toMatch(/smoke-test/);
    expect(json.smokeTestCells).toEqual([]);
    expect(properties.some((p) => p.name === "riskledger:deploy:U3:smokeTestEvidence")).toBe(false);
  });
});

describe("signing", () => {
  beforeEach(readyU3);

  it("an approver signs with the rules' conditions and their own and an expiry; it is stored, audited on the use and current", async () => {
    const result = await sign(ada);
    expect(result).toMatchObject({ ok: true });
    const { signed, standing, computed, use } = await u3();
    expect(signed).toMatchObject({
      outcome: "DEPLOY_WITH_CONDITIONS",
      computedOutcome: "DEPLOY_WITH_CONDITIONS",
      signedBy: "Ada Approver",
      note: "Pilot term.",
    });
    expect(signed!.conditions).toEqual([...computed.conditions, "Only in classrooms with a teacher present"]);
    expect(standing).toEqual({ state: "CURRENT", reasons: [] });
    const audit = await db.auditEvent.findMany({ where: { action: "deploy-decision.sign" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: "Use", entityId: use.id, actorLabel: "Ada Approver" });
    const log = (await loadAuditLog(db, rita, slug))!;
    expect(log.find((entry) => entry.action === "deploy-decision.sign")).toMatchObject({ entity: "use U3" });
  });

  it("refuses a reviewer, a laxer outcome, an expiry in the past and a deploy that hides conditions, writing nothing", async () => {
    expect(await sign(rita)).toMatchObject({ ok: false, kind: "forbidden" });
    const laxer = await sign(ada, { outcome: "DEPLOY", conditions: [] });
    expect(laxer).toMatchObject({ ok: false, kind: "invalid" });
    expect(laxer.ok ? "" : laxer.message).toMatch(/outcome: the rules compute "deploy with conditions" for U3: a signed decision cannot be laxer than that/);
    expect(laxer.ok ? "" : laxer.message).toMatch(/conditions: "deploy" carries no conditions/);
    const past = await sign(ada, { expiresAt: inDays(-1) });
    expect(past.ok ? "" : past.message).toMatch(/expiresAt: a decision needs an expiry date in the future/);
    expect(await db.deployDecision.count()).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "deploy-decision.sign" } })).toBe(0);
  });

  it("refuses a condition or a note holding a NUL byte, naming the field, and signs nothing", async () => {
    const condition = await sign(ada, { conditions: ["Teacher\u0000present"] });
    expect(condition.ok ? "" : condition.message).toBe("conditions.0: the condition contains a NUL character (\\u0000), which cannot be stored");
    const note = await sign(ada, { note: "Pilot\u0000term" });
    expect(note.ok ? "" : note.message).toBe("note: the note contains a NUL character (\\u0000), which cannot be stored");
    expect(await db.deployDecision.count()).toBe(0);
  });

  it("refuses as a conflict when the evidence moved after the page was opened, and signs nothing", async () => {
    const { basis } = await u3();
    // Between opening the page and signing, R1×U3's evidence starts failing.
    const r1 = await cellOf("R1", "U3");
    await db.evidence.updateMany({ where: { cellId: r1.id }, data: { passes: 0, failures: 300, intervalLow: 0.98, intervalHigh: 1, verdict: "FAIL" } });
    const result = await sign(ada, { basis });
    expect(result).toMatchObject({ ok: false, kind: "conflict" });
    expect(result.ok ? "" : result.message).toMatch(/the rules now compute "do not deploy"/);
    expect(await db.deployDecision.count()).toBe(0);
  });
});

describe("exported and flagged", () => {
  beforeEach(async () => {
    await readyU3();
    expect((await sign(ada)).ok).toBe(true);
  });

  it("the card's markdown, JSON and CycloneDX carry the signed decision with its conditions and expiry", async () => {
    // Table cells are padded to their column's width: compare with single spaces.
    const md = (await liveCardFile(db, slug, "md"))!.body.replace(/ +/g, " ");
    expect(md).toMatch(/## Deployment Decisions/);
    expect(md).toMatch(/\| U3 \| deploy with conditions \| deploy with conditions \| Ada Approver \| \d{4}-\d\d-\d\d \| \d{4}-\d\d-\d\d \| current \|/);
    expect(md).toMatch(/### U3 conditions\n\n1\. R2×U3 is deployed under a risk acceptance/);
    expect(md).toContain("Only in classrooms with a teacher present");
    // Written as a reader of the raw markdown reads it, not as character references.
    expect(md).toContain("**Note:** Pilot term.");
    expect(md).toMatch(/\| U1 \| do not deploy \| not signed \|/);

    const json = JSON.parse((await liveCardFile(db, slug, "json"))!.body);
    const entry = json.decisions.uses.find((use: { use: string }) => use.use === "U3");
    expect(entry.signed).toMatchObject({
      outcome: "DEPLOY_WITH_CONDITIONS",
      signedBy: "Ada Approver",
      state: "CURRENT",
      expiresOn: inDays(14).toISOString().slice(0, 10),
    });
    expect(entry.signed.conditions).toHaveLength(3);

    const bom = JSON.parse((await liveCardFile(db, slug, "cdx"))!.body);
    const properties: { name: string; value: string }[] = bom.components[0].properties;
    expect(properties.find((p) => p.name === "riskledger:deploy:U3:signed")!.value).toMatch(
      /^deploy with conditions; signed by Ada Approver on .*; expires .*; current$/,
    );
    expect(properties.filter((p) => p.name === "riskledger:deploy:U3:condition")).toHaveLength(3);
  });

  it("is expired once the clock passes its expiry, in the export and in the approvers' queue", async () => {
    const later = inDays(15);
    const { standing } = (await loadDeployDecisions(db, slug, { now: later }))!.uses.find((entry) => entry.use.code === "U3")!;
    expect(standing!.state).toBe("EXPIRED");
    const queue = await loadQueue(db, ada, later);
    expect(queue.decisions).toEqual([expect.objectContaining({ use: "U3", state: "EXPIRED", reasons: [expect.stringMatching(/^it expired on /)] })]);
    expect((await loadQueue(db, ada)).decisions).toEqual([]);
    expect((await loadQueue(db, rita, later)).decisions).toBeNull();
  });

  it("is stale once R1×U3's evidence goes stale (a new detectors hash), naming the cell, and queued", async () => {
    const r1 = await cellOf("R1", "U3");
    await db.evidence.updateMany({ where: { cellId: r1.id }, data: { detectorsHash: "detectors-of-last-year" } });
    const { standing } = await u3();
    expect(standing!.state).toBe("STALE");
    expect(standing!.reasons).toContain("R1×U3's evidence went stale");
    const md = (await liveCardFile(db, slug, "md"))!.body.replace(/ +/g, " ");
    expect(md).toMatch(/\| U3 \| do not deploy \| deploy with conditions \| Ada Approver \|.*\| stale: the rules now compute "do not deploy"/);
    expect((await loadQueue(db, ada)).decisions).toEqual([expect.objectContaining({ use: "U3", state: "STALE" })]);
  });

  it("is stale once the rules find a new condition for the use while its outcome and evidence stay, naming the condition", async () => {
    const r1 = await cellOf("R1", "U3");
    await db.cellMitigation.create({ data: { cellId: r1.id, mitigationId: r1.risk.mitigations[0].mitigationId, status: "PLANNED" } });
    const { standing, computed, signed } = await u3();
    expect(computed.outcome).toBe(signed!.computedOutcome);
    const added = computed.findings.find((finding) => finding.cell === "R1×U3")!;
    expect(standing).toEqual({ state: "STALE", reasons: [`the rules now also find: ${added.says}`] });
    expect((await loadQueue(db, ada)).decisions).toEqual([expect.objectContaining({ use: "U3", state: "STALE" })]);
  });
});

describe("risk acceptance expiry", () => {
  it("reopens an accepted cell once its acceptance expires, audits it once as the system's, and lists it for approvers", async () => {
    const cell = await cellOf("R4", "U2");
    await db.cell.update({
      where: { id: cell.id },
      data: { applies: "YES", reviewStatus: "ACCEPTED", acceptedUntil: inDays(3), acceptanceJustification: "Low reach." },
    });
    expect(await reopenExpiredAcceptances(db)).toBe(0);
    const later = inDays(4);
    expect(await reopenExpiredAcceptances(db, later)).toBe(1);
    const reopened = await db.cell.findUniqueOrThrow({ where: { id: cell.id } });
    expect(reopened).toMatchObject({ reviewStatus: "IN_REVIEW", acceptanceJustification: "Low reach.", version: cell.version + 1 });
    expect(await reopenExpiredAcceptances(db, later)).toBe(0);
    const audit = await db.auditEvent.findMany({ where: { action: "cell.acceptance-expired", entityId: cell.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0].actorLabel).toBe("Riskledger (risk acceptance expired)");
    const queue = await loadQueue(db, ada, later);
    expect(queue.acceptancesExpired!.map((row) => `${row.risk}×${row.use}`)).toEqual(["R4×U2"]);
    expect((await loadQueue(db, rita, later)).acceptancesExpired).toBeNull();
  });
});

describe("relative grading", () => {
  const withReference = (reference: string) => {
    const text = readFileSync(defaultRuleSetFile, "utf8").replace("referenceModel: null", `referenceModel: ${reference}`);
    return { file: "content/deploy-rules/with-reference.yaml", hash: "with-reference", rules: parseRuleSet(text, "content/deploy-rules/with-reference.yaml") };
  };

  it("adds a condition where a cell fails more often than the reference model's same cell, with 95% confidence", async () => {
    expect(await createModel(db, rita, { from: "template", slug: "beluga-reference", name: "Reference", template: slug })).toMatchObject({ ok: true });
    for (const model of [slug, "beluga-reference"]) {
      await db.cell.updateMany({
        where: { risk: { code: "R1", model: { slug: model } }, use: { code: "U1" } },
        data: { applies: "YES", reviewStatus: "APPROVED" },
      });
    }
    await addPassingEvidence(db, "R1", "U1");
    const ours = await cellOf("R1", "U1");
    // 30 of 300 fail here (Wilson 7.1%–13.9%): under the 20% threshold, but above the reference's 0/300 (0%–1.3%).
    await db.evidence.updateMany({ where: { cellId: ours.id }, data: { passes: 270, failures: 30, intervalLow: 0.071, intervalHigh: 0.139, verdict: "PASS" } });
    await db.cell.update({ where: { id: ours.id }, data: { failureThreshold: 0.2 } });
    const reference = await db.cell.findFirstOrThrow({
      where: { risk: { code: "R1", model: { slug: "beluga-reference" } }, use: { code: "U1" } },
      include: { risk: true },
    });
    const template = await db.evidence.findFirstOrThrow({ where: { cellId: ours.id } });
    const { id: _id, cellId: _cellId, ...fields } = template;
    await db.evidence.create({ data: { ...fields, cellId: reference.id, passes: 300, failures: 0, intervalLow: 0, intervalHigh: 0.0126 } });

    const decisions = (await loadDeployDecisions(db, slug, { ruleSet: withReference("beluga-reference") }))!;
    const finding = decisions.uses[0].computed.findings.find((f) => f.rule === "worse-than-reference");
    expect(finding?.says).toBe(
      "R1×U1 fails more often than the reference model with 95% confidence; justify the difference (7.1%–13.9% against the reference's 0.0%–1.3%)",
    );
  });

  it("refuses to decide against a reference model that does not exist, naming the rule set's file and field", async () => {
    await expect(loadDeployDecisions(db, slug, { ruleSet: withReference("no-such-model") })).rejects.toThrow(
      'content/deploy-rules/with-reference.yaml: referenceModel: there is no model "no-such-model" to grade against',
    );
  });
});
