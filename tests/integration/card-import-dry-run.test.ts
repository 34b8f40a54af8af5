// `riskledger card import` without --apply, as an operator runs it before deciding: the card differs
// from what reviewers stored, marks cells approved, changes the judgement of a cell approved here,
// and lists a risk retired here. The report says what applying would do to each (which cells would
// arrive in review, which would be reopened, which rows would come back), and nothing is written:
// every table, the audit log and the model's checkpoint facts included, is as it was.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { cardFromDb } from "../../lib/card/card-from-db";
import { importCard, type ImportReport } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { renderCardMarkdown } from "../../lib/card/render-markdown";
import type { Card } from "../../lib/card/schema";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { retireRisk } from "../../lib/risks/change-risks";
import { freshTinyModel } from "../fixtures/engine/tiny-model";
import { everyRow } from "../support/every-row";
import { runCli } from "../support/run-cli";
import { addPassingEvidence, seededDatabaseFile, slug } from "./releases-setup";

let db: Db;
let url: string;
let cardFile: string;

const judged = { applies: "YES", likelihood: 3, severity: 4, subjectAtRisk: "AI_USER", rationale: "Real for this use." } as const;

async function person(name: string, role: Actor["role"]): Promise<Actor> {
  const user = await db.user.create({ data: { name, email: `${name.split(" ")[0].toLowerCase()}@dry-run.test`, role } });
  return { id: user.id, label: name, role };
}

async function cell(risk: string, use: string) {
  return db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
}

beforeAll(async () => {
  ({ db, url } = await seededDatabaseFile());
  const seeded = (await cardFromDb(db, slug))!;
  const rita = await person("Rita Reviewer", "REVIEWER");
  const ada = await person("Ada Approver", "APPROVER");
  const r3u1 = await cell("R3", "U1");
  expect(await updateCell(db, rita, { ref: { cellId: r3u1.id }, expectedVersion: r3u1.version, changes: judged })).toMatchObject({ ok: true });
  await addPassingEvidence(db, "R3", "U1");
  expect(await updateCell(db, ada, { ref: { cellId: r3u1.id }, expectedVersion: r3u1.version + 1, changes: { reviewStatus: "APPROVED" } })).toMatchObject({
    ok: true,
  });
  expect(await retireRisk(db, ada, { modelSlug: slug, code: "R14", expectedVersion: 1, reason: "Folded into R3." })).toMatchObject({ ok: true });

  // The seed card (R14 listed), with R3×U1 approved at a higher severity and R5×U2 marked approved.
  const edits: Record<string, Partial<Card["cells"][number]>> = {
    "R3×U1": { ...judged, severity: 5, reviewStatus: "APPROVED" },
    "R5×U2": { ...judged, reviewStatus: "APPROVED" },
  };
  const card: Card = { ...seeded, cells: seeded.cells.map((c) => ({ ...c, ...edits[`${c.risk}×${c.use}`] })) };
  cardFile = path.join(mkdtempSync(path.join(tmpdir(), "dry-run-")), "card.md");
  writeFileSync(cardFile, await renderCardMarkdown(card));
  // A checkpoint whose facts (revision, tiny model or not) are not stored yet, as after a model's
  // checkpoint is made on disk: `riskledger model checkpoint` records them, an import must not.
  await db.model.update({ where: { slug }, data: { checkpointPath: freshTinyModel(), revisionHash: null, isSmokeTestModel: false } });
});

describe("riskledger card import without --apply", () => {
  it("says which cells would arrive in review, which would be reopened and which risk would come back, and writes nothing", async () => {
    const before = await everyRow(db);
    const { code, stdout, stderr } = await runCli("cli/riskledger.ts", ["card", "import", "--file", cardFile, "--model", slug], url);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(await everyRow(db)).toBe(before);
    expect(stdout).toContain("differences-reported");
    expect(stdout).toContain("nothing was written");
    expect(stdout).toMatch(/would arrive in review.*R3×U1, R5×U2/);
    expect(stdout).toMatch(/^Would be reopened for review.*R3×U1$/m);
    expect(stdout).toMatch(/^Would be restored.*R14$/m);
    expect(stdout).not.toMatch(/(?<!would )\barrives? in review\b|^(Reopened|Restored)/m);
  }, 60_000);

  it("the report without --apply names what applying then does", async () => {
    const card = parseCardMarkdown(readFileSync(cardFile, "utf8"), slug).card;
    const admin = { id: null, label: "Ida Admin", role: "ADMIN" } as const;
    const predicted = await importCard(db, admin, card);
    const applied = await importCard(db, admin, card, { apply: true });
    const effects = ({ approvalsInReview, reopened, retired, restored }: ImportReport) => ({ approvalsInReview, reopened, retired, restored });
    if (!predicted.ok || !applied.ok) throw new Error("import refused");
    expect(predicted.outcome).toBe("differences-reported");
    expect(effects(predicted)).toEqual({ approvalsInReview: ["R3×U1", "R5×U2"], reopened: ["R3×U1"], retired: [], restored: ["R14"] });
    expect(effects(applied)).toEqual(effects(predicted));
  });
});

