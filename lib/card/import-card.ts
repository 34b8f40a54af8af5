// Puts a parsed card into the database. A first import creates everything. A re-import of the
// same card changes nothing; one that differs from what is stored (a reviewer's edit, a changed
// source) reports each difference and writes nothing, unless the caller asks to apply them.
// Either way the card brings its judgements, not its approvals (card-approvals.ts): an admin's
// import approves nothing an approver has not. Applying writes only the cells whose content the
// card changes, each audited on its own history; the others keep their version, so an editor a
// reviewer has open on one of them still saves. Like that editor, it writes a cell only at the
// version it read: a reviewer's save that lands while the card is applied is never overwritten
// unseen; the import refuses, naming the cell, and writes nothing. A preview (without apply) gives a
// digest of the stored card it compared; an apply given that digest (`expect`) refuses the same way
// when the stored card has moved since, so a reviewer who previewed never overwrites a colleague's
// later edit unseen. An apply without it applies to whatever is stored then, as it always has.
import { createHash } from "node:crypto";
import { changedFields, recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { cellSnapshot, comparableFields } from "../cells/cell-snapshot";
import type { Db, DbTransaction } from "../db/types";
import { deferredWriteLock } from "../db/sqlite-statements-wait-for-transactions";
import { isTransientDatabaseError } from "../db/transient-database-error";
import { cellKeyLabel } from "../domain/cell-key";
import { changedCardJudgement, withApprovalsInReview } from "./card-approvals";
import { CARD_CELL_AUDIT } from "./card-cell-audit";
import { withoutWrittenBaseModel } from "./card-inheritance";
import { hubIdOf } from "../inheritance/load-inheritance";
import { allCardCellsFromDb, cardCellOf, cardFromDb, storedCellInclude } from "./card-from-db";
import { diffCards, type CardDifference } from "./diff-cards";
import { cardSchema, type Card, type CardCell } from "./schema";
import { defineCommand } from "../commands/define-command";
import { activeLinks } from "../mitigations/active-links";
import { completeMatrix } from "../models/matrix-shape";

export interface ImportReport {
  ok: true;
  slug: string;
  outcome: "created" | "unchanged" | "differences-reported" | "applied";
  differences: CardDifference[];
  counts: { risks: number; uses: number; cells: number; mitigations: number };
  /** Risks and uses the database held but the card does not (added in the app, say): retired, never deleted. Without apply: those it would retire. */
  retired: string[];
  /** Retired risks and uses the card lists again: back in force, with the cells and evidence they kept. Without apply: those it would restore. */
  restored: string[];
  /** Cells ("R3×U1") the card marks approved or accepted that arrive in review: not approved here, or not with this judgement. */
  approvalsInReview: string[];
  /** Of those, cells approved or accepted here whose judgement the card changes: their review reopens. */
  reopened: string[];
  /** Of a preview that found differences: what it compared with (storedCardDigest), for the apply's `expect`. */
  digest?: string;
}

/** The import refused because cells it read changed before it could write, or since the preview it expects: nothing was written. */
export type ImportConflict = { ok: false; kind: "conflict"; message: string };

/** Thrown inside the import's transaction to undo it: a cell was no longer at the version read. */
class CellChangedSinceRead extends Error {}

export const importCard = defineCommand({
  name: "card.import",
  doing: "importing a card",
  // An import can overwrite reviewers' and approvers' judgements wholesale.
  role: "ADMIN",
  schema: cardSchema,
  audit: ["card.import", "card.reimport", CARD_CELL_AUDIT],
  async run(
    db,
    actor,
    incoming,
    options: { apply?: boolean; expect?: string } = {},
  ): Promise<ImportReport | ImportConflict | { ok: false; kind: "invalid"; message: string }> {
    const expected = options.expect === undefined ? null : parseDigest(options.expect);
    if (expected === undefined)
      return {
        ok: false,
        kind: "invalid",
        message: `--expect ${JSON.stringify(options.expect)} is not a digest a preview printed (riskledger card import without --apply prints one)`,
      };
    let readVersions = new Map<string, number>();
    try {
      // On SQLite, the write lock is taken at the first write, not as the transaction begins: a reviewer's
      // save during the seconds of reading lands, and the catch below answers it as a conflict.
      return await deferredWriteLock.run(true, () =>
        db.$transaction(
          async (tx) => {
            // Read first: what the card is compared with is at these versions or newer.
            readVersions = await cellVersions(tx, incoming.model.slug);
            const stored = await cardFromDb(tx, incoming.model.slug);
            const source = stored ? withoutWrittenBaseModel(incoming, stored, await baseOf(tx, incoming.model.slug)) : incoming;
            // Against every stored cell, retired rows' too: a card that brings a row back finds its approvals.
            const { card, inReview, reopened } = withApprovalsInReview(source, stored ? await allCardCellsFromDb(tx, incoming.model.slug) : []);
            const differences = stored ? diffCards(stored, card) : [];
            const base = {
              ok: true as const,
              slug: card.model.slug,
              differences,
              counts: countsOf(card),
              retired: [],
              restored: [],
              approvalsInReview: inReview,
              reopened,
            };

            if (stored && differences.length === 0) return { ...base, outcome: "unchanged" };
            const hash = storedCardHash(stored, readVersions);
            if (stored && !options.apply) {
              const digest = `${Date.now().toString(36)}-${hash}`;
              return { ...base, ...(await rowsTheCardMoves(tx, card)), outcome: "differences-reported", digest };
            }
            if (expected && expected.hash !== hash) {
              const changed = await describeChangedCells(
                tx,
                await tx.cell.findMany({
                  where: { risk: { model: { slug: incoming.model.slug } }, updatedAt: { gt: expected.previewedAt } },
                  select: { id: true },
                }),
              );
              return {
                ok: false as const,
                kind: "conflict" as const,
                message: `${changed.length > 0 ? changed.join("; ") : "The stored card (its model, risks, uses or mitigations) changed"} since the import was previewed: nothing was imported; preview it again to see the differences`,
              };
            }

            const { modelId, retired, restored } = await writeCard(tx, card, actor, readVersions);
            await recordAuditEvent(tx, actor, {
              action: stored ? "card.reimport" : "card.import",
              entityType: "Model",
              entityId: modelId,
              before: stored ? { differences: differences.map((d) => ({ where: d.where, value: d.stored })) } : undefined,
              after: {
                ...(stored ? { differences: differences.map((d) => ({ where: d.where, value: d.incoming })), retired, restored } : base.counts),
                approvalsInReview: inReview,
                reopened,
              },
            });
            return { ...base, retired, restored, outcome: stored ? "applied" : "created" };
          },
          { timeout: 60_000 },
        ),
      );
    } catch (error) {
      // SQLite refuses the first write of a transaction whose reads another connection's write has
      // since outdated (a busy error): the same situation, found before the version check.
      if (!(error instanceof CellChangedSinceRead) && !isTransientDatabaseError(error)) throw error;
      const changed = await cellsChangedSince(db, readVersions);
      if (changed.length === 0) throw error;
      return {
        ok: false,
        kind: "conflict",
        message: `${changed.join("; ")} while the card was being applied: nothing was imported; run the import again to see the differences`,
      };
    }
  },
});

/**
 * The stored card an import compared and the version of each stored cell it read, as 16 hex digits
 * of their sha256. A preview's digest is "<when, ms in base 36>-<this>": the time lets an apply that
 * finds the stored card moved name the cells saved since.
 */
function storedCardHash(stored: Card | null, readVersions: ReadonlyMap<string, number>): string {
  const versions = [...readVersions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify({ stored, versions })).digest("hex").slice(0, 16);
}

/** A preview's digest read back; undefined when it is not one. */
function parseDigest(digest: string): { previewedAt: Date; hash: string } | undefined {
  const parts = /^([0-9a-z]{1,9})-([0-9a-f]{16})$/.exec(digest);
  return parts ? { previewedAt: new Date(Number.parseInt(parts[1], 36)), hash: parts[2] } : undefined;
}

async function cellVersions(tx: DbTransaction, slug: string): Promise<Map<string, number>> {
  const cells = await tx.cell.findMany({ where: { risk: { model: { slug } } }, select: { id: true, version: true } });
  return new Map(cells.map((cell) => [cell.id, cell.version]));
}

/** Each cell no longer at the version read, described. */
async function cellsChangedSince(db: Db, readVersions: Map<string, number>): Promise<string[]> {
  const now = await db.cell.findMany({
    where: { id: { in: [...readVersions.keys()] } },
    select: { id: true, version: true },
  });
  return describeChangedCells(
    db,
    now.filter((cell) => cell.version !== readVersions.get(cell.id)),
  );
}

/** "R4×U2 was changed by Rita Reviewer (now version 2)" for each of these cells, in card order. */
async function describeChangedCells(db: Db | DbTransaction, cells: { id: string }[]): Promise<string[]> {
  const named = await db.cell.findMany({
    where: { id: { in: cells.map((cell) => cell.id) } },
    orderBy: [{ risk: { position: "asc" } }, { use: { position: "asc" } }],
    select: { id: true, version: true, risk: { select: { code: true } }, use: { select: { code: true } } },
  });
  return Promise.all(
    named.map(async (cell) => {
      const last = await db.auditEvent.findFirst({ where: { entityType: "Cell", entityId: cell.id }, orderBy: { at: "desc" }, select: { actorLabel: true } });
      return `${cellKeyLabel(cell.risk.code, cell.use.code)} was changed by ${last?.actorLabel ?? "someone"} (now version ${cell.version})`;
    }),
  );
}

function countsOf(card: Card) {
  return {
    risks: card.risks.length,
    uses: card.uses.length,
    cells: card.cells.length,
    mitigations: new Set(card.risks.flatMap((risk) => risk.mitigations)).size,
  };
}

/**
 * Makes the card's rows of the database hold exactly `card` for its model, review statuses included:
 * callers pass the card through `withApprovalsInReview` first. Risks and uses the card lacks are
 * retired, not deleted, so their cells, evidence and history stay; retired ones it lists are brought
 * back, with a not-assessed cell for every pair the card does not list. Returns the model id and the
 * codes retired and restored.
 */
export async function writeCard(
  tx: DbTransaction,
  card: Card,
  /** Whose card it is: the cells whose judgement it sets or changes are theirs, as an edit's are (separation of duties), and their changes are audited as theirs. */
  writtenBy: Actor,
  /** The version of each stored cell when the caller read it: a cell no longer at it is not written (CellChangedSinceRead). */
  readVersions: ReadonlyMap<string, number> = new Map(),
): Promise<{ modelId: string; retired: string[]; restored: string[] }> {
  const { slug, ...facts } = card.model;
  const model = await tx.model.upsert({
    where: { slug },
    create: { slug, ...facts, frontMatter: facts.frontMatter as object },
    update: { ...facts, frontMatter: facts.frontMatter as object },
  });

  const restoredUses: string[] = [];
  const useIds = new Map<string, string>();
  for (const [position, use] of card.uses.entries()) {
    const wanted = { position, ...use };
    const stored = await tx.use.findUnique({ where: { modelId_code: { modelId: model.id, code: use.code } } });
    if (!stored) {
      useIds.set(use.code, (await tx.use.create({ data: { modelId: model.id, ...wanted } })).id);
      continue;
    }
    if (stored.retiredAt) restoredUses.push(use.code);
    if (stored.retiredAt || !sameFields(stored, wanted))
      await tx.use.update({ where: { id: stored.id }, data: { ...wanted, retiredAt: null, version: { increment: 1 } } });
    useIds.set(use.code, stored.id);
  }
  const retiredUses = await retireMissing(
    tx.use,
    model.id,
    card.uses.map((use) => use.code),
  );

  const mitigationIds = new Map<string, string>();
  for (const text of new Set(card.risks.flatMap((risk) => risk.mitigations))) {
    const row = await tx.mitigation.upsert({
      where: { modelId_text: { modelId: model.id, text } },
      create: { modelId: model.id, text },
      update: {},
    });
    // A card that lists a retired mitigation again brings it back into force.
    if (row.retiredAt) await tx.mitigation.update({ where: { id: row.id }, data: { retiredAt: null, version: { increment: 1 } } });
    mitigationIds.set(text, row.id);
  }

  const restoredRisks: string[] = [];
  const riskIds = new Map<string, string>();
  for (const [position, risk] of card.risks.entries()) {
    const { mitigations, code, ...fields } = risk;
    const wanted = { position, ...fields };
    const stored = await tx.risk.findUnique({
      where: { modelId_code: { modelId: model.id, code } },
      include: { mitigations: { where: activeLinks, orderBy: { position: "asc" }, select: { mitigationId: true } } },
    });
    const row = stored ?? (await tx.risk.create({ data: { modelId: model.id, code, ...wanted } }));
    if (stored?.retiredAt) restoredRisks.push(code);
    // A risk's version guards its editor: a card that changes the risk must make a page opened before it stale.
    if (stored && (stored.retiredAt || !sameFields(stored, wanted)))
      await tx.risk.update({ where: { id: stored.id }, data: { ...wanted, retiredAt: null, version: { increment: 1 } } });
    riskIds.set(code, row.id);
    const links = mitigations.map((text) => mitigationIds.get(text)!);
    if (
      stored &&
      sameList(
        stored.mitigations.map((link) => link.mitigationId),
        links,
      )
    )
      continue;
    // A retired mitigation is not in the card: its links and the cells' statuses for it stay as they were.
    await tx.riskMitigation.deleteMany({ where: { riskId: row.id, ...activeLinks } });
    await tx.riskMitigation.createMany({ data: links.map((mitigationId, index) => ({ riskId: row.id, mitigationId, position: index })) });
  }
  const retiredRisks = await retireMissing(
    tx.risk,
    model.id,
    card.risks.map((risk) => risk.code),
  );
  await tx.mitigation.deleteMany({ where: { modelId: model.id, retiredAt: null, risks: { none: {} } } });

  for (const cell of card.cells) {
    const key = { riskId: riskIds.get(cell.risk)!, useId: useIds.get(cell.use)! };
    const existing = await tx.cell.findUnique({ where: { riskId_useId: key }, include: storedCellInclude });
    if (!existing) await createCell(tx, key, cell, mitigationIds, writtenBy);
    else await updateChangedCell(tx, existing.id, readVersions.get(existing.id) ?? existing.version, cardCellOf(existing), cell, mitigationIds, writtenBy);
  }
  await completeMatrix(tx, [...riskIds.values()], [...useIds.values()]);
  return { modelId: model.id, retired: [...retiredRisks, ...retiredUses], restored: [...restoredRisks, ...restoredUses] };
}

async function createCell(tx: DbTransaction, key: { riskId: string; useId: string }, cell: CardCell, mitigationIds: Map<string, string>, writtenBy: Actor) {
  const { risk: _risk, use: _use, mitigationStatus, ...fields } = cell;
  const row = await tx.cell.create({ data: { ...key, ...fields, judgementChangedById: writtenBy.id } });
  await writeMitigationStatuses(tx, row.id, mitigationStatus, mitigationIds);
}

/**
 * Writes what the card changes in a stored cell, and nothing when it changes nothing: the version
 * then stays, so a reviewer's open editor on it still saves. Its judgement changed (the editor's rule,
 * mitigation statuses included) makes the card's writer its last judge.
 */
async function updateChangedCell(
  tx: DbTransaction,
  cellId: string,
  readVersion: number,
  stored: CardCell,
  cell: CardCell,
  mitigationIds: Map<string, string>,
  writtenBy: Actor,
) {
  const judgementChanged = changedCardJudgement(stored, cell);
  if (judgementChanged.length === 0 && stored.reviewStatus === cell.reviewStatus) return;
  const before = await cellSnapshot(tx, cellId);
  const { risk: _risk, use: _use, mitigationStatus, ...fields } = cell;
  const { count } = await tx.cell.updateMany({
    where: { id: cellId, version: readVersion },
    data: { ...fields, ...(judgementChanged.length > 0 ? { judgementChangedById: writtenBy.id } : {}), version: { increment: 1 } },
  });
  if (count === 0) throw new CellChangedSinceRead();
  if (judgementChanged.includes("mitigationStatus")) await writeMitigationStatuses(tx, cellId, mitigationStatus, mitigationIds);
  const after = await cellSnapshot(tx, cellId);
  const diff = changedFields(comparableFields(before), comparableFields(after));
  await recordAuditEvent(tx, writtenBy, {
    action: CARD_CELL_AUDIT,
    entityType: "Cell",
    entityId: cellId,
    before: { version: before.version, ...diff.before },
    after: { version: after.version, ...diff.after },
  });
}

/** A retired mitigation is not in the card: the cell's status for it stays as it was. */
async function writeMitigationStatuses(tx: DbTransaction, cellId: string, statuses: CardCell["mitigationStatus"], mitigationIds: Map<string, string>) {
  await tx.cellMitigation.deleteMany({ where: { cellId, ...activeLinks } });
  await tx.cellMitigation.createMany({
    data: Object.entries(statuses).map(([text, status]) => ({ cellId, mitigationId: mitigationIds.get(text)!, status })),
  });
}

interface RetirableRows {
  findMany(args: { where: object; select: { code: true } }): Promise<{ code: string }[]>;
  updateMany(args: { where: object; data: { retiredAt: Date; version: { increment: number } } }): Promise<unknown>;
}

/**
 * What writeCard would retire (the model's risks and uses in force that the card lacks) and restore
 * (retired ones it lists), read without writing: an import without --apply reports them.
 */
/** The base model set in Riskledger for `slug`, which its exported card names in `base_model`; null without one. */
async function baseOf(tx: DbTransaction, slug: string): Promise<{ hubId: string | null; name: string } | null> {
  const model = await tx.model.findUnique({ where: { slug }, select: { baseModel: { select: { name: true, frontMatter: true } } } });
  return model?.baseModel ? { hubId: hubIdOf(model.baseModel.frontMatter), name: model.baseModel.name } : null;
}

async function rowsTheCardMoves(tx: DbTransaction, card: Card): Promise<{ retired: string[]; restored: string[] }> {
  const where = { model: { slug: card.model.slug } };
  const select = { code: true, retiredAt: true };
  const [risks, uses] = await Promise.all([tx.risk.findMany({ where, select }), tx.use.findMany({ where, select })]);
  const moves = (rows: { code: string; retiredAt: Date | null }[], listed: string[]) => ({
    retired: rows.filter((row) => !row.retiredAt && !listed.includes(row.code)).map((row) => row.code),
    restored: listed.filter((code) => rows.some((row) => row.code === code && row.retiredAt)),
  });
  const riskMoves = moves(
    risks,
    card.risks.map((risk) => risk.code),
  );
  const useMoves = moves(
    uses,
    card.uses.map((use) => use.code),
  );
  return { retired: [...riskMoves.retired, ...useMoves.retired], restored: [...riskMoves.restored, ...useMoves.restored] };
}

async function retireMissing(rows: RetirableRows, modelId: string, keep: string[]): Promise<string[]> {
  const where = { modelId, retiredAt: null, code: { notIn: keep } };
  const missing = await rows.findMany({ where, select: { code: true } });
  if (missing.length > 0) await rows.updateMany({ where, data: { retiredAt: new Date(), version: { increment: 1 } } });
  return missing.map((row) => row.code);
}

/** Whether the stored row already holds every field the card gives it. */
function sameFields(stored: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([field, value]) => stored[field] === value);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
