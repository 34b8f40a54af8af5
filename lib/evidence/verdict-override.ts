// One rule for overriding a verdict, whichever source the verdict is in (a campaign's case run, a
// result imported from another tool). A reviewer who reads the output and disagrees proposes
// another verdict with a reason; the proposal counts for nothing until a second person (a reviewer
// or approver other than its author) confirms it. The source's own verdict always stays stored
// beside it. Confirming (or replacing or taking back a confirmed override) recounts that row's own
// cells of the source's evidence in place: never which source is a cell's current evidence, nor its
// date, so an override in an old campaign never makes it current again (current-evidence.ts).
// Every step is in the audit log. Each source is a thin adapter (OverrideSource) over this rule.
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";
import type { DbTransaction } from "../db/types";
import type { Verdict } from "../domain/verdicts";
import { freeText } from "../domain/free-text";
import { recordId } from "../domain/record-id";

/** null takes the override back: the source's own verdict counts again. */
const overrideVerdictSchema = z.enum(["PASS", "FAIL"], { error: "choose the verdict that should count: pass or fail" }).nullable();
const overrideReasonSchema = freeText("the reason").trim().min(3, "say why the verdict is wrong").max(2000);
const rowIdSchema = recordId("the result's id");
const proposal = z.object({ verdict: overrideVerdictSchema, reason: overrideReasonSchema });

export type OverrideResult =
  | { ok: true; pending: boolean }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "not_finished" | "conflict"; message: string };

/** A row whose verdict can be overridden, as the rule reads it. */
export interface OverriddenRow {
  verdict: Verdict | null;
  overrideVerdict: Verdict | null;
  overrideReason: string | null;
  overrideById: string | null;
  overrideConfirmedAt: Date | null;
  /** Why this row's verdict cannot be overridden yet (a run still running), if so. */
  notFinished?: string;
  /** Whether the source has written evidence a counted override must be recounted into. */
  hasEvidence: boolean;
}

/** The override columns, the same on every source's row. */
export interface OverrideColumns {
  overrideVerdict?: Verdict | null;
  overrideReason?: string | null;
  overrideById?: string | null;
  overrideAt?: Date | null;
  overrideConfirmedById?: string | null;
  overrideConfirmedAt?: Date | null;
}

/**
 * The override as a command read it. Its write is guarded by it: under PostgreSQL's READ COMMITTED,
 * a proposal replaced between the read and the write (the confirmer's own, say) would otherwise be
 * the one confirmed, by its own author or by someone who never saw it.
 */
export type ReadOverride = Pick<OverriddenRow, "overrideVerdict" | "overrideById" | "overrideConfirmedAt">;

/** The where clause of a guarded write: the row, with its override as it was read. */
export function unchangedOverride(id: string, { overrideVerdict, overrideById, overrideConfirmedAt }: ReadOverride) {
  return { id, overrideVerdict, overrideById, overrideConfirmedAt };
}

/** What differs between sources: where the row is, what it is called, and how its evidence is recounted. */
export interface OverrideSource<IdField extends string> {
  /** Prefix of the commands' names and audit actions: "case-run" gives "case-run.override" and "case-run.override-proposed". */
  name: string;
  /** The input field that names the row: "caseRunId". */
  idField: IdField;
  /** The audited entity: "CaseRun". */
  entityType: string;
  /** The row as a refusal names it: "case run". */
  noun: string;
  /** What the caller was doing, as a role refusal says it. */
  doing: { propose: string; confirm: string };
  read(tx: DbTransaction, id: string): Promise<OverriddenRow | null>;
  /** Writes `columns` if the row's override is still `read` as read; false when another write changed it since. */
  write(tx: DbTransaction, id: string, read: ReadOverride, columns: OverrideColumns): Promise<boolean>;
  /** Recounts the row's own cells of the source's evidence, in place. */
  recount(tx: DbTransaction, id: string): Promise<void>;
}