describe("riskledger model checkpoint", () => {
  it("records what the dry run left alone: the checkpoint's revision, and that it is the tiny model", async () => {
    const { code, stdout, stderr } = await runCli("cli/riskledger.ts", ["model", "checkpoint", "--model", slug], url);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const model = await db.model.findUniqueOrThrow({ where: { slug } });
    expect(model.revisionHash).toMatch(/^[0-9a-f]{64}$/);
    expect(model.isSmokeTestModel).toBe(true);
    expect(stdout).toBe(`${slug}: checkpoint revision ${model.revisionHash} (the generated tiny model: its evidence is a smoke test)\n`);
  });

  it("refuses a model that is not there, naming it", async () => {
    const { code, stderr } = await runCli("cli/riskledger.ts", ["model", "checkpoint", "--model", "no-such-model"], url);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "no model no-such-model: import its card first (riskledger card import --model no-such-model)\n" });
  });
});

describe("riskledger card import --file given what is not a card file", () => {
  it("a path that does not exist or is a folder: one line naming the path and the problem, not Node's ENOENT or EISDIR, exit 1, nothing written", async () => {
    const before = await everyRow(db);
    const folder = mkdtempSync(path.join(tmpdir(), "riskledger-no-card-"));
    const missing = path.join(folder, "card.md");
    for (const [file, problem] of [
      [missing, "no such file"],
      [folder, "a folder, not a file"],
    ]) {
      expect(await runCli("cli/riskledger.ts", ["card", "import", "--file", file, "--model", slug], url), file).toEqual({
        code: 1,
        stdout: "",
        stderr: `the card file ${file}: ${problem}\n`,
      });
    }
    expect(await everyRow(db)).toBe(before);
  });

  it("a card file saved in another encoding: refused at the line of its first byte that is not UTF-8, rather than imported with U+FFFD in that byte's place, nothing written", async () => {
    const before = await everyRow(db);
    const latin1 = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-latin1-card-")), "card.md");
    const source = readFileSync(cardFile, "utf8");
    const [firstLine, ...rest] = source.split("\n");
    // "café" as Windows-1252 writes it, on line 2.
    writeFileSync(latin1, Buffer.concat([Buffer.from(`${firstLine}\ncaf`), Buffer.from([0xe9]), Buffer.from(`_note: 1\n${rest.join("\n")}`)]));
    expect(await runCli("cli/riskledger.ts", ["card", "import", "--file", latin1, "--model", slug], url)).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Card format error in "markdown" at line 2: not UTF-8 text (byte 0xe9): re-saved in another encoding, or damaged\n',
    });
    expect(await everyRow(db)).toBe(before);
  });

  it("a card file saved with a byte order mark: read as without it, rather than refused for a risk type its front matter, unread, pushed out of place", async () => {
    const marked = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-bom-card-")), "card.md");
    writeFileSync(marked, `\uFEFF${readFileSync(cardFile, "utf8")}`);
    const withMark = await runCli("cli/riskledger.ts", ["card", "import", "--file", marked, "--model", slug], url);
    const withoutMark = await runCli("cli/riskledger.ts", ["card", "import", "--file", cardFile, "--model", slug], url);
    expect({ code: withMark.code, stderr: withMark.stderr }).toEqual({ code: 0, stderr: "" });
    expect(withMark.stdout).toMatch(/^stable-beluga-2: \S+ \(14 risks, 4 uses, 56 cells/);
    // The report's digest names the moment of its reading; all else is the same report.
    const withoutDigest = (stdout: string) => stdout.replace(/--expect \S+/, "--expect <digest>");
    expect(withoutDigest(withMark.stdout)).toBe(withoutDigest(withoutMark.stdout));
  });
});
