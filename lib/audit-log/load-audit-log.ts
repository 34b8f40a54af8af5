// The audit log of one model, newest first, with each entity named the way people know it
// (a cell as "R4 × U2", a mitigation by its text).
import type { Db } from "../db/types";
import { auditLogWhere, type AuditLogFilter } from "./audit-log-filter";
import { describeCellChanges, jsonObject, type FieldChange } from "../matrix/describe-cell-changes";

export interface AuditLogEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  /** Field by field for cell edits; otherwise a short account of before and after. */
  changes: FieldChange[];
  summary: string | null;
}

export async function loadAuditLog(db: Db, slug: string, filter: AuditLogFilter = {}, limit = 200): Promise<AuditLogEntry[] | null> {
  const model = await db.model.findUnique({
    where: { slug },
    include: {
      risks: { select: { cells: { select: { id: true, risk: { select: { code: true } }, use: { select: { code: true } } } } } },
      mitigations: { select: { id: true, text: true } },
      campaigns: { select: { id: true, name: true } },
      releases: { select: { id: true, version: true } },
    },
  });
  if (!model) return null;
  const cellNames = new Map(model.risks.flatMap((risk) => risk.cells).map((cell) => [cell.id, `${cell.risk.code} × ${cell.use.code}`]));
  const mitigationNames = new Map(model.mitigations.map((m) => [m.id, m.text]));

  const campaignNames = new Map(model.campaigns.map((c) => [c.id, `campaign "${c.name}"`]));
  const releaseNames = new Map(model.releases.map((r) => [r.id, `release v${r.version}`]));
  const overriddenRuns = await db.caseRun.findMany({
    where: { campaignId: { in: [...campaignNames.keys()] }, overrideById: { not: null } },
    select: { id: true, campaignId: true },
  });
  const runNames = new Map(overriddenRuns.map((run) => [run.id, `a case run of ${campaignNames.get(run.campaignId)}`]));
  const personNames = await db.user.findMany({ select: { id: true, name: true, email: true } });
  const otherNames = new Map<string, string>([
    ...campaignNames,
    ...releaseNames,
    ...runNames,
    ...personNames.map((p): [string, string] => [p.id, `person ${p.name} <${p.email}>`]),
  ]);

  const events = await db.auditEvent.findMany({
    where: {
      AND: [
        auditLogWhere(filter),
        {
          OR: [
            { entityType: "Model", entityId: model.id },
            { entityType: "Cell", entityId: { in: [...cellNames.keys()] } },
            // A merged mitigation is gone from the table; its merge event is kept under the kept one.
            { entityType: "Mitigation", entityId: { in: [...mitigationNames.keys()] } },
            { entityType: "Campaign", entityId: { in: [...campaignNames.keys()] } },
            { entityType: "CaseRun", entityId: { in: [...runNames.keys()] } },
            { entityType: "CardRelease", entityId: { in: [...releaseNames.keys()] } },
            // People and roles belong to the whole install; every model's log shows them.
            { entityType: "User" },
          ],
        },
      ],
    },
    orderBy: { at: "desc" },
    take: limit,
  });
  const names = new Map([...mitigationNames, ...(await userNames(db))]);

  return events.map((event) => {
    const isCell = event.entityType === "Cell";
    return {
      id: event.id,
      at: event.at.toISOString(),
      actor: event.actorLabel,
      action: event.action,
      entity: isCell
        ? `cell ${cellNames.get(event.entityId)}`
        : event.entityType === "Mitigation"
          ? `mitigation "${mitigationNames.get(event.entityId)}"`
          : (otherNames.get(event.entityId) ?? model.name),
      changes: isCell ? describeCellChanges(jsonObject(event.before), jsonObject(event.after), names) : [],
      summary: isCell ? null : summarize(event.action, jsonObject(event.before), jsonObject(event.after)),
    };
  });
}

function summarize(action: string, before: Record<string, unknown>, after: Record<string, unknown>): string | null {
  if (action === "mitigation.merge") {
    const merged = jsonObject(before.merged);
    return `merged "${merged.text}" into this one; it now covers ${(jsonObject(after.kept).risks as string[] | undefined)?.join(", ") ?? "—"}`;
  }
  if (action === "mitigation.edit") return `"${before.text}" → "${after.text}"`;
  const keys = Object.keys(after);
  return keys.length > 0 ? keys.map((key) => `${key}: ${JSON.stringify(after[key])}`).join(", ").slice(0, 300) : null;
}

async function userNames(db: Db): Promise<Map<string, string>> {
  const users = await db.user.findMany({ select: { id: true, name: true } });
  return new Map(users.map((user) => [user.id, user.name]));
}

