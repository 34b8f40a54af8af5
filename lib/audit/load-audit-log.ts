// The audit log of one model, newest first, with each entity named the way people know it
// (a cell as "R4×U2", a mitigation by its text). Values are never cut: each entry carries a
// readable summary, a short form of it for the table, and the full before and after.
// People are shown by name only to anyone but an admin (who sees emails and roles on the people
// page anyway): their email, role and account changes stay out of the page and the CSV.
import type { Actor } from "../auth/actor";
import { hasRole, withoutEmail } from "../auth/actor";
import type { Db } from "../db/types";
import { cellKeyLabel } from "../domain/cell-key";
import { actorLabelsContaining, auditLogWhere, type AuditLogFilter } from "./audit-log-filter";
import { describeCellChanges, jsonObject, type FieldChange } from "../matrix/describe-cell-changes";

export interface AuditLogEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  /** Field by field for cell edits; otherwise a short account of before and after. */
  changes: FieldChange[];
  /** The whole readable account of the change (never cut). */
  summary: string | null;
  /** The summary cut to SHORT_SUMMARY_LENGTH characters for the table; the full value is one click away. */
  shortSummary: string;
  /** The full recorded values as JSON, or null when none were recorded or the reader may not see them. */
  before: string | null;
  after: string | null;
}

export const SHORT_SUMMARY_LENGTH = 300;

/** Events on one page of the log; older ones are a page back. */
export const AUDIT_PAGE_SIZE = 200;

export interface AuditLogPage {
  entries: AuditLogEntry[];
  /** The last entry's id, for the page of older events (`before`); null when there are none. */
  olderBefore: string | null;
}

/** One page of the log: the newest AUDIT_PAGE_SIZE events, or those just older than the event `before`. */
export async function loadAuditLogPage(db: Db, reader: Actor, slug: string, filter: AuditLogFilter = {}, before?: string): Promise<AuditLogPage | null> {
  // One more than a page tells whether an older page exists.
  const entries = await loadAuditLog(db, reader, slug, filter, { limit: AUDIT_PAGE_SIZE + 1, before });
  if (!entries) return null;
  const page = entries.slice(0, AUDIT_PAGE_SIZE);
  return { entries: page, olderBefore: entries.length > AUDIT_PAGE_SIZE ? page[page.length - 1].id : null };
}

/**
 * The events, newest first (ties in time by id, so that paging neither repeats nor skips one), at
 * most `limit`, starting after the event `before` when it names one.
 */
