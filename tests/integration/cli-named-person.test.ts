// The CLI's writes that separation of duties must attribute: a card import that changes a cell's
// judgement (its writer becomes the cell's last judge, who may not approve it) and a release
// published with accepted gaps. The operator names the person with `--as EMAIL`; without it such a
// write is refused, since an unnamed writer is nobody the gate can keep from approving.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { cardFromDb } from "../../lib/card/card-from-db";
import { renderCardMarkdown } from "../../lib/card/render-markdown";
import type { Card } from "../../lib/card/schema";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { runCli } from "../support/run-cli";
import { addPassingEvidence, seededDatabaseFile, slug } from "./releases-setup";

let db: Db;
let url: string;
let iris: Actor;
let ada: Actor;

const judged = { applies: "YES", likelihood: 3, severity: 4, subjectAtRisk: "AI_USER", rationale: "Real for this use." } as const;

async function person(name: string, role: Actor["role"], disabled = false): Promise<Actor> {
  const user = await db.user.create({ data: { name, email: `${name.split(" ")[0].toLowerCase()}@cli.test`, role, disabled } });
  return { id: user.id, label: name, role };
}

async function cell(risk: string, use: string) {
  return db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
}

/** The stored card with R3×U1 judged applicable, written to a file as an operator would edit it. */
async function cardFileJudgingR3U1(model = slug): Promise<string> {
  const stored = (await cardFromDb(db, slug))!;
  const card: Card = {
    ...stored,
    model: { ...stored.model, slug: model },
    cells: stored.cells.map((c) => (c.risk === "R3" && c.use === "U1" ? { ...c, ...judged } : c)),
  };
  const file = path.join(mkdtempSync(path.join(tmpdir(), "cli-named-")), "card.md");
  writeFileSync(file, await renderCardMarkdown(card));
  return file;
}

const cardCli = (args: string[]) => runCli("cli/riskledger.ts", ["card", ...args], url);

beforeEach(async () => {
  ({ db, url } = await seededDatabaseFile());
  iris = await person("Iris Admin", "ADMIN");
  ada = await person("Ada Approver", "APPROVER");
});

describe("riskledger card import --apply", () => {
  it("is refused without --as once people exist, naming the flag, and changes no cell", async () => {
    const file = await cardFileJudgingR3U1();
    const before = await cell("R3", "U1");
    const { code, stderr } = await cardCli(["import", "--apply", "--file", file]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--as EMAIL/);
    expect(stderr).toMatch(/separation of duties/);
    expect(await cell("R3", "U1")).toEqual(before);
  }, 60_000);

  it("with --as records that person as the cell's last judge and in the audit log, so another approver must approve it", async () => {
    const file = await cardFileJudgingR3U1();
    const { code, stdout, stderr } = await cardCli(["import", "--apply", "--file", file, "--as", "iris@cli.test"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain("applied");
    const changed = await cell("R3", "U1");
    expect(changed).toMatchObject({ applies: "YES", severity: 4, judgementChangedById: iris.id });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "cell.card-import", entityId: changed.id } });
    expect(audit).toMatchObject({ actorId: iris.id, actorLabel: expect.stringMatching(/^Iris Admin <iris@cli\.test> \(cli:.+\)$/) });

    await addPassingEvidence(db, "R3", "U1");
    const approve = (actor: Actor) =>
      cell("R3", "U1").then((c) => updateCell(db, actor, { ref: { cellId: c.id }, expectedVersion: c.version, changes: { reviewStatus: "APPROVED" } }));
    const own = await approve(iris);
    expect(own.ok ? "" : own.message).toMatch(/separation of duties/);
    expect(await approve(ada)).toMatchObject({ ok: true });
  }, 60_000);

  it("refuses --as naming nobody, a disabled person or a person without the admin role, and changes no cell", async () => {
    await person("Dora Disabled", "ADMIN", true);
    const file = await cardFileJudgingR3U1();
    const before = await cell("R3", "U1");
    const cases: [string, RegExp][] = [
      ["nobody@cli.test", /--as nobody@cli\.test: no person has that email/],
      ["dora@cli.test", /--as dora@cli\.test: Dora Disabled is disabled/],
      ["ada@cli.test", /Ada Approver <ada@cli\.test> \(cli:.+\) is a approver: importing a card needs the admin role/],
    ];
    for (const [email, message] of cases) {
      const { code, stderr } = await cardCli(["import", "--apply", "--file", file, "--as", email]);
      expect({ email, code, stderr }).toEqual({ email, code: 1, stderr: expect.stringMatching(message) });
    }
    expect(await cell("R3", "U1")).toEqual(before);
  }, 60_000);

  it("creating another model from a card file is refused without --as once people exist, and with it judged by that person", async () => {
    const file = await cardFileJudgingR3U1("second-beluga");
    const refused = await cardCli(["import", "--file", file, "--model", "second-beluga"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--as EMAIL/);
    expect(await db.model.findUnique({ where: { slug: "second-beluga" } })).toBeNull();

    const created = await cardCli(["import", "--file", file, "--model", "second-beluga", "--as", "iris@cli.test"]);
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: "" });
    const judgedCell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R3", model: { slug: "second-beluga" } }, use: { code: "U1" } } });
    expect(judgedCell).toMatchObject({ applies: "YES", judgementChangedById: iris.id });
  }, 60_000);

  it("without --apply still reports differences without naming anyone, and writes nothing", async () => {
    const file = await cardFileJudgingR3U1();
    const before = await cell("R3", "U1");
    const { code, stdout, stderr } = await cardCli(["import", "--file", file]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain("differences-reported");
    expect(await cell("R3", "U1")).toEqual(before);
  }, 60_000);
});

describe("riskledger card release publish", () => {
  it("is refused without --as, and with --as records the approver who accepted the gaps", async () => {
    const refused = await cardCli(["release", "publish", "--justification", "Pilot only."]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--as EMAIL/);
    expect(await db.cardRelease.count()).toBe(0);

    const published = await cardCli(["release", "publish", "--justification", "Pilot only.", "--as", "ada@cli.test"]);
    expect({ code: published.code, stderr: published.stderr }).toEqual({ code: 0, stderr: "" });
    expect(await db.cardRelease.findFirstOrThrow()).toMatchObject({ version: 1, publishedById: ada.id, justification: "Pilot only." });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "release.publish" } })).toMatchObject({ actorId: ada.id });
  }, 60_000);
});
