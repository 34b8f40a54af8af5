// An admin may turn separation of duties off for a model, and then the person who last changed a
// cell's judgement may approve it alone. The exported card said nothing of it: a cell its own judge
// approved read "Approved" like one a second person checked. The card now states the rule where it
// is off, and names the cells approved by their own judge, in the markdown, the JSON and the BOM.
import { beforeEach, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { setSeparationOfDuties } from "../../lib/models/set-separation-of-duties";
import { liveCardFile } from "../../lib/releases/card-export";
import { addPassingEvidence, seededDatabase, slug } from "./releases-setup";

let db: Db;
let ada: Actor;
let arne: Actor;
const admin: Actor = { id: null, label: "Adam Admin", role: "ADMIN" };
const judged = { applies: "YES", likelihood: 3, severity: 4, subjectAtRisk: "AI_USER", rationale: "Real for this use." };

async function person(name: string): Promise<Actor> {
  const user = await db.user.create({ data: { name, email: `${name.split(" ")[0].toLowerCase()}@duties.test`, role: "APPROVER" } });
  return { id: user.id, label: name, role: "APPROVER" };
}

async function save(actor: Actor, risk: string, use: string, changes: Record<string, unknown>) {
  const current = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
  const result = await updateCell(db, actor, { ref: { modelSlug: slug, risk, use }, expectedVersion: current.version, changes });
  if (!result.ok) throw new Error(`${risk}×${use} not saved: ${result.message}`);
}

/** `judge` sets the cell's judgement, then `approver` approves it on passing evidence. */
async function judgedAndApproved(judge: Actor, approver: Actor, risk: string, use: string) {
  await save(judge, risk, use, judged);
  await addPassingEvidence(db, risk, use);
  await save(approver, risk, use, { reviewStatus: "APPROVED" });
}

async function setRule(on: boolean) {
  expect(await setSeparationOfDuties(db, admin, { slug, separationOfDuties: on })).toMatchObject({ ok: true });
}

async function exported() {
  const written = (await liveCardFile(db, slug, "md"))!.body;
  // Table cells are padded to their column's width: one space between words, to read as a sentence.
  const markdown = written.replace(/ +/g, " ");
  const json = JSON.parse((await liveCardFile(db, slug, "json"))!.body);
  const bom = JSON.parse((await liveCardFile(db, slug, "cdx"))!.body);
  const property = bom.components[0].properties.find((p: { name: string }) => p.name === "riskledger:separationOfDuties");
  return { written, markdown, json, property: property?.value as string | undefined };
}

beforeEach(async () => {
  db = await seededDatabase();
  ada = await person("Ada Approver");
  arne = await person("Arne Approver");
});

test("a cell approved by the person who last changed its judgement, with separation of duties off, is named in the exported card", async () => {
  await setRule(false);
  await judgedAndApproved(ada, ada, "R3", "U1");
  await judgedAndApproved(ada, arne, "R4", "U1");

  const { written, markdown, json, property } = await exported();
  const statement =
    "Separation of duties is off for this model: the person who last changed a cell's judgement may approve or accept it alone. " +
    "Approved or accepted by the person who last changed the judgement: R3×U1.";
  expect(markdown).toContain(statement);
  expect(json.selfApprovals).toEqual({ separationOfDuties: false, cells: ["R3×U1"] });
  expect(property).toBe(statement);
  expect(parseCardMarkdown(written, slug).card.cells.find((cell) => cell.risk === "R3" && cell.use === "U1")?.reviewStatus).toBe("APPROVED");
});

test("a card whose approvals each had a second person says nothing of separation of duties, and its JSON records the rule on", async () => {
  await judgedAndApproved(ada, arne, "R3", "U1");

  const { markdown, json, property } = await exported();
  expect(markdown).not.toMatch(/separation of duties|last changed the judgement/i);
  // Recorded all the same, so a release's diff can tell "on" from "not recorded".
  expect(json.selfApprovals).toEqual({ separationOfDuties: true, cells: [] });
  expect(property).toBeUndefined();
});

test("separation of duties turned off says so before any cell is approved by its own judge", async () => {
  await setRule(false);
  await judgedAndApproved(ada, arne, "R3", "U1");

  expect((await exported()).markdown).toContain(
    "Separation of duties is off for this model: the person who last changed a cell's judgement may approve or accept it alone. No cell is approved or accepted by that person.",
  );
});

test("a cell approved by its own judge stays named after separation of duties is turned back on", async () => {
  await setRule(false);
  await judgedAndApproved(ada, ada, "R3", "U1");
  await setRule(true);

  const { markdown, json } = await exported();
  expect(markdown).toContain("Approved or accepted, while separation of duties was off, by the person who last changed the judgement: R3×U1.");
  expect(markdown).not.toContain("Separation of duties is off");
  expect(json.selfApprovals).toEqual({ separationOfDuties: true, cells: ["R3×U1"] });
});
