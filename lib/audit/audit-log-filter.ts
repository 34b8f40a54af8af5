// Which audit events to show: by kind of entity, by person (part of the name or email the event
// was recorded under) and by day range. Read from the page's query string and the CSV route's;
// a value that does not parse is dropped, so a hostile query string filters nothing instead of
// failing the page.
import { z } from "zod";
import type { Db } from "../db/types";

export const AUDIT_ENTITY_TYPES = [
  "Cell",
  "Mitigation",
  "Model",
  "Campaign",
  "CaseRun",
  "ExternalImport",
  "ExternalResult",
  "RiskMapping",
  "CardRelease",
  "User",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

const day = z.iso.date();

export const auditLogFilterSchema = z.object({
  entity: z.enum(AUDIT_ENTITY_TYPES).optional().catch(undefined),
  person: z.string().trim().min(1).max(200).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
});

export type AuditLogFilter = z.infer<typeof auditLogFilterSchema>;

type QueryParams = URLSearchParams | Record<string, string | string[] | undefined>;

function queryValue(params: QueryParams, key: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(key) : params[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" || first === null ? undefined : first;
}

/** The filter in URL query parameters, or an empty object. */
export function parseAuditLogFilter(params: QueryParams): AuditLogFilter {
  const get = (key: string) => queryValue(params, key);
  return auditLogFilterSchema.parse({ entity: get("entity"), person: get("person"), from: get("from"), to: get("to") });
}

const eventIdSchema = z.string().min(1).max(100).optional().catch(undefined);

/** The page's `before`: the id of the event the page of older events follows; none for the newest. */
export function parseAuditLogBefore(params: QueryParams): string | undefined {
  return eventIdSchema.parse(queryValue(params, "before"));
}

/** The same filter as a query string (for the CSV link and the pages), without empty values. */
export function auditLogQuery(filter: AuditLogFilter & { before?: string }): string {
  const params = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const query = params.toString();
  return query ? `?${query}` : "";
}

/**
 * Prisma's where clause for the filter; `to` includes the whole of that day (UTC). The person filter
 * is applied as the recorded actor labels it matches (actorLabelsContaining), found beforehand.
 */
export function auditLogWhere(filter: Omit<AuditLogFilter, "person">, actorLabels?: string[]) {
  const at: { gte?: Date; lt?: Date } = {};
  if (filter.from) at.gte = new Date(`${filter.from}T00:00:00.000Z`);
  if (filter.to) at.lt = new Date(new Date(`${filter.to}T00:00:00.000Z`).getTime() + 24 * 60 * 60 * 1000);
  return {
    ...(filter.entity ? { entityType: filter.entity } : {}),
    ...(actorLabels ? { actorLabel: { in: actorLabels } } : {}),
    ...(filter.from || filter.to ? { at } : {}),
  };
}

/**
 * The recorded actor labels that hold `text`, ignoring case, matched as text. Prisma's `contains` is a
 * LIKE that reads % and _ in the text as wildcards (and ignores case on SQLite only), so `_` would
 * match every label; the labels are few (one per person and per kind of worker), so they are read
 * and matched here instead.
 */
export async function actorLabelsContaining(db: Db, text: string): Promise<string[]> {
  const labels = await db.auditEvent.findMany({ distinct: ["actorLabel"], select: { actorLabel: true } });
  const wanted = text.toLowerCase();
  return labels.map((row) => row.actorLabel).filter((label) => label.toLowerCase().includes(wanted));
}
