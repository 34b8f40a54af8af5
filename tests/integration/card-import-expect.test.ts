// A reviewer previews a card import (`riskledger card import`, without --apply), reads the
// differences, and applies it later. Between the two a colleague edits a cell. A plain --apply
// overwrites that edit unseen; the preview's digest, given back with --apply --expect, ties the
// apply to what the preview showed: it refuses, naming the cell that changed, and writes nothing.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { CARD_CELL_AUDIT } from "../../lib/card/card-cell-audit";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { renderCardMarkdown } from "../../lib/card/render-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { everyRow } from "../support/every-row";
import { freshDatabase, snapshotDatabase } from "../support/fresh-database";
import { runCli, runCliEach } from "../support/run-cli";

const importer: Actor = { id: null, label: "Ida Admin", role: "ADMIN" };
const seed = () => parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug).card;
const R4_U2 = { risk: { code: "R4" }, use: { code: "U2" } };

/** The seed card with R4×U2's rationale changed: the difference a preview shows. */
function changedCard() {
  const card = seed();
  card.cells = card.cells.map((cell) => (cell.risk === "R4" && cell.use === "U2" ? { ...cell, rationale: "Changed in the source." } : cell));
  return card;
}

let seededSnapshot: string | undefined;

/** A fresh database holding the seed card: the first imports it, every later one starts from a copy of that. */
async function seeded(): Promise<{ db: Db; url: string }> {
  if (seededSnapshot) return freshDatabase(seededSnapshot);
  const { db, url } = freshDatabase();
  expect(await importCard(db, importer, seed())).toMatchObject({ ok: true, outcome: "created" });
  seededSnapshot = await snapshotDatabase(db);
  return { db, url };
}

async function colleagueEdits(db: Db, rationale: string) {
  const rita = await db.user.create({ data: { name: "Rita Reviewer", email: "rita@expect.test", role: "REVIEWER" } });
  const read = await db.cell.findFirstOrThrow({ where: R4_U2 });
  const saved = await updateCell(
    db,
    { id: rita.id, label: rita.name, role: "REVIEWER" },
    {
      ref: { modelSlug: defaultModelSlug, risk: "R4", use: "U2" },
      expectedVersion: read.version,
      changes: { rationale },
    },
  );
  if (!saved.ok) throw new Error(saved.message);
}

describe("a card import applied after its preview", () => {
  it("refuses, naming the cell a colleague changed since the preview, when given the preview's digest; writes nothing", async () => {
    const { db } = await seeded();
    const previewed = await importCard(db, importer, changedCard());
    if (!previewed.ok) throw new Error(previewed.message);
    expect(previewed.outcome).toBe("differences-reported");
    expect(previewed.digest).toMatch(/^[0-9a-z]+-[0-9a-f]{16}$/);

    await colleagueEdits(db, "The colleague's edit, made after the preview.");
    const before = await everyRow(db);
    expect(await importCard(db, importer, changedCard(), { apply: true, expect: previewed.digest! })).toEqual({
      ok: false,
      kind: "conflict",
      message:
        "R4×U2 was changed by Rita Reviewer (now version 2) since the import was previewed: nothing was imported; preview it again to see the differences",
    });
    expect(await everyRow(db)).toBe(before);
    expect((await db.cell.findFirstOrThrow({ where: R4_U2 })).rationale).toBe("The colleague's edit, made after the preview.");
    await db.$disconnect();
  });

  it("applies when nothing moved since the preview, and a plain --apply works as before", async () => {
    const { db } = await seeded();
    const previewed = await importCard(db, importer, changedCard());
    if (!previewed.ok) throw new Error(previewed.message);
    expect(await importCard(db, importer, changedCard(), { apply: true, expect: previewed.digest! })).toMatchObject({ ok: true, outcome: "applied" });
    expect((await db.cell.findFirstOrThrow({ where: R4_U2 })).rationale).toBe("Changed in the source.");
    expect(await db.auditEvent.count({ where: { action: CARD_CELL_AUDIT } })).toBe(1);

    const plain = await seeded();
    await colleagueEdits(plain.db, "Overwritten by a plain --apply, as today.");
    expect(await importCard(plain.db, importer, changedCard(), { apply: true })).toMatchObject({ ok: true, outcome: "applied" });
    expect((await plain.db.cell.findFirstOrThrow({ where: R4_U2 })).rationale).toBe("Changed in the source.");
    await db.$disconnect();
    await plain.db.$disconnect();
  });

  it("on the command line: the preview prints the --expect to give, and the apply with it refuses once a colleague edited", async () => {
    const { db, url } = await seeded();
    const cardFile = path.join(mkdtempSync(path.join(tmpdir(), "card-expect-")), "card.md");
    writeFileSync(cardFile, await renderCardMarkdown(changedCard()));
    const preview = await runCli("cli/riskledger.ts", ["card", "import", "--file", cardFile], url);
    expect(preview.code).toBe(0);
    const digest = /--apply --expect (\S+)/.exec(preview.stdout)?.[1];
    expect(digest, preview.stdout).toBeDefined();

    await colleagueEdits(db, "The colleague's edit, made after the preview.");
    await db.user.create({ data: { name: "Ida Admin", email: "ida@expect.test", role: "ADMIN" } });
    const applied = await runCli("cli/riskledger.ts", ["card", "import", "--file", cardFile, "--apply", "--expect", digest!, "--as", "ida@expect.test"], url);
    expect(applied).toMatchObject({ code: 1, stdout: "" });
    expect(applied.stderr).toContain("R4×U2 was changed by Rita Reviewer (now version 2) since the import was previewed: nothing was imported");
    expect((await db.cell.findFirstOrThrow({ where: R4_U2 })).rationale).toBe("The colleague's edit, made after the preview.");

    // A digest no preview printed is refused as such (one whose time no clock reaches too), and --expect without --apply is a usage error.
    for (const digest of ["nonsense", "zzzzzzzzzzzz-0123456789abcdef"]) {
      expect(await importCard(db, importer, changedCard(), { apply: true, expect: digest })).toEqual({
        ok: false,
        kind: "invalid",
        message: `--expect "${digest}" is not a digest a preview printed (riskledger card import without --apply prints one)`,
      });
    }
    const [bogus, withoutApply] = await runCliEach(
      "cli/riskledger.ts",
      [
        ["card", "import", "--file", cardFile, "--apply", "--expect", "nonsense", "--as", "ida@expect.test"],
        ["card", "import", "--file", cardFile, "--expect", digest!],
      ],
      url,
    );
    expect(bogus).toEqual({
      code: 1,
      stdout: "",
      stderr: '--expect "nonsense" is not a digest a preview printed (riskledger card import without --apply prints one)\n',
    });
    expect(withoutApply).toMatchObject({ code: 2, stdout: "" });
    expect(withoutApply.stderr).toContain("--expect goes with --apply");
    await db.$disconnect();
  });
});