/** The propose and confirm commands of one source, of one shape for every source. */
export function defineOverrideCommands<IdField extends string>(source: OverrideSource<IdField>) {
  const rowId = { [source.idField]: rowIdSchema } as Record<IdField, typeof rowIdSchema>;
  // zod cannot infer an object type whose key is a type parameter: the parsed input is typed by hand.
  const proposeSchema = z.object(rowId).extend(proposal.shape) as unknown as z.ZodType<Record<IdField, string> & z.output<typeof proposal>>;
  const confirmSchema = z.object(rowId) as unknown as z.ZodType<Record<IdField, string>>;
  const notFound = (id: string) => ({ ok: false, kind: "not_found", message: `no ${source.noun} ${id}` }) as const;
  const changedMeanwhile = {
    ok: false,
    kind: "conflict",
    message: `the override on this ${source.noun} changed while you were saving: read it again`,
  } as const;

  const propose = defineCommand({
    name: `${source.name}.override`,
    doing: source.doing.propose,
    role: "REVIEWER",
    schema: proposeSchema,
    audit: [`${source.name}.override-proposed`, `${source.name}.override-withdrawn`],
    async run(db, actor, input): Promise<OverrideResult> {
      const id = input[source.idField];
      const { verdict, reason } = input;
      return db.$transaction(async (tx) => {
        const row = await source.read(tx, id);
        if (!row) return notFound(id);
        if (row.notFinished) return { ok: false, kind: "not_finished", message: row.notFinished } as const;
        const written = await source.write(tx, id, row, {
          overrideVerdict: verdict,
          overrideReason: verdict ? reason : null,
          overrideById: verdict ? actor.id : null,
          overrideAt: verdict ? new Date() : null,
          overrideConfirmedById: null,
          overrideConfirmedAt: null,
        });
        if (!written) return changedMeanwhile;
        await recordAuditEvent(tx, actor, {
          action: `${source.name}.${verdict ? "override-proposed" : "override-withdrawn"}`,
          entityType: source.entityType,
          entityId: id,
          before: {
            verdict: row.verdict,
            overrideVerdict: row.overrideVerdict,
            overrideReason: row.overrideReason,
            confirmed: row.overrideConfirmedAt !== null,
          },
          after: { verdict: row.verdict, overrideVerdict: verdict, overrideReason: verdict ? reason : null, reason, confirmed: false },
        });
        // Only a confirmed override was counted: replacing or withdrawing one recounts its cells.
        if (row.overrideConfirmedAt && row.hasEvidence) await source.recount(tx, id);
        return { ok: true, pending: verdict !== null } as const;
      });
    },
  });

  /** A second person confirms a proposed override; from then on it counts. */
  const confirm = defineCommand({
    name: `${source.name}.confirm-override`,
    doing: source.doing.confirm,
    role: "REVIEWER",
    schema: confirmSchema,
    audit: [`${source.name}.override-confirmed`],
    async run(db, actor, input): Promise<OverrideResult> {
      const id = input[source.idField];
      return db.$transaction(async (tx) => {
        const row = await source.read(tx, id);
        if (!row) return notFound(id);
        if (!row.overrideVerdict) return { ok: false, kind: "conflict", message: `there is no proposed override on this ${source.noun} to confirm` } as const;
        if (row.overrideConfirmedAt) return { ok: false, kind: "conflict", message: "this override is already confirmed" } as const;
        if (actor.id === null || row.overrideById === actor.id) {
          return { ok: false, kind: "forbidden", message: "you proposed this override: a second reviewer or approver must confirm it" } as const;
        }
        if (!(await source.write(tx, id, row, { overrideConfirmedById: actor.id, overrideConfirmedAt: new Date() }))) return changedMeanwhile;
        await recordAuditEvent(tx, actor, {
          action: `${source.name}.override-confirmed`,
          entityType: source.entityType,
          entityId: id,
          before: { verdict: row.verdict, overrideVerdict: row.overrideVerdict, confirmed: false },
          after: { verdict: row.verdict, overrideVerdict: row.overrideVerdict, overrideReason: row.overrideReason, confirmed: true },
        });
        if (row.hasEvidence) await source.recount(tx, id);
        return { ok: true, pending: false } as const;
      });
    },
  });

  return { propose, confirm };
}
