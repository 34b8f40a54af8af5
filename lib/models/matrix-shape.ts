// What adding, editing, moving and retiring risks and uses share: a new row's code is the next
// number after every code the model ever used (retired ones included, so a code never names two
// things), each change is guarded by the row's version as a cell is, and the matrix grows by one
// not-assessed cell per new risk x use pair.
import type { DbTransaction } from "../db/types";
import { namedEnum } from "../domain/named-enum";

export type ShapeRefusal =
  | { ok: false; kind: "not_found"; message: string }
  | { ok: false; kind: "conflict"; message: string; version: number }
  | { ok: false; kind: "invalid"; message: string; issues: { path: string; message: string }[] };

/** Which way a move takes a risk, a use or a mitigation in its list. */
export const moveDirection = namedEnum("the direction", ["up", "down"]);

/** "R15" after R1..R14. */
export function nextCode(prefix: "R" | "U", codes: string[]): string {
  const numbers = codes.map((code) => Number(code.slice(1))).filter(Number.isFinite);
  return `${prefix}${Math.max(0, ...numbers) + 1}`;
}

/**
 * The refusal of a change made on a stale page. It carries the row's current version, which the form
 * takes, so that once the refusal has shown the other person's change (`changed`: what the row now
 * holds that the edit would write over) saving again goes through.
 */
export function conflict(what: string, version: number, label: string | null, changed: string[] = []): ShapeRefusal {
  const theirs = changed.length > 0 ? `: ${changed.join("; ")}` : "";
  return {
    ok: false,
    kind: "conflict",
    message: `${what} was changed by ${label ?? "someone"} while you were editing (now version ${version})${theirs}. Nothing was saved; review their change and try again.`,
    version,
  };
}

/** "its title is now \"…\"" for each field whose stored value differs from what the edit would write. */
export function fieldsNow<Fields extends Record<string, string>>(stored: Fields, edit: Fields, names: Record<keyof Fields, string>): string[] {
  return (Object.keys(names) as (keyof Fields)[])
    .filter((field) => stored[field] !== edit[field])
    .map((field) => `its ${names[field]} is now "${stored[field]}"`);
}

/** Who last changed the entity, for the conflict message. */
export async function lastChangedBy(tx: DbTransaction, entityType: string, entityId: string): Promise<string | null> {
  const last = await tx.auditEvent.findFirst({ where: { entityType, entityId }, orderBy: { at: "desc" }, select: { actorLabel: true } });
  return last?.actorLabel ?? null;
}

/** Creates the not-assessed cells a new row brings: one per active counterpart. */
export async function growMatrix(tx: DbTransaction, pairs: { riskId: string; useId: string }[]): Promise<number> {
  if (pairs.length === 0) return 0;
  const created = await tx.cell.createMany({ data: pairs });
  return created.count;
}

/**
 * Creates a not-assessed cell for each pair of these risks and uses that has none: a risk added
 * while a use was retired has no cell for it, nor has a use added while a risk was, and a card that
 * brings the retired row back need not list the pair.
 */
export async function completeMatrix(tx: DbTransaction, riskIds: string[], useIds: string[]): Promise<number> {
  const existing = await tx.cell.findMany({ where: { riskId: { in: riskIds }, useId: { in: useIds } }, select: { riskId: true, useId: true } });
  const present = new Set(existing.map((cell) => `${cell.riskId} ${cell.useId}`));
  return growMatrix(
    tx,
    riskIds.flatMap((riskId) => useIds.filter((useId) => !present.has(`${riskId} ${useId}`)).map((useId) => ({ riskId, useId }))),
  );
}
