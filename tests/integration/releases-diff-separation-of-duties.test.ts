// The card states where separation of duties is off and which cells their own judge approved
// (card-states-separation-of-duties.test.ts). The diff of two releases said nothing of it: a release
// published after an admin turned the rule off and Ada approved her own judgement of R3×U1 read, in
// its semantic diff, exactly as one where a second person approved it. And a release that never
// recorded the rule (published before the card stated it) must not read as "on".
import { beforeEach, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { setSeparationOfDuties } from "../../lib/models/set-separation-of-duties";
import { loadLiveCard, renderCardFile } from "../../lib/releases/card-export";
import { describeMatrixChange, loadReleaseDiff } from "../../lib/releases/diff-releases";
import { publishRelease } from "../../lib/releases/publish-release";
import { sha256Of } from "../../lib/releases/release-file";
import { snapshotJson } from "../../lib/releases/release-snapshot";
import { addPassingEvidence, approver, readyEveryApplicableCell, seededDatabase, slug } from "./releases-setup";

let db: Db;
let ada: Actor;
const admin: Actor = { id: null, label: "Adam Admin", role: "ADMIN" };

beforeEach(async () => {
  db = await seededDatabase();
  await readyEveryApplicableCell(db);
  const user = await db.user.create({ data: { name: "Ada Approver", email: "ada@duties-diff.test", role: "APPROVER" } });
  ada = { id: user.id, label: "Ada Approver", role: "APPROVER" };
});

async function setRule(on: boolean) {
  expect(await setSeparationOfDuties(db, admin, { slug, separationOfDuties: on })).toMatchObject({ ok: true });
}

async function save(actor: Actor, risk: string, use: string, changes: Record<string, unknown>) {
  const current = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
  const result = await updateCell(db, actor, { ref: { modelSlug: slug, risk, use }, expectedVersion: current.version, changes });
  if (!result.ok) throw new Error(`${risk}×${use} not saved: ${result.message}`);
}

/** Ada judges R3×U1 applicable and, the rule off, approves it herself on passing evidence. */
async function adaApprovesHerOwnJudgement() {
  await save(ada, "R3", "U1", { applies: "YES", likelihood: 3, severity: 4, subjectAtRisk: "AI_USER", rationale: "Real for this use." });
  await addPassingEvidence(db, "R3", "U1");
  await save(ada, "R3", "U1", { reviewStatus: "APPROVED" });
}

async function publish() {
  const published = await publishRelease(db, approver, { slug });
  if (!published.ok) throw new Error(`not published: ${published.message}`);
}

async function diffLines(from: number, to: number): Promise<string[]> {
  return (await loadReleaseDiff(db, slug, from, to))!.diff.matrixChanges.map(describeMatrixChange);
}

test("names separation of duties turned off, and the cell its own judge approved, between two releases, either way", async () => {
  await publish();
  await setRule(false);
  await adaApprovesHerOwnJudgement();
  await publish();

  const forward = await diffLines(1, 2);
  expect(forward).toContain("separation of duties: on -> off");
  expect(forward).toContain("R3×U1: approved by the person who last changed its judgement");
  const backward = await diffLines(2, 1);
  expect(backward).toContain("separation of duties: off -> on");
  expect(backward).toContain("R3×U1: no longer approved by the person who last changed its judgement");
});

test("says nothing of separation of duties between two releases where it stayed on and every approval had a second person", async () => {
  await publish();
  await addPassingEvidence(db, "R1", "U1");
  await publish();

  expect((await diffLines(1, 2)).filter((line) => /separation of duties|last changed its judgement/.test(line))).toEqual([]);
});

test("of a release that did not record separation of duties, claims no change of it, and says it was not recorded", async () => {
  // v1 as Riskledger stored a release before the card stated the rule: no `selfApprovals` in its JSON.
  const live = (await loadLiveCard(db, slug))!;
  const markdown = (await renderCardFile(live.snapshot, "md", slug)).body;
  const { selfApprovals: _notRecorded, ...storedThen } = JSON.parse(await snapshotJson(live.snapshot));
  const model = await db.model.findUniqueOrThrow({ where: { slug } });
  await db.cardRelease.create({
    data: { modelId: model.id, version: 1, markdown, json: `${JSON.stringify(storedThen, null, 2)}\n`, sha256: sha256Of(markdown), publishedByName: null },
  });
  await setRule(false);
  await adaApprovesHerOwnJudgement();
  await publish();

  for (const lines of [await diffLines(1, 2), await diffLines(2, 1)]) {
    expect(lines.filter((line) => /^separation of duties|last changed its judgement/.test(line))).toEqual([]);
    expect(lines).toContain("release: v1 did not record separation of duties: not compared");
  }
});