export async function loadAuditLog(
  db: Db,
  reader: Actor,
  slug: string,
  filter: AuditLogFilter = {},
  { limit = AUDIT_PAGE_SIZE, before }: { limit?: number; before?: string } = {},
): Promise<AuditLogEntry[] | null> {
  const seesPeople = hasRole(reader, "ADMIN");
  const model = await db.model.findUnique({
    where: { slug },
    include: {
      risks: { select: { id: true, code: true, cells: { select: { id: true, risk: { select: { code: true } }, use: { select: { code: true } } } } } },
      mitigations: { select: { id: true, text: true } },
      campaigns: { select: { id: true, name: true } },
      releases: { select: { id: true, version: true } },
      uses: { select: { id: true, code: true } },
      imports: { select: { id: true, tool: true, fileName: true } },
    },
  });
  if (!model) return null;
  const cellNames = new Map(model.risks.flatMap((risk) => risk.cells).map((cell) => [cell.id, cellKeyLabel(cell.risk.code, cell.use.code)]));
  const mitigationNames = new Map(model.mitigations.map((m) => [m.id, m.text]));
  const mergedAway = await mergedAwayMitigations(db, new Set(mitigationNames.keys()));

  const campaignNames = new Map(model.campaigns.map((c) => [c.id, `campaign "${c.name}"`]));
  const releaseNames = new Map(model.releases.map((r) => [r.id, `release v${r.version}`]));
  // A use's deploy decisions and shape changes are audited on the use; a risk's shape changes on the risk.
  const useNames = new Map(model.uses.map((u) => [u.id, `use ${u.code}`]));
  const riskNames = new Map(model.risks.map((r) => [r.id, `risk ${r.code}`]));
  const overriddenRuns = await db.caseRun.findMany({
    where: { campaignId: { in: [...campaignNames.keys()] }, overrideById: { not: null } },
    select: { id: true, campaignId: true },
  });
  const runNames = new Map(overriddenRuns.map((run) => [run.id, `a case run of ${campaignNames.get(run.campaignId)}`]));
  const importNames = new Map(model.imports.map((row) => [row.id, `imported run "${row.fileName}" (${row.tool})`]));
  const overriddenResults = await db.externalResult.findMany({
    where: { importId: { in: [...importNames.keys()] }, overrideById: { not: null } },
    select: { id: true, importId: true },
  });
  const resultNames = new Map(overriddenResults.map((result) => [result.id, `a result of ${importNames.get(result.importId)}`]));
  const people = await db.user.findMany({ select: { id: true, name: true, email: true } });
  const personNames = new Map(people.map((p) => [p.id, p.name]));
  const otherNames = new Map<string, string>([
    ...campaignNames,
    ...releaseNames,
    ...useNames,
    ...riskNames,
    ...runNames,
    ...importNames,
    ...resultNames,
    ...people.map((p): [string, string] => [p.id, seesPeople ? `person ${p.name} <${p.email}>` : `person ${p.name}`]),
  ]);
  // Others find a person by name only: matching the recorded label would let them probe emails.
  const { person, ...rest } = filter;
  const labels = person ? await actorLabelsContaining(db, person) : undefined;
  const byPerson =
    person && !seesPeople
      ? {
          OR: [
            { actorId: { in: people.filter((p) => p.name.toLowerCase().includes(person.toLowerCase())).map((p) => p.id) } },
            { actorId: null, actorLabel: { in: labels } },
          ],
        }
      : {};

  const start = before ? await db.auditEvent.findUnique({ where: { id: before }, select: { id: true, at: true } }) : null;
  const olderThanStart = start ? { OR: [{ at: { lt: start.at } }, { at: start.at, id: { lt: start.id } }] } : {};

  const events = await db.auditEvent.findMany({
    where: {
      AND: [
        auditLogWhere(rest, seesPeople ? labels : undefined),
        byPerson,
        olderThanStart,
        {
          OR: [
            { entityType: "Model", entityId: model.id },
            { entityType: "Cell", entityId: { in: [...cellNames.keys()] } },
            // A merged mitigation is gone from the table; its merge event is kept under the kept one.
            { entityType: "Mitigation", entityId: { in: [...mitigationNames.keys(), ...mergedAway.keys()] } },
            { entityType: "Campaign", entityId: { in: [...campaignNames.keys()] } },
            { entityType: "CaseRun", entityId: { in: [...runNames.keys()] } },
            { entityType: "CardRelease", entityId: { in: [...releaseNames.keys()] } },
            { entityType: "Use", entityId: { in: [...useNames.keys()] } },
            { entityType: "Risk", entityId: { in: [...riskNames.keys()] } },
            { entityType: "ExternalImport", entityId: { in: [...importNames.keys()] } },
            { entityType: "ExternalResult", entityId: { in: [...resultNames.keys()] } },
            // People and roles, and the mapping of other tools' results to risks, belong to the whole install; every model's log shows them.
            { entityType: "User" },
            { entityType: "RiskMapping" },
          ],
        },
      ],
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
  });
  const names = new Map([...mitigationNames, ...personNames]);

  return events.map((event) => {
    // A cell's edits read field by field; evidence written to it reads as the other events do.
    const isCell = event.entityType === "Cell" && event.action !== "evidence.write";
    // An account's details (email, role, sign-in) are the people page's, which is an admin's.
    const hidden = event.entityType === "User" && !seesPeople;
    const changes = isCell ? describeCellChanges(jsonObject(event.before), jsonObject(event.after), names) : [];
    const summary = isCell || hidden ? null : summarize(event.action, jsonObject(event.before), jsonObject(event.after));
    const full = [summary, ...changes.map((c) => `${c.field}: ${c.before} -> ${c.after}`)].filter(Boolean).join("; ");
    return {
      id: event.id,
      at: event.at.toISOString(),
      actor: seesPeople ? event.actorLabel : ((event.actorId && personNames.get(event.actorId)) ?? withoutEmail(event.actorLabel)),
      action: event.action,
      entity:
        event.entityType === "Cell"
          ? `cell ${cellNames.get(event.entityId)}`
          : event.entityType === "Mitigation"
            ? mitigationName(event.entityId)
            : event.entityType === "RiskMapping"
              ? `risk mapping ${event.entityId}`
              : (otherNames.get(event.entityId) ?? model.name),
      changes,
      summary,
      shortSummary: full.length > SHORT_SUMMARY_LENGTH ? `${full.slice(0, SHORT_SUMMARY_LENGTH)}…` : full,
      before: hidden || event.before === null ? null : JSON.stringify(event.before, null, 2),
      after: hidden || event.after === null ? null : JSON.stringify(event.after, null, 2),
    };
  });

  function mitigationName(id: string): string {
    const current = mitigationNames.get(id);
    if (current !== undefined) return `mitigation "${current}"`;
    const gone = mergedAway.get(id)!;
    return `mitigation "${gone.text}" (merged into "${mitigationNames.get(gone.into) ?? mergedAway.get(gone.into)?.text}")`;
  }
}

/**
 * Mitigations merged away into one of `current` (or into one merged away in turn), by id, with
 * their last text and the one they went into: a merge deletes the row, so only its merge event
 * still knows the id, and the merged one's own history is found through it.
 */
async function mergedAwayMitigations(db: Db, current: Set<string>): Promise<Map<string, { text: string; into: string }>> {
  const merges = await db.auditEvent.findMany({ where: { entityType: "Mitigation", action: "mitigation.merge" }, select: { entityId: true, before: true } });
  const found = new Map<string, { text: string; into: string }>();
  let frontier = new Set(current);
  while (frontier.size > 0) {
    const next = new Set<string>();
    for (const merge of merges) {
      if (!frontier.has(merge.entityId)) continue;
      const merged = jsonObject(jsonObject(merge.before).merged);
      const id = typeof merged.id === "string" ? merged.id : null;
      if (!id || current.has(id) || found.has(id)) continue;
      found.set(id, { text: String(merged.text ?? id), into: merge.entityId });
      next.add(id);
    }
    frontier = next;
  }
  return found;
}

/** A recorded label ("Name <email>", see userLabel) as others may read it: the name. */
function summarize(action: string, before: Record<string, unknown>, after: Record<string, unknown>): string | null {
  if (action === "mitigation.merge") {
    const merged = jsonObject(before.merged);
    return `merged "${merged.text}" into this one; it now covers ${(jsonObject(after.kept).risks as string[] | undefined)?.join(", ") ?? "—"}`;
  }
  if (action === "mitigation.edit") return `"${before.text}" → "${after.text}"`;
  const keys = Object.keys(after);
  return keys.length > 0 ? keys.map((key) => `${key}: ${JSON.stringify(after[key])}`).join(", ") : null;
}
